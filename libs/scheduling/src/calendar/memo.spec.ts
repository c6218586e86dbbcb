import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './memo.js';

describe('BoundedMemo', () => {
  it('computes an answer once while it is asked for, and never keeps more than its capacity', () => {
    const memo = new BoundedMemo<number>(8);
    let computed = 0;
    const square = (n: number) => memo.get(String(n), () => (computed++, n * n));
    for (let round = 0; round < 100; round++) {
      expect(square(3)).toBe(9);
      expect(square(round)).toBe(round * round);
      expect(memo.size).toBeLessThanOrEqual(8);
    }
    // 3 stays (asked every round); every other key is computed once, 0..99 (3 included once).
    expect(computed).toBe(100);
  });

  it('drops the keys nobody asked for and computes them again when asked', () => {
    const memo = new BoundedMemo<string>(4);
    let computed = 0;
    const get = (key: string) => memo.get(key, () => (computed++, key.toUpperCase()));
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) get(key);
    expect(computed).toBe(8);
    expect(get('a')).toBe('A');
    expect(computed).toBe(9);
    expect(get('h')).toBe('H');
    expect(computed).toBe(9);
  });
});
