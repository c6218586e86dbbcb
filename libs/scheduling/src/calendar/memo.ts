/**
 * A small bounded cache for pure calculations (a day's opening, its slot grid). The same office
 * day is computed again and again — every availability read, every booking in a rush — and the
 * answer depends only on the inputs, so computing it once per process is safe. Results are
 * frozen: a caller that tried to change a shared answer would fail loudly in tests.
 *
 * Two generations instead of a strict LRU (issue #19: refreshing a key's place on every hit was
 * a visible part of a booking check): a hit in the young generation costs one lookup; a hit in the
 * old one moves the key to the young; when the young one holds half the capacity it becomes the
 * old one, and the keys nobody asked for since are dropped. At most `capacity` entries are kept.
 */
export class BoundedMemo<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: string, compute: () => V): V {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const kept = this.old.get(key);
    const value = kept !== undefined ? kept : compute();
    if (kept !== undefined) this.old.delete(key);
    this.young.set(key, value);
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    return value;
  }

  /** How many answers are kept (both generations). */
  get size(): number {
    return this.young.size + this.old.size;
  }
}
