/**
 * Chilean RUT check (mod 11) for live feedback while typing. The API validates again (INVALID_RUT);
 * browser code may not import libs/scheduling, so this is the browser's own small copy of the rule.
 */

export type RutCheck =
  | { state: 'empty' }
  /** Not yet a whole RUT: digits and a check digit are still missing. */
  | { state: 'incomplete' }
  | { state: 'malformed' }
  | { state: 'wrong-check-digit'; expected: string }
  | { state: 'valid'; formatted: string };

const MAX_BODY = 99_999_999;

/** The check digit of a RUT number: '0'–'9' or 'K'. */
export function rutCheckDigit(body: number): string {
  let sum = 0;
  let factor = 2;
  for (let rest = body; rest > 0; rest = Math.floor(rest / 10)) {
    sum += (rest % 10) * factor;
    factor = factor === 7 ? 2 : factor + 1;
  }
  const digit = 11 - (sum % 11);
  return digit === 11 ? '0' : digit === 10 ? 'K' : String(digit);
}

/** '12.345.678-5' from a body and check digit. */
export function formatRut(body: number, dv: string): string {
  return `${String(body).replace(/\B(?=(\d{3})+(?!\d))/g, '.')}-${dv}`;
}

/**
 * Reads a RUT as people type it ('12.345.678-5', '12345678-5', '123456785', a lower-case k) and
 * says whether it is complete and right, with the well-formatted version when it is.
 */
export function checkRut(input: string): RutCheck {
  const compact = input.replace(/[\s.]/g, '').toUpperCase();
  if (compact === '') return { state: 'empty' };
  if (!/^\d+-?[\dK]?$/.test(compact) || compact.length > 11) return { state: 'malformed' };
  const match = /^(\d+)-?([\dK])$/.exec(compact);
  // Fewer than 7 characters cannot be a RUT yet (the shortest real ones have 7 digits and a check digit).
  if (!match || compact.replace('-', '').length < 8) return { state: 'incomplete' };
  const body = Number(match[1]);
  if (body < 1 || body > MAX_BODY) return { state: 'malformed' };
  const expected = rutCheckDigit(body);
  return expected === match[2] ? { state: 'valid', formatted: formatRut(body, expected) } : { state: 'wrong-check-digit', expected };
}
