import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RandomBytes } from './random-bytes.js';
import { generateTrackingCode, isTrackingCode } from './tracking-code.js';

/** A byte source that replays `sequence` over and over. */
function replayBytes(sequence: ArrayLike<number>): RandomBytes {
  let at = 0;
  return (length) => Uint8Array.from({ length }, () => sequence[at++ % sequence.length]);
}

describe('tracking codes', () => {
  it('encode 128 bits as 22 URL-safe characters', () => {
    expect(generateTrackingCode(replayBytes([0]))).toBe('A'.repeat(22));
    expect(generateTrackingCode(replayBytes([255]))).toBe(`${'_'.repeat(21)}w`);
  });

  it('property: equal to standard base64url of the random bytes, and recognised', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const code = generateTrackingCode(() => bytes);
        expect(code).toBe(Buffer.from(bytes).toString('base64url'));
        expect(isTrackingCode(code)).toBe(true);
      }),
    );
  });

  it('are unique in practice with the default source', () => {
    const codes = new Set(Array.from({ length: 500 }, () => generateTrackingCode()));
    expect(codes.size).toBe(500);
  });

  it('isTrackingCode refuses other shapes', () => {
    expect(isTrackingCode('A'.repeat(21))).toBe(false);
    expect(isTrackingCode(`${'A'.repeat(21)}B`)).toBe(false);
    expect(isTrackingCode(`${'A'.repeat(20)}+A`)).toBe(false);
  });

  it('refuses a random source that returns too few bytes', () => {
    expect(() => generateTrackingCode(() => new Uint8Array(8))).toThrow(/too few bytes/);
  });
});
