import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('shares one load per key while fresh, and loads again once expired', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(500, { maxEntries: 10, nowMs: () => now });
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    now = 499;
    expect(await cache.get('a', load)).toBe(1);
    now = 500;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('peeks without loading', async () => {
    let now = 0;
    const cache = new TtlCache<string>(500, { maxEntries: 10, nowMs: () => now });
    expect(cache.peek('k')).toBeUndefined();
    cache.set('k', 'full');
    expect(await cache.peek('k')).toBe('full');
    now = 500;
    expect(cache.peek('k')).toBeUndefined();
  });

  it('forgets by prefix, or shortens the life of the entries of a prefix', async () => {
    let now = 0;
    const cache = new TtlCache<string>(500, { maxEntries: 10, nowMs: () => now });
    cache.set('s1|a', 'a');
    cache.set('s2|a', 'c');
    now = 60;
    cache.set('s1|b', 'b');
    cache.expireWithin('s1|', 100); // at 60: both s1 entries now end at 160
    now = 120;
    cache.expireWithin('s1|', 100); // never lengthens a life: still 160
    now = 159;
    expect(await cache.peek('s1|a')).toBe('a');
    expect(await cache.peek('s1|b')).toBe('b');
    now = 160;
    expect(cache.peek('s1|a')).toBeUndefined();
    expect(cache.peek('s1|b')).toBeUndefined();
    expect(await cache.peek('s2|a')).toBe('c');
    cache.forget('s2|');
    expect(cache.peek('s2|a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const cache = new TtlCache<number>(500, { maxEntries: 2, nowMs: () => 0 });
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toBeDefined();
  });
});

describe('TtlCache with staleMs (stale-while-revalidate)', () => {
  it('answers an expired value at once while one reload runs, then the reloaded value', async () => {
    let now = 0;
    let loads = 0;
    const gates: (() => void)[] = [];
    const cache = new TtlCache<number>(500, { maxEntries: 10, nowMs: () => now, staleMs: 1_000 });
    const load = () => new Promise<number>((resolve) => gates.push(() => resolve(++loads)));
    const first = cache.get('a', load); // nothing loaded yet: the first load is waited for
    gates.shift()!();
    expect(await first).toBe(1);
    now = 700; // expired, within the stale window
    expect(await cache.get('a', load)).toBe(1);
    expect(await cache.get('a', load)).toBe(1);
    expect(gates).toHaveLength(1); // one reload, not one per caller
    gates.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('a', load)).toBe(2);
    expect(gates).toHaveLength(0);
  });

  it('waits for a load once the value is older than the stale window, and never answers a deleted entry', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(500, { maxEntries: 10, nowMs: () => now, staleMs: 1_000 });
    const load = async () => ++loads;
    expect(await cache.get('a', load)).toBe(1);
    now = 1_500; // 500 + 1000: beyond the stale window
    expect(await cache.get('a', load)).toBe(2);
    now = 2_100;
    cache.delete('a');
    expect(cache.latest('a')).toBeUndefined();
    expect(await cache.get('a', load)).toBe(3);
  });

  it('keeps the stale value when a reload fails, and a reload finishing after a delete is dropped', async () => {
    let now = 0;
    const cache = new TtlCache<number>(500, { maxEntries: 10, nowMs: () => now, staleMs: 1_000 });
    expect(await cache.get('a', async () => 1)).toBe(1);
    now = 600;
    expect(await cache.get('a', () => Promise.reject(new Error('database busy')))).toBe(1);
    await new Promise((r) => setImmediate(r));
    let release!: (v: number) => void;
    expect(await cache.get('a', () => new Promise<number>((r) => (release = r)))).toBe(1); // the failed reload let a new one start
    cache.delete('a');
    release(2);
    await new Promise((r) => setImmediate(r));
    expect(cache.latest('a')).toBeUndefined();
  });

  it('never answers stale an entry that expireWithin declared outdated', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(500, { maxEntries: 10, nowMs: () => now, staleMs: 1_000 });
    const load = async () => ++loads;
    expect(await cache.get('s1|a', load)).toBe(1);
    cache.expireWithin('s1|', 100);
    now = 150;
    expect(cache.latest('s1|a')).toBeUndefined();
    expect(await cache.get('s1|a', load)).toBe(2);
  });
});
