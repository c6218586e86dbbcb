import { createHash } from 'node:crypto';
import { ApiException } from '../common/errors/api.exception.js';

/** The request header of API.md, as clients send it (HTTP header names are case-insensitive). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set on a response that is the stored answer to an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** 1 to 128 visible ASCII characters (no spaces or control characters). */
const KEY_PATTERN = /^[\x21-\x7E]{1,128}$/;

/**
 * The client's key, `undefined` when the header is absent (the request is then not idempotent),
 * or a 400 naming the header when it is malformed or sent more than once.
 */
export function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header === 'string' && KEY_PATTERN.test(header)) return header;
  throw ApiException.validation([
    { field: IDEMPOTENCY_KEY_HEADER, messages: [`${IDEMPOTENCY_KEY_HEADER} must be sent once, as 1 to 128 visible ASCII characters`] },
  ]);
}

/**
 * Which requests share a key space: the method and route pattern, and the caller's account, so
 * that two users (or a user and an anonymous applicant) never see each other's stored responses.
 */
export function idempotencyScopeOf(method: string, routePattern: string, userId: string | undefined): string {
  return `${method.toUpperCase()} ${routePattern} ${userId ? `user:${userId}` : 'anonymous'}`;
}

/** JSON with the keys of every object sorted, so equal bodies give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortKeys((value as { toJSON(): unknown }).toJSON());
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, sortKeys(object[key])]),
  );
}

/**
 * What "the same request" means for a key: the concrete URL (path and query, so the same key on
 * /bookings/ABC/cancel and /bookings/XYZ/cancel differs) and the body, as SHA-256 hex.
 */
export function requestHashOf(url: string, body: unknown): string {
  return createHash('sha256').update(url).update('\n').update(canonicalJson(body ?? null)).digest('hex');
}
