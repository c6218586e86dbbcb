import { Injectable, Logger, Optional } from '@nestjs/common';
import { QueueEvents, type TicketCalledEvent } from '../realtime/queue-events.js';

/**
 * Tells the realtime layer about committed changes. `QueueEvents` is optional: without a realtime
 * module (tests, or before it is registered globally) the calls are no-ops. Never throws, and sends
 * after the response is on its way: a screen
 * that misses an event catches up from the snapshot; the change itself is already committed.
 */
@Injectable()
export class QueueNotifier {
  private readonly logger = new Logger('QueueNotifier');

  constructor(@Optional() private readonly events?: QueueEvents) {}

  ticketCalled(officeId: string, event: TicketCalledEvent): void {
    this.safely(() => this.events?.ticketCalled(officeId, event));
  }

  queueChanged(officeId: string): void {
    this.safely(() => this.events?.queueChanged(officeId));
  }

  turnChanged(trackingCode: string): void {
    this.safely(() => this.events?.turnChanged(trackingCode));
  }

  /** A call or recall: the displays, the office's queue and the ticket's own page. */
  called(officeId: string, event: TicketCalledEvent, trackingCode: string): void {
    this.ticketCalled(officeId, event);
    this.changed(officeId, [trackingCode]);
  }

  /** The office's queue and the pages of the tickets concerned. */
  changed(officeId: string, trackingCodes: readonly string[]): void {
    this.queueChanged(officeId);
    for (const code of trackingCodes) this.turnChanged(code);
  }

  /** The usual pair after a ticket changed: the office's queue and the ticket's own page. */
  ticketChanged(ticket: { officeId: string; trackingCode: string }): void {
    this.queueChanged(ticket.officeId);
    this.turnChanged(ticket.trackingCode);
  }

  /** Events told during the current turn of the event loop, sent in order by one setImmediate. */
  private pending: (() => void)[] = [];

  /**
   * After the current request's response: the applicant's or agent's answer does not wait for
   * thousands of screens to be written to. The events of a turn go out together, in the order
   * they were told (a call-next tells three), each on its own (one failing stops no other).
   */
  private safely(call: () => void): void {
    this.pending.push(call);
    if (this.pending.length === 1) setImmediate(() => this.flush());
  }

  private flush(): void {
    const calls = this.pending;
    this.pending = [];
    for (const call of calls) {
      try {
        call();
      } catch (error) {
        this.logger.warn(`Queue event not delivered: ${(error as Error).message}`);
      }
    }
  }
}
