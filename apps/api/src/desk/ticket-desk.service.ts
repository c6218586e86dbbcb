import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { withRetry } from '../database/transaction-retry.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import { DeskRepository } from './desk.repository.js';
import { type DeskTicketDto, toDeskTicketDto } from './dto/desk-ticket.dto.js';
import { officeInstant } from '../common/time/office-instant.js';
import { assertTransition, type DeskAction } from './ticket-transitions.js';

interface Changed {
  ticket: Ticket;
  office: Office;
  counterName: string | null;
  /** Set for a recall: what the displays announce again. */
  recalledAt?: Date;
}

/**
 * What happens to a called ticket at the counter: recall, start, complete, no-show, transfer.
 * Each is one transaction on the locked ticket, checked against the TRANSITIONS table, with a
 * ticket_events row; the displays hear of it after the commit.
 */
@Injectable()
export class TicketDeskService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: DeskRepository,
    private readonly clock: Clock,
    private readonly notifier: QueueNotifier,
  ) {}

  /** Calls the ticket again; once the office's recalls are used up, a recall makes it a no-show. */
  recall(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'recall', async (manager, ticket, office, at) => {
      if (ticket.recallCount >= office.autoNoShowAfterRecalls) {
        await manager.update(Ticket, ticket.id, { status: 'no_show', completedAt: at });
        return { type: 'no_show', details: { automatic: true, recalls: ticket.recallCount } };
      }
      await manager.update(Ticket, ticket.id, { recallCount: ticket.recallCount + 1 });
      return { type: 'recalled', details: { recall: ticket.recallCount + 1 }, recalled: true };
    });
  }

  start(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'start', async (manager, ticket, _office, at) => {
      await manager.update(Ticket, ticket.id, { status: 'serving', startedAt: at });
      return { type: 'started' };
    });
  }

  complete(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'complete', async (manager, ticket, _office, at) => {
      await manager.update(Ticket, ticket.id, { status: 'done', completedAt: at });
      return { type: 'completed' };
    });
  }

  noShow(actor: AuthenticatedUser, ticketId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'no_show', async (manager, ticket, _office, at) => {
      await manager.update(Ticket, ticket.id, { status: 'no_show', completedAt: at });
      return { type: 'no_show', details: { automatic: false, recalls: ticket.recallCount } };
    });
  }

  /**
   * Back to the waiting line of another service of the office, keeping queuedAt: the person keeps
   * their place and is called before those who arrived later in the target service.
   */
  transfer(actor: AuthenticatedUser, ticketId: string, serviceId: string): Promise<DeskTicketDto> {
    return this.change(actor, ticketId, 'transfer', async (manager, ticket) => {
      const target = await manager.findOneBy(ServiceEntity, { id: serviceId });
      if (!target || target.officeId !== ticket.officeId || !target.active) {
        throw new ApiException(ErrorCode.SERVICE_NOT_IN_OFFICE, 'A ticket can only be transferred to an active service of its own office', [
          { field: 'serviceId', messages: ['not an active service of this office'] },
        ]);
      }
      if (target.id === ticket.serviceId) throw ApiException.validation([{ field: 'serviceId', messages: ['the ticket is already in this service'] }]);
      await manager.update(Ticket, ticket.id, { serviceId: target.id, status: 'waiting', calledAt: null, startedAt: null, counterId: null, agentId: null, recallCount: 0 });
      return { type: 'transferred', details: { transferredFrom: ticket.serviceId, transferredTo: target.id, fromStatus: ticket.status } };
    });
  }

  private async change(
    actor: AuthenticatedUser,
    ticketId: string,
    action: DeskAction,
    apply: (manager: EntityManager, ticket: Ticket, office: Office, at: Date) => Promise<{ type: string; details?: Record<string, unknown>; recalled?: boolean }>,
  ): Promise<DeskTicketDto> {
    const changed = await withRetry(() =>
      this.db.transaction(async (manager): Promise<Changed> => {
        const ticket = await this.repo.lockTicket(manager, ticketId);
        if (!ticket) throw ApiException.notFound(ErrorCode.TICKET_NOT_FOUND, 'Ticket');
        assertOfficeAccess(actor, ticket.officeId);
        assertTransition(action, ticket.status);
        const office = await manager.findOneByOrFail(Office, { id: ticket.officeId });
        const at = this.clock.now().toJSDate();
        const counterId = ticket.counterId;
        const event = await apply(manager, ticket, office, at);
        await this.repo.recordEvent(manager, { ticketId, officeId: office.id, type: event.type, at, counterId, agentId: actor.id, details: { from: ticket.status, ...event.details } });
        const updated = await manager.findOneByOrFail(Ticket, { id: ticketId });
        return { ticket: updated, office, counterName: await this.repo.counterName(manager, counterId), ...(event.recalled ? { recalledAt: at } : {}) };
      }),
    );
    const { ticket, office, counterName } = changed;
    if (changed.recalledAt && counterName) {
      this.notifier.called(office.id, { number: ticket.number, counter: counterName, calledAt: officeInstant(changed.recalledAt, office.timeZone), recall: true }, ticket.trackingCode);
    } else {
      this.notifier.changed(office.id, [ticket.trackingCode]);
    }
    return toDeskTicketDto(ticket, office.timeZone, counterName);
  }
}
