/**
 * A per-process cache whose entries live a few seconds: enough to spare the database the same
 * read thousands of times a second in a rush, short enough that configuration changes apply at
 * once for practical purposes. Never use it for anything capacity depends on: PostgreSQL decides
 * that, inside transactions.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Forgets every entry whose key starts with `prefix`. */
  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** Lets every entry whose key starts with `prefix` live at most `ms` more. */
  expireWithin(prefix: string, ms: number): void {
    const latest = this.nowMs() + ms;
    for (const [key, entry] of this.entries) if (key.startsWith(prefix) && entry.expiresAt > latest) entry.expiresAt = latest;
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Remembers a value learnt elsewhere, for the usual time to live. */
  set(key: string, value: V): void {
    this.entries.set(key, { value: Promise.resolve(value), expiresAt: this.nowMs() + this.ttlMs });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** The entry's value while it is fresh, without loading anything. */
  peek(key: string): Promise<V> | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expiresAt > this.nowMs() ? hit.value : undefined;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = this.nowMs();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    // A failed load is not kept: the next caller tries again.
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
