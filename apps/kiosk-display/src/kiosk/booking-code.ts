/**
 * Booking codes as the kiosk takes them: the alphabet and shape of libs/scheduling's
 * identity/booking-code.ts (which browser code may not import): 9 symbols of
 * `ABCDEFGHJKMNPQRSTUVWXYZ23456789`, shown as three groups of three ("K7M-4QX-9PT").
 */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 9;

/** The on-screen keyboard: digits, then the alphabet's letters in QWERTY rows (no I, L, O). */
export const KEYBOARD_ROWS = ['23456789', 'QWERTYUP', 'ASDFGHJK', 'ZXCVBNM'];

/** A typed symbol as it goes into the code, or null when the alphabet has no such symbol. */
export function codeSymbol(key: string): string | null {
  const symbol = key.toUpperCase();
  return symbol.length === 1 && CODE_ALPHABET.includes(symbol) ? symbol : null;
}

/** The symbols typed so far in groups of three: "K7M4Q" → "K7M-4Q". */
export function formatPartialCode(symbols: string): string {
  return (symbols.match(/.{1,3}/g) ?? []).join('-');
}

const CODE_IN_TEXT = new RegExp(`(?:^|[^A-Z0-9])([${CODE_ALPHABET}]{3})[^A-Z0-9]?([${CODE_ALPHABET}]{3})[^A-Z0-9]?([${CODE_ALPHABET}]{3})(?=$|[^A-Z0-9])`, 'g');

/**
 * The booking code in what a scanner typed: the booking's QR holds the code itself, but a scanner
 * set to another keyboard layout may turn '-' into another sign, and a QR may hold a link that ends
 * with the code. Returns the canonical code, or null.
 */
export function bookingCodeFromScan(text: string): string | null {
  const upper = text.trim().toUpperCase();
  let found: string | null = null;
  for (const match of upper.matchAll(CODE_IN_TEXT)) found = `${match[1]}-${match[2]}-${match[3]}`;
  return found;
}

/** A ticket's "follow your turn" link (its printed QR: `…/turno/<trackingCode>`), as a scanner types it. */
const TURN_LINK = /\/turno\/([A-Za-z0-9_-]{21}[AQgw])(?![A-Za-z0-9_-])/;

/** The tracking code of a scanned ticket QR, or null when the scan is something else. */
export function trackingCodeFromScan(scanned: string): string | null {
  return TURN_LINK.exec(scanned)?.[1] ?? null;
}
