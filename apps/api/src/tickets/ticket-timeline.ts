import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface TicketEventInput {
  ticket: { id: string; officeId: string };
  /** issued, checked_in, more_time, called, recalled, started, completed, no_show, transferred… */
  type: string;
  at: Date;
  counterId?: string | null;
  agentId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Writes a ticket's timeline (ticket_events), in the caller's transaction so the step and its record commit together. */
@Injectable()
export class TicketTimeline {
  async record(manager: EntityManager, event: TicketEventInput): Promise<void> {
    await manager.query(
      `INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [event.ticket.id, event.ticket.officeId, event.type, event.at, event.counterId ?? null, event.agentId ?? null, event.details ? JSON.stringify(event.details) : null],
    );
  }
}
