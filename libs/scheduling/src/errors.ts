/**
 * The rule violations this library reports, named exactly as the API's error codes (API.md), so
 * the API maps them without translation. Functions return them; they never throw for a rule.
 */
export type SchedulingErrorCode =
  | 'SLOT_FULL'
  | 'DAY_FULL'
  | 'DUPLICATE_BOOKING'
  | 'INVALID_RUT'
  | 'INVALID_DOCUMENT'
  | 'OUTSIDE_BOOKING_WINDOW'
  | 'INVALID_DATE_RANGE'
  | 'OFFICE_CLOSED'
  | 'NOT_A_SLOT'
  | 'SERVICE_NOT_BOOKABLE'
  | 'TOO_EARLY'
  | 'TOO_LATE'
  | 'WALK_IN_CAP_REACHED';

export interface SchedulingError {
  code: SchedulingErrorCode;
  /** Plain-words explanation in English; the API and front ends localise by code. */
  message: string;
}

/** Either a value or the rule it broke. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SchedulingError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: SchedulingErrorCode, message: string): Result<T> => ({ ok: false, error: { code, message } });
