/**
 * The server's clock in the browser (docs/frontend.md "The office's clock"). A waiting-room TV, a
 * kiosk or a laptop may have its own clock or time zone wrong; what the office's day and time are
 * is the API's to say (its Clock, which follows FAKE_NOW in tests and demos). The clock learns the
 * offset between the server's clock and the browser's from `GET /api/v1/time`, taking the middle of
 * the round trip as the moment the server read its clock, and refreshes it now and then so that a
 * screen left on for weeks stays right. Dates and times are then read in the office's time zone.
 */

export interface ServerClockOptions {
  /** Asks the server for its time: the `now` (an ISO instant) of `GET /api/v1/time`. */
  fetchNow(): Promise<string>;
  /** How often the offset is learnt again; 10 minutes unless told. */
  refreshMs?: number;
  /** How soon to try again after a failed attempt; 30 seconds unless told. */
  retryMs?: number;
  /** The browser's clock (tests). */
  readLocalMs?(): number;
}

/** The server's clock minus the browser's, from one round trip: the server read its clock halfway through. */
export function offsetFrom(sentMs: number, serverNow: string, receivedMs: number): number {
  const serverMs = Date.parse(serverNow);
  if (!Number.isFinite(serverMs)) throw new Error(`Not an instant: ${serverNow}`);
  return serverMs - (sentMs + receivedMs) / 2;
}

/** The local date (YYYY-MM-DD) in a time zone (the office's) at an instant. */
export function dateIn(timeZone: string, instant: number | Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

export class ServerClock {
  private offsetMs = 0;
  private syncedAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private started: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly readLocalMs: () => number;

  constructor(private readonly options: ServerClockOptions) {
    this.readLocalMs = options.readLocalMs ?? (() => Date.now());
  }

  /** The server's "now" (epoch milliseconds): the browser's clock corrected by the last offset learnt. */
  now(): number {
    return this.readLocalMs() + this.offsetMs;
  }

  /** The office's date today (YYYY-MM-DD) by the server's clock. */
  todayIn(timeZone: string): string {
    return dateIn(timeZone, this.now());
  }

  /** Whether the offset was learnt at least once (until then `now()` is the browser's clock). */
  get synced(): boolean {
    return this.syncedAt !== null;
  }

  /** Asks the server once; keeps the offset learnt before when the server does not answer. */
  async sync(): Promise<boolean> {
    const sent = this.readLocalMs();
    let serverNow: string;
    try {
      serverNow = await this.options.fetchNow();
    } catch {
      return false;
    }
    const received = this.readLocalMs();
    let offset: number;
    try {
      offset = offsetFrom(sent, serverNow, received);
    } catch {
      return false;
    }
    const changed = this.syncedAt === null || Math.abs(offset - this.offsetMs) >= 1;
    this.offsetMs = offset;
    this.syncedAt = received;
    if (changed) for (const listener of [...this.listeners]) listener();
    return true;
  }

  /**
   * Learns the offset and keeps learning it (every `refreshMs`, or `retryMs` after a failure).
   * Idempotent; resolves once the first attempt is over (true when it worked).
   */
  start(): Promise<boolean> {
    if (this.started) return this.started;
    const refreshMs = this.options.refreshMs ?? 10 * 60_000;
    const retryMs = this.options.retryMs ?? 30_000;
    const round = async (): Promise<boolean> => {
      const ok = await this.sync();
      this.timer = setTimeout(() => void round(), ok ? refreshMs : retryMs);
      return ok;
    };
    this.started = round();
    return this.started;
  }

  /** Starts the clock and waits for its first answer, at most `timeoutMs` (then carries on with the browser's clock). */
  ready(timeoutMs = 3_000): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    return Promise.race([this.start(), timeout]).finally(() => clearTimeout(timer));
  }

  /** Stops refreshing (tests). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.started = null;
  }

  /** Called whenever a new offset is learnt; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
