import { cryptoRandomBytes, randomSymbols, type RandomBytes } from './random-bytes.js';

/**
 * Upper-case letters and digits without the look-alikes 0/O, 1/I/L: whatever a person reads off a
 * printout or hears on the phone maps to exactly one symbol. 31 symbols.
 */
export const BOOKING_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 9 symbols of 31 ≈ 44.6 bits: unguessable within any rate limit, still typable. */
export const BOOKING_CODE_LENGTH = 9;
const GROUP_SIZE = 3;

/** The canonical (stored, printed, in URLs) form: three groups of three, e.g. 'K7M-4QX-9PT'. */
const CANONICAL_PATTERN = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${GROUP_SIZE}}(-[${BOOKING_CODE_ALPHABET}]{${GROUP_SIZE}}){2}$`);

/** Separators people type or paste: spaces, ASCII and Unicode dashes (e-mail clients love '‐'), dots, underscores. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212._]/g;

function group(compact: string): string {
  return compact.match(new RegExp(`.{1,${GROUP_SIZE}}`, 'g'))!.join('-');
}

/** A new booking code in canonical form. */
export function generateBookingCode(random: RandomBytes = cryptoRandomBytes): string {
  return group(randomSymbols(BOOKING_CODE_ALPHABET, BOOKING_CODE_LENGTH, random));
}

/**
 * The canonical form of a typed code, or null when it cannot be one. Case, spaces and dashes are
 * forgiven. Look-alikes (O, 0, I, 1, L) are NOT mapped: both members of each pair are outside the
 * alphabet, so there is no safe guess and a wrong guess would only waste a rate-limited attempt.
 */
export function normalizeBookingCode(input: string): string | null {
  if (input.length > 64) return null;
  const compact = input.replace(SEPARATORS, '').toUpperCase();
  if (compact.length !== BOOKING_CODE_LENGTH) return null;
  for (const symbol of compact) if (!BOOKING_CODE_ALPHABET.includes(symbol)) return null;
  return group(compact);
}

/** True when `value` is a booking code in canonical form (use `normalizeBookingCode` on user input). */
export function isBookingCode(value: string): boolean {
  return CANONICAL_PATTERN.test(value);
}
