import { fail, ok, type Result } from '../errors.js';

/** A valid Chilean RUT in every form the system shows or stores. */
export interface Rut {
  /** The number before the check digit, 1..99.999.999. */
  body: number;
  /** Check digit: '0'..'9' or 'K' (always upper case). */
  dv: string;
  /** Storage and comparison form: '12345678-5'. */
  normalized: string;
  /** Display form: '12.345.678-5'. */
  formatted: string;
}

export const RUT_MAX_BODY = 99_999_999;

/** Longest input worth looking at ('099.999.999-9' plus slack); anything longer is not a RUT. */
const MAX_INPUT_LENGTH = 20;

/** Either thousands-grouped digits ('12.345.678') or plain digits, an optional dash, then the check digit. */
const RUT_PATTERN = /^(\d{1,3}(?:\.\d{3})+|\d+)-?([0-9K])$/;

/** The mod-11 check digit of a RUT body. Throws on a body outside 1..99.999.999 (a caller bug, not input). */
export function rutCheckDigit(body: number): string {
  if (!Number.isInteger(body) || body < 1 || body > RUT_MAX_BODY) throw new RangeError(`RUT body must be an integer in 1..${RUT_MAX_BODY}`);
  let sum = 0;
  let factor = 2;
  for (let rest = body; rest > 0; rest = Math.floor(rest / 10)) {
    sum += (rest % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const digit = 11 - (sum % 11);
  return digit === 11 ? '0' : digit === 10 ? 'K' : String(digit);
}

/** The RUT of `body` with its computed check digit, in all forms. */
export function rutFromBody(body: number): Rut {
  const dv = rutCheckDigit(body);
  const grouped = String(body).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return { body, dv, normalized: `${body}-${dv}`, formatted: `${grouped}-${dv}` };
}

/**
 * Reads a RUT as people type it: '12.345.678-5', '12345678-5', '123456785', with spaces and a
 * lower-case 'k'. Leading zeros are tolerated (some forms pad to 9 digits) but dropped.
 */
export function parseRut(input: string): Result<Rut> {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  const match = compact.length <= MAX_INPUT_LENGTH ? RUT_PATTERN.exec(compact) : null;
  const digits = match?.[1].replaceAll('.', '');
  // Up to 9 digits allows one padding zero; more is not a RUT whatever its value.
  if (!match || !digits || digits.length > 9) {
    return fail('INVALID_RUT', 'RUT format not recognised: expected digits and a check digit, e.g. 12.345.678-5');
  }
  const body = Number(digits);
  if (body < 1 || body > RUT_MAX_BODY) return fail('INVALID_RUT', `RUT number must be between 1 and ${RUT_MAX_BODY}`);
  const rut = rutFromBody(body);
  if (rut.dv !== match[2]) return fail('INVALID_RUT', 'RUT check digit does not match the number');
  return ok(rut);
}
