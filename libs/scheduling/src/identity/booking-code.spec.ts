import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RandomBytes } from './random-bytes.js';
import { BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, generateBookingCode, isBookingCode, normalizeBookingCode } from './booking-code.js';

/** A byte source that replays `sequence` over and over. */
function replayBytes(sequence: ArrayLike<number>): RandomBytes {
  let at = 0;
  return (length) => Uint8Array.from({ length }, () => sequence[at++ % sequence.length]);
}

describe('booking codes', () => {
  it('carry at least 40 bits in an alphabet without 0/O/1/I/L', () => {
    expect(BOOKING_CODE_LENGTH * Math.log2(BOOKING_CODE_ALPHABET.length)).toBeGreaterThanOrEqual(40);
    expect(BOOKING_CODE_ALPHABET).not.toMatch(/[0O1IL]/);
    expect(new Set(BOOKING_CODE_ALPHABET).size).toBe(BOOKING_CODE_ALPHABET.length);
  });

  it('are shown in three groups of three', () => {
    expect(generateBookingCode(replayBytes([0, 1, 2, 3, 4, 5, 6, 7, 8]))).toBe('ABC-DEF-GHJ');
    expect(generateBookingCode()).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
  });

  it('forgive case, spaces, dashes and pasted Unicode dashes', () => {
    expect(normalizeBookingCode(' k7m 4qx 9pt ')).toBe('K7M-4QX-9PT');
    expect(normalizeBookingCode('K7M‐4QX–9PT')).toBe('K7M-4QX-9PT');
    expect(normalizeBookingCode('k7m4qx9pt')).toBe('K7M-4QX-9PT');
  });

  it.each(['K7M-4QX-9P0', 'K7M-4QX-9PO', 'K7M-4QX-9P1', 'K7M-4QX-9PL', 'K7M-4QX-9P', 'K7M-4QX-9PTT', '', 'K'.repeat(65)])(
    'do not guess look-alikes or wrong lengths: %j is not a code',
    (input) => {
      expect(normalizeBookingCode(input)).toBeNull();
    },
  );

  it('isBookingCode accepts only the canonical form', () => {
    expect(isBookingCode('K7M-4QX-9PT')).toBe(true);
    expect(isBookingCode('k7m-4qx-9pt')).toBe(false);
    expect(isBookingCode('K7M4QX9PT')).toBe(false);
  });

  it('property: always the right length, in the alphabet, and normalize round-trips every typed form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((b) => b.some((x) => x < 248)), fc.constantFrom('', ' ', '-', ' - '), fc.boolean(), (bytes, separator, lower) => {
        const code = generateBookingCode(replayBytes(bytes));
        const symbols = code.replaceAll('-', '');
        expect(symbols).toHaveLength(BOOKING_CODE_LENGTH);
        for (const symbol of symbols) expect(BOOKING_CODE_ALPHABET).toContain(symbol);
        expect(isBookingCode(code)).toBe(true);
        expect(normalizeBookingCode(code)).toBe(code);
        const typed = code.split('-').join(separator);
        expect(normalizeBookingCode(lower ? typed.toLowerCase() : typed)).toBe(code);
      }),
    );
  });
});
