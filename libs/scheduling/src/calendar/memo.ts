/**
 * A small bounded cache for pure calculations (a day's opening, its slot grid). The same office
 * day is computed again and again — every availability read, every booking in a rush — and the
 * answer depends only on the inputs, so computing it once per process is safe. Results are
 * frozen: a caller that tried to change a shared answer would fail loudly in tests.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Refresh: the most recently used keys stay.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
