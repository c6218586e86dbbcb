import { describe, expect, it } from 'vitest';
import { checkRut, rutCheckDigit } from './rut.js';

describe('the browser RUT check', () => {
  it('computes mod-11 check digits, including 0 and K', () => {
    expect(rutCheckDigit(12_345_678)).toBe('5');
    expect(rutCheckDigit(11_111_111)).toBe('1');
    expect(rutCheckDigit(10_000_013)).toBe('K');
    expect(rutCheckDigit(5_126_663)).toBe('3');
  });

  it('accepts the ways people type a RUT and formats it', () => {
    for (const typed of ['12.345.678-5', '12345678-5', '123456785', ' 12 345 678-5 ']) {
      expect(checkRut(typed)).toEqual({ state: 'valid', formatted: '12.345.678-5' });
    }
    expect(checkRut('10000013-k')).toEqual({ state: 'valid', formatted: '10.000.013-K' });
  });

  it('tells a wrong check digit from a RUT still being typed or not a RUT at all', () => {
    expect(checkRut('12.345.678-4')).toEqual({ state: 'wrong-check-digit', expected: '5' });
    expect(checkRut('')).toEqual({ state: 'empty' });
    expect(checkRut('12.34')).toEqual({ state: 'incomplete' });
    expect(checkRut('12345678-')).toEqual({ state: 'incomplete' });
    expect(checkRut('AB123')).toEqual({ state: 'malformed' });
    expect(checkRut('1234567890123-5')).toEqual({ state: 'malformed' });
  });
});
