/**
 * Phone numbers as the SMS provider wants them: E.164 (`+` and up to 15 digits, no spaces).
 *
 * Chilean numbers may be written without the country code, as people in Chile do: `9 1234 5678`
 * and `912345678` (mobile), `2 2345 6789` (a Santiago line) become `+56912345678` and
 * `+56223456789`; `56 9 1234 5678` too. Since 2016 every Chilean number has 9 digits after +56.
 * Other countries' numbers must start with `+` and their country code, and are kept as given
 * (spaces, dashes, dots and parentheses removed). Anything else is not a phone number: null.
 */
export function toE164(raw: string): string | null {
  const text = raw.trim();
  if (!/^\+?[0-9 ().-]+$/.test(text)) return null;
  const plus = text.startsWith('+');
  const digits = text.replace(/\D/g, '');
  if (plus) {
    if (digits.startsWith('56')) return CHILEAN_NATIONAL.test(digits.slice(2)) ? `+${digits}` : null;
    return /^[1-9][0-9]{7,14}$/.test(digits) ? `+${digits}` : null;
  }
  if (CHILEAN_NATIONAL.test(digits)) return `+56${digits}`;
  if (digits.length === 11 && digits.startsWith('56') && CHILEAN_NATIONAL.test(digits.slice(2))) return `+${digits}`;
  return null;
}

/** A Chilean number after +56: 9 digits, never starting with 0 or 1 (mobile numbers start with 9). */
const CHILEAN_NATIONAL = /^[2-9][0-9]{8}$/;

/** Whether an E.164 number is a Chilean mobile (+56 9 XXXX XXXX), the only Chilean numbers that take SMS. */
export function isChileanMobile(e164: string): boolean {
  return /^\+569[0-9]{8}$/.test(e164);
}
