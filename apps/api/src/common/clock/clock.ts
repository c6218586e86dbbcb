import { DateTime } from 'luxon';

/**
 * The one source of "now" in the API. Everything that needs the time injects this class, so tests
 * and demos can stand at any instant (FAKE_NOW) while the clock keeps running.
 */
export abstract class Clock {
  abstract now(): DateTime;

  /** Now in epoch milliseconds, for code that needs no zone or calendar: no DateTime is built. */
  nowMs(): number {
    return this.now().toMillis();
  }
}

/** The machine's clock, shifted so that it read `startAt` when it was created (no shift without it). */
export class RunningClock extends Clock {
  private readonly offsetMs: number;

  constructor(startAt?: string, private readonly readSystemMs: () => number = Date.now) {
    super();
    this.offsetMs = startAt ? DateTime.fromISO(startAt, { setZone: true }).toMillis() - readSystemMs() : 0;
  }

  now(): DateTime {
    return DateTime.fromMillis(this.nowMs(), { zone: 'utc' });
  }

  override nowMs(): number {
    return this.readSystemMs() + this.offsetMs;
  }
}
