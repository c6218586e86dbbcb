import { Injectable, Logger, Optional } from '@nestjs/common';
import { QueueEvents, type TicketCalledEvent } from '../realtime/queue-events.js';

/**
 * Tells the displays and turn pages what the desk changed, after the transaction committed. Works
 * without the realtime module (no QueueEvents provider), and never lets a failed push fail the
 * request: a display that misses an event catches up from its snapshot.
 */
@Injectable()
export class DeskNotifier {
  private readonly logger = new Logger('DeskNotifier');

  constructor(@Optional() private readonly events?: QueueEvents) {}

  called(officeId: string, event: TicketCalledEvent, trackingCode: string): void {
    this.safely(() => this.events?.ticketCalled(officeId, event));
    this.changed(officeId, [trackingCode]);
  }

  changed(officeId: string, trackingCodes: readonly string[]): void {
    this.safely(() => this.events?.queueChanged(officeId));
    for (const code of trackingCodes) this.safely(() => this.events?.turnChanged(code));
  }

  private safely(push: () => void): void {
    try {
      push();
    } catch (error) {
      this.logger.warn(`Could not push a queue event: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
