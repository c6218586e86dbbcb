import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PerKeyCoalescer } from './coalescer.js';
import { DisplayGateway } from './display.gateway.js';
import { QueueEvents, type TicketCalledEvent } from './queue-events.js';
import { StaffGateway } from './staff.gateway.js';
import { TurnsGateway } from './turns.gateway.js';
import { notedDatabaseOutage } from '../database/database-errors.js';

/** At most ~4 `queue.changed` per office and second from one instance. */
export const QUEUE_CHANGED_INTERVAL_MS = 250;

/**
 * QueueEvents over socket.io: each call becomes a broadcast to a room, which the Redis adapter
 * carries to the clients of every API instance. Never throws into the caller (a committed queue
 * change must not fail because a screen is unreachable); failures are logged without payloads.
 */
@Injectable()
export class SocketQueueEvents extends QueueEvents implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueEvents');
  private readonly queueChanges = new PerKeyCoalescer(QUEUE_CHANGED_INTERVAL_MS, (officeId) => this.emitQueueChanged(officeId));

  constructor(
    private readonly display: DisplayGateway,
    private readonly staff: StaffGateway,
    private readonly turns: TurnsGateway,
  ) {
    super();
  }

  ticketCalled(officeId: string, event: TicketCalledEvent): void {
    this.safely(`ticket.called of office ${officeId}`, () => this.display.ticketCalled(officeId, event));
  }

  queueChanged(officeId: string): void {
    this.safely(`queue.changed of office ${officeId}`, () => this.queueChanges.request(officeId));
  }

  turnChanged(trackingCode: string): void {
    // The tracking code is a secret: never in the log.
    this.safely('turn.changed', () => this.turns.turnChanged(trackingCode));
  }

  onApplicationShutdown(): void {
    this.queueChanges.clear();
  }

  private emitQueueChanged(officeId: string): void {
    this.safely(`queue.changed of office ${officeId}`, () => this.staff.queueChanged(officeId));
    this.safely(`queue.changed of office ${officeId}`, () => this.display.queueChanged(officeId));
    this.safely(`turn pages of office ${officeId}`, () => this.turns.officeChanged(officeId));
  }

  private safely(what: string, emit: () => void | Promise<void>): void {
    const failed = (error: unknown) => {
      if (!notedDatabaseOutage(error, 'a live event')) this.logger.error(`Could not emit ${what}: ${error instanceof Error ? error.message : String(error)}`);
    };
    try {
      Promise.resolve(emit()).catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}
