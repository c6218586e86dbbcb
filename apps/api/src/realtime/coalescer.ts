/**
 * Runs `action(key)` at most once per `intervalMs` per key: the first request runs at once, the
 * requests made during the interval collapse into one run at its end. A burst of queue changes
 * (a dozen tickets closed at closing time) thus becomes two refreshes, not a dozen.
 */
export class PerKeyCoalescer {
  private readonly lastRun = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly intervalMs: number,
    private readonly action: (key: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  request(key: string): void {
    if (this.pending.has(key)) return;
    const wait = (this.lastRun.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) return this.run(key);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      this.run(key);
    }, wait);
    timer.unref();
    this.pending.set(key, timer);
  }

  /** Drops the pending runs (shutdown). */
  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.lastRun.clear();
  }

  private run(key: string): void {
    this.lastRun.set(key, this.now());
    // Forget quiet keys so the map holds only recently active offices.
    for (const [other, at] of this.lastRun) if (this.now() - at > 60_000) this.lastRun.delete(other);
    this.action(key);
  }
}
