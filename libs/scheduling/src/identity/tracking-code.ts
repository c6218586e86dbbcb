import { cryptoRandomBytes, type RandomBytes } from './random-bytes.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** 128 bits: a "follow your turn" link is a bearer secret that lives in a URL, so it must not be guessable. */
const TRACKING_CODE_BYTES = 16;
/** 22 base64url characters; the last carries only 2 data bits, so its low 4 bits are zero (A, Q, g or w). */
const TRACKING_CODE_PATTERN = /^[A-Za-z0-9_-]{21}[AQgw]$/;

function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.ceil(((Math.min(3, bytes.length - i)) * 8) / 6);
    for (let c = 0; c < chars; c++) out += BASE64URL[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** A new tracking code: 128 random bits as 22 URL-safe characters, no padding. */
export function generateTrackingCode(random: RandomBytes = cryptoRandomBytes): string {
  const bytes = random(TRACKING_CODE_BYTES);
  if (bytes.length < TRACKING_CODE_BYTES) throw new Error('random source returned too few bytes');
  return base64url(bytes.subarray(0, TRACKING_CODE_BYTES));
}

/** True when `value` has the exact shape of a tracking code (reject early, before any lookup). */
export function isTrackingCode(value: string): boolean {
  return TRACKING_CODE_PATTERN.test(value);
}
