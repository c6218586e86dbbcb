import { BOOKING_CODE_ALPHABET, randomSymbols } from '@turnero/scheduling';

/** 10 symbols of the booking codes' unambiguous alphabet (31 symbols): ≈ 49.5 bits. */
export const REQUEST_CODE_LENGTH = 10;

const CODE_PATTERN = new RegExp(`^[${BOOKING_CODE_ALPHABET}]{${REQUEST_CODE_LENGTH}}$`);
/** Separators people type or paste between groups: spaces, dashes (ASCII and Unicode), dots, underscores. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212._]/g;

/** A new tracking code, e.g. 'K7M4QX9PTA'. */
export function generateRequestCode(): string {
  return randomSymbols(BOOKING_CODE_ALPHABET, REQUEST_CODE_LENGTH);
}

/** The stored form of a typed code (case and separators forgiven), or null when it cannot be one. */
export function normalizeRequestCode(value: string): string | null {
  if (value.length > 64) return null;
  const compact = value.replace(SEPARATORS, '').toUpperCase();
  return CODE_PATTERN.test(compact) ? compact : null;
}
