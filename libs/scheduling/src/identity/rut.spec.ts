import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRut, RUT_MAX_BODY, rutCheckDigit, rutFromBody } from './rut.js';

const message = (input: string) => {
  const result = parseRut(input);
  return result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`;
};

describe('parseRut', () => {
  it.each(['12.345.678-5', '12345678-5', '123456785', ' 12 345 678 - 5 ', '012.345.678-5', '12.345.6785'])('reads %j as 12.345.678-5', (input) => {
    expect(parseRut(input)).toEqual({ ok: true, value: { body: 12345678, dv: '5', normalized: '12345678-5', formatted: '12.345.678-5' } });
  });

  it.each(['6-k', '6-K', '6k', '26.380-k', '26380K'])('accepts the K check digit in either case: %j', (input) => {
    const result = parseRut(input);
    expect(result.ok && result.value.dv).toBe('K');
  });

  it('formats short and long bodies with thousands dots', () => {
    expect(rutFromBody(6).formatted).toBe('6-K');
    expect(rutFromBody(7_654_321).formatted).toBe('7.654.321-6');
    expect(rutFromBody(RUT_MAX_BODY).normalized).toBe(`99999999-${rutCheckDigit(RUT_MAX_BODY)}`);
  });

  it('says the check digit is wrong when only the check digit is wrong', () => {
    expect(message('12.345.678-4')).toBe('INVALID_RUT: RUT check digit does not match the number');
    expect(message('12.345.678-K')).toMatch(/check digit/);
  });

  it.each(['', 'abc', '12.34.567-8', '12,345,678-5', '12.345.678-', '-5', '12.345.678-X', '1234567890123-4', '1'.repeat(40), '1234567890-1'])(
    'says the format is wrong for %j',
    (input) => {
      expect(message(input)).toMatch(/^INVALID_RUT: RUT format not recognised/);
    },
  );

  it('refuses a zero body and one above 99.999.999', () => {
    expect(message('0-0')).toMatch(/between 1 and 99999999/);
    expect(message('100000000-4')).toMatch(/between 1 and 99999999/);
  });
});

describe('rutCheckDigit', () => {
  it('follows mod 11 (11 → 0, 10 → K)', () => {
    expect(rutCheckDigit(12345678)).toBe('5');
    expect(rutCheckDigit(6)).toBe('K');
    expect(rutCheckDigit(11111111)).toBe('1');
    expect([...Array(30).keys()].map((i) => rutCheckDigit(i + 1)).join('')).toContain('0');
  });

  it.each([0, -1, 1.5, RUT_MAX_BODY + 1, Number.NaN])('throws on a body outside the range: %d', (body) => {
    expect(() => rutCheckDigit(body)).toThrow(RangeError);
  });
});

describe('RUT properties', () => {
  const body = fc.integer({ min: 1, max: RUT_MAX_BODY });

  it('round-trips: any form of a RUT parses back to the same body and check digit', () => {
    const form = fc.constantFrom(
      (r: ReturnType<typeof rutFromBody>) => r.formatted,
      (r) => r.normalized,
      (r) => r.normalized.replace('-', ''),
      (r) => ` ${r.formatted.toLowerCase()} `,
      (r) => r.normalized.split('').join(' '),
      (r) => `0${r.normalized}`,
    );
    fc.assert(
      fc.property(body, form, (b, show) => {
        const rut = rutFromBody(b);
        const parsed = parseRut(show(rut));
        expect(parsed).toEqual({ ok: true, value: rut });
      }),
    );
  });

  it('a single changed digit (body or check digit) is always rejected', () => {
    fc.assert(
      fc.property(body, fc.nat(), fc.integer({ min: 1, max: 10 }), (b, at, shift) => {
        const symbols = rutFromBody(b).normalized.replace('-', '').split('');
        const index = at % symbols.length;
        const alphabet = index === symbols.length - 1 ? '0123456789K' : '0123456789';
        const current = alphabet.indexOf(symbols[index]);
        symbols[index] = alphabet[(current + (shift % alphabet.length || 1)) % alphabet.length];
        const result = parseRut(symbols.join(''));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error.code).toBe('INVALID_RUT');
      }),
    );
  });
});
