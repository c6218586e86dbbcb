import { describe, expect, it } from 'vitest';
import { cryptoRandomBytes, randomSymbols, type RandomBytes } from './random-bytes.js';

/** A byte source that replays `sequence` over and over. */
function replayBytes(sequence: ArrayLike<number>): RandomBytes {
  let at = 0;
  return (length) => Uint8Array.from({ length }, () => sequence[at++ % sequence.length]);
}

describe('randomSymbols', () => {
  it('maps every accepted byte value to each symbol equally often (no modulo bias)', () => {
    const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    const all = randomSymbols(alphabet, 248, replayBytes([...Array(248).keys()]));
    const counts = new Map<string, number>();
    for (const symbol of all) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    expect([...counts.values()]).toEqual(Array(31).fill(8));
  });

  it('skips bytes at or above the largest multiple of the alphabet size', () => {
    // 256 % 3 = 1: only byte 255 would favour 'A', so only it is dropped.
    expect(randomSymbols('ABC', 3, replayBytes([255, 0, 255, 254, 1]))).toBe('ACB');
  });

  it('gives up loudly on a source that never yields a usable byte', () => {
    expect(() => randomSymbols('ABC', 4, replayBytes([255]))).toThrow(/random source/);
  });

  it('refuses an alphabet it cannot sample from bytes', () => {
    expect(() => randomSymbols('A', 4)).toThrow(RangeError);
    expect(() => randomSymbols('x'.repeat(257), 4)).toThrow(RangeError);
  });

  it('draws from Web Crypto by default', () => {
    expect(cryptoRandomBytes(16)).toHaveLength(16);
    expect(randomSymbols('AB', 64)).toMatch(/^[AB]{64}$/);
  });
});
