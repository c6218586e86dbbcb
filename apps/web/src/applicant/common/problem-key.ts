import type { Problem } from './api-call.js';

/** API error codes with their own words (applicant i18n `errors.<CODE>`); anything else is explained by its status. */
export const EXPLAINED_CODES = new Set([
  'SLOT_FULL',
  'DAY_FULL',
  'DUPLICATE_BOOKING',
  'INVALID_RUT',
  'INVALID_DOCUMENT',
  'OUTSIDE_BOOKING_WINDOW',
  'OFFICE_CLOSED',
  'NOT_A_SLOT',
  'SERVICE_NOT_BOOKABLE',
  'SERVICE_NOT_FOUND',
  'OFFICE_NOT_FOUND',
  'BOOKING_NOT_FOUND',
  'BOOKING_NOT_ACTIVE',
  'TICKET_NOT_FOUND',
  'NOT_FOUND',
  'MORE_TIME_ALREADY_USED',
  'INVALID_TRANSITION',
  'SURVEY_ALREADY_ANSWERED',
  'SURVEY_NOT_AVAILABLE',
  'SURVEY_EXPIRED',
  'VALIDATION_FAILED',
  'INVALID_DATE_RANGE',
  'RATE_LIMITED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'IDEMPOTENCY_KEY_REUSED',
  'PAYLOAD_TOO_LARGE',
  'CONTACT_REQUIRED',
  'UNSUPPORTED_ATTACHMENT',
  'REQUEST_NOT_FOUND',
  'TOPIC_NOT_FOUND',
  'LOOKUP_LOCKED',
  'ALREADY_WAITING',
  'ALREADY_BOOKED',
  'OFFER_EXPIRED',
  'GROUP_TOO_LARGE',
  'WAITLIST_ENTRY_NOT_FOUND',
  'VERIFIED_IDENTITY_REQUIRED',
  'IDENTITY_MISMATCH',
  'SIGN_IN_REQUIRED',
  'SERVICE_UNAVAILABLE',
  'OVERLOADED',
  'INTERNAL_ERROR',
  'NETWORK_ERROR',
]);

/** The i18n key under `errors.` that explains a problem. */
export function problemKey(problem: Problem): string {
  if (EXPLAINED_CODES.has(problem.code)) return problem.code;
  if (problem.status === 0) return 'NETWORK_ERROR';
  if (problem.status === 429) return 'RATE_LIMITED';
  if (problem.status >= 500) return 'SERVICE_UNAVAILABLE';
  if (problem.status === 404) return 'NOT_FOUND';
  return 'GENERIC';
}
