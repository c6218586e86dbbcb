import { describe, expect, it } from 'vitest';
import { isChileanMobile, toE164 } from './phone.js';

describe('toE164', () => {
  it.each([
    ['9 1234 5678', '+56912345678'],
    ['912345678', '+56912345678'],
    ['+56912345678', '+56912345678'],
    ['+56 9 1234 5678', '+56912345678'],
    ['  +56 9 1234-5678 ', '+56912345678'],
    ['56 9 1234 5678', '+56912345678'],
    ['(9) 1234 5678', '+56912345678'],
    ['2 2918 3746', '+56229183746'],
    ['+56 2 2918 3746', '+56229183746'],
    ['+54 9 11 1234-5678', '+5491112345678'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+51.987.654.321', '+51987654321'],
  ])('%s → %s', (raw, e164) => {
    expect(toE164(raw)).toBe(e164);
  });

  it.each([
    ['', 'empty'],
    ['12345678', 'eight digits without country code (the pre-2012 format)'],
    ['012345678', 'a leading 0'],
    ['1234 5678 9', 'a Chilean number starting with 1'],
    ['+56 9 1234 567', 'too short after +56'],
    ['+56 9 1234 56789', 'too long after +56'],
    ['+0 123 456 789', 'a country code starting with 0'],
    ['+1 234', 'too short'],
    ['+1234567890123456', 'more than 15 digits'],
    ['+56 9 1234 5678 ext 2', 'letters'],
    ['4155550100', 'a foreign number without +'],
    ['++56912345678', 'two plus signs'],
    ['9 1234 5678+', 'a plus sign after digits'],
  ])('refuses %s (%s)', (raw) => {
    expect(toE164(raw)).toBeNull();
  });

  it('tells Chilean mobiles from lines and other countries', () => {
    expect(isChileanMobile('+56912345678')).toBe(true);
    expect(isChileanMobile('+56229183746')).toBe(false);
    expect(isChileanMobile('+14155550100')).toBe(false);
  });
});
