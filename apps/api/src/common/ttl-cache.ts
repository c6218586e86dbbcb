/**
 * A per-process cache whose entries live a few seconds: enough to spare the database the same
 * read thousands of times a second in a rush, short enough that configuration changes apply at
 * once for practical purposes. Never use it for anything capacity depends on: PostgreSQL decides
 * that, inside transactions.
 */
interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
  /** Set once the value has loaded: only a loaded value may be answered stale. */
  loaded?: boolean;
  /** A replacement is loading (stale-while-revalidate). */
  reloading?: boolean;
  /** Known to be outdated once expired (expireWithin): never answered stale. */
  outdated?: boolean;
}

/**
 * With `staleMs`, an entry that expired less than `staleMs` ago is still answered at once while
 * one replacement loads beside it (stale-while-revalidate): in a rush the database is busy, and
 * hundreds of requests queueing behind one reload of a rarely changing row every few seconds is
 * a convoy that stalls them all. `delete` and `forget` still drop an entry for good, so a change
 * made on this instance is never answered stale.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  private readonly maxEntries: number;
  private readonly staleMs: number;
  private readonly nowMs: () => number;

  constructor(
    private readonly ttlMs: number,
    options: { maxEntries?: number; staleMs?: number; nowMs?: () => number } = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1000;
    this.staleMs = options.staleMs ?? 0;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Forgets every entry whose key starts with `prefix`. */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /**
   * Lets every entry whose key starts with `prefix` live at most `ms` more, and never be answered
   * stale after that: the caller knows it is outdated.
   */
  expireWithin(prefix: string, ms: number): void {
    const latest = this.nowMs() + ms;
    for (const [key, entry] of this.entries) {
      if (!key.startsWith(prefix)) continue;
      if (entry.expiresAt > latest) entry.expiresAt = latest;
      entry.outdated = true;
    }
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Remembers a value learnt elsewhere, for the usual time to live. */
  set(key: string, value: V): void {
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.nowMs() + this.ttlMs, loaded: true });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The entry's value while it is fresh, without loading anything. */
  peek(key: string): Promise<V> | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expiresAt > this.nowMs() ? hit.value : undefined;
  }

  /** The value `get` would answer now without loading (fresh, or stale within `staleMs`). */
  latest(key: string): Promise<V> | undefined {
    const hit = this.entries.get(key);
    return hit && (hit.expiresAt > this.nowMs() || this.answerableStale(hit)) ? hit.value : undefined;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.nowMs()) return hit.value;
    if (hit && this.answerableStale(hit)) {
      if (!hit.reloading) {
        hit.reloading = true;
        load().then(
          (value) => {
            // Dropped meanwhile (delete, forget): the change that dropped it wins.
            if (this.entries.get(key) === hit) this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.nowMs() + this.ttlMs, loaded: true });
          },
          () => (hit.reloading = false),
        );
      }
      return hit.value;
    }
    return this.load(key, load);
  }

  private answerableStale(entry: Entry<V>): boolean {
    return this.staleMs > 0 && entry.loaded === true && !entry.outdated && entry.expiresAt + this.staleMs > this.nowMs();
  }

  private load(key: string, load: () => Promise<V>): Promise<V> {
    const value = load();
    const entry: Entry<V> = { value, expiresAt: this.nowMs() + this.ttlMs };
    this.entries.set(key, entry);
    value.then(
      () => (entry.loaded = true),
      // A failed load is not kept: the next caller tries again.
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
