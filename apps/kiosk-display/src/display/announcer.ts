import type { Call } from './call-board.js';

/** One call to announce: the chime, then the voice. */
export interface Announcement {
  /** Counts up from 1 for the life of the screen: a new id means a new announcement (flash again). */
  id: number;
  call: Call;
  recall: boolean;
  /** When it arrived (ms, the announcer's clock). */
  receivedAt: number;
}

export interface AnnouncerOutputs {
  /** Whether sound is unlocked (browsers need a touch first); when not, announcements are visual only. */
  soundOn(): boolean;
  /** Plays the chime; resolves when it has sounded. */
  chime(): Promise<void>;
  /** Says the text; resolves when it has been said (or given up on). */
  speak(text: string): Promise<void>;
  /** Called as each announcement starts (the screen flashes it and puts it in its live region). */
  onStart(announcement: Announcement): void;
  /** Called when the queue has run dry. */
  onIdle(): void;
}

export interface AnnouncerOptions {
  /** What to say for a call. */
  words(call: Call, recall: boolean): string;
  now?: () => number;
  /** Announcements waiting longer than this are dropped unsaid (they stay on screen). */
  maxAgeMs?: number;
  /** At most this many wait; beyond, the oldest are dropped. */
  maxQueued?: number;
  /** Silence between two announcements. */
  gapMs?: number;
  /** How long a call stays "being announced" when sound is off. */
  silentMs?: number;
}

/**
 * Announces calls one after another, none lost when several arrive together: a queue, played in
 * order of arrival. The queue is bounded (by age and by length), so a screen left without sound
 * for hours, or flooded after a reconnection, never grows it; what is dropped stays on the board.
 */
export class Announcer {
  private readonly queue: Announcement[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private nextId = 1;
  private running = false;
  private disposed = false;
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly maxQueued: number;
  private readonly gapMs: number;
  private readonly silentMs: number;

  constructor(
    private readonly outputs: AnnouncerOutputs,
    private readonly options: AnnouncerOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.maxQueued = options.maxQueued ?? 20;
    this.gapMs = options.gapMs ?? 400;
    this.silentMs = options.silentMs ?? 1_500;
  }

  /** Calls waiting to be announced (not counting the one being announced). */
  get pending(): number {
    return this.queue.length;
  }

  enqueue(call: Call, recall: boolean): void {
    if (this.disposed) return;
    this.queue.push({ id: this.nextId++, call, recall, receivedAt: this.now() });
    if (this.queue.length > this.maxQueued) this.queue.splice(0, this.queue.length - this.maxQueued);
    if (!this.running) void this.run();
  }

  /** Stops for good: forgets the queue and clears its timers (the screen is going away). */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.take(); next && !this.disposed; next = this.take()) {
        this.outputs.onStart(next);
        if (this.outputs.soundOn()) {
          await this.outputs.chime().catch(() => undefined);
          if (this.disposed) return;
          await this.outputs.speak(this.options.words(next.call, next.recall)).catch(() => undefined);
        } else {
          await this.sleep(this.silentMs);
        }
        if (this.disposed) return;
        await this.sleep(this.gapMs);
      }
      if (!this.disposed) this.outputs.onIdle();
    } finally {
      this.running = false;
    }
  }

  /** The oldest announcement still worth making; stale ones are dropped. */
  private take(): Announcement | undefined {
    const now = this.now();
    while (this.queue.length > 0 && now - this.queue[0].receivedAt > this.maxAgeMs) this.queue.shift();
    return this.queue.shift();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
