import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

describe('TtlCache', () => {
  it('shares one load per key while fresh, and loads again once expired', async () => {
    let now = 0;
    let loads = 0;
    const cache = new TtlCache<number>(500, 10, () => now);
    const load = async () => ++loads;
    expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
    now = 499;
    expect(await cache.get('a', load)).toBe(1);
    now = 500;
    expect(await cache.get('a', load)).toBe(2);
  });

  it('peeks without loading', async () => {
    let now = 0;
    const cache = new TtlCache<string>(500, 10, () => now);
    expect(cache.peek('k')).toBeUndefined();
    cache.set('k', 'full');
    expect(await cache.peek('k')).toBe('full');
    now = 500;
    expect(cache.peek('k')).toBeUndefined();
  });

  it('forgets by prefix, or shortens the life of the entries of a prefix', async () => {
    let now = 0;
    const cache = new TtlCache<string>(500, 10, () => now);
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
    const cache = new TtlCache<number>(500, 2, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')).toBeDefined();
  });
});
