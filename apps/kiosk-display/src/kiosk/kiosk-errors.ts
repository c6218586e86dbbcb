import type { ApiError } from '@turnero/api-client';

/** The kiosk's explained errors: es.ts `kiosk.errors.<key>` has a title and what to do next. */
export type KioskErrorKey =
  | 'BOOKING_NOT_FOUND'
  | 'INVALID_CODE'
  | 'TOO_EARLY'
  | 'TOO_LATE'
  | 'ALREADY_CHECKED_IN'
  | 'BOOKING_NOT_ACTIVE'
  | 'WALK_IN_CAP_REACHED'
  | 'OFFICE_CLOSED'
  | 'SERVICE_NOT_AVAILABLE'
  | 'RATE_LIMITED'
  | 'SURVEY_ALREADY_ANSWERED'
  | 'SURVEY_NOT_AVAILABLE'
  | 'SURVEY_EXPIRED'
  | 'TICKET_NOT_FOUND'
  | 'GENERIC';

export interface KioskError {
  key: KioskErrorKey;
  /** Interpolations of the message (times in the office's zone). */
  params: Record<string, string>;
  /** Whether trying again could help: a typo in the code, a network failure. */
  retry: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** How instants are shown: in the office's time zone and the chosen language (formatTime/formatDate of @turnero/ui). */
export interface InstantFormat {
  time(instant: string): string;
  date(instant: string): string;
}

/**
 * What the kiosk tells a person for an API error (apps/api/src/common/errors/error-code.ts): a
 * message key with its times, and whether another try could help.
 */
export function explainError(error: ApiError, format: InstantFormat): KioskError {
  const details = isRecord(error.details) ? error.details : {};
  const window = isRecord(details.window) ? details.window : {};
  const slotStart = text(details.slotStart);
  const time = (instant: string | null) => (instant ? format.time(instant) : '');
  switch (error.code) {
    case 'BOOKING_NOT_FOUND':
      return { key: 'BOOKING_NOT_FOUND', params: {}, retry: true };
    case 'VALIDATION_FAILED':
      return { key: 'INVALID_CODE', params: {}, retry: true };
    case 'TOO_EARLY':
      return {
        key: 'TOO_EARLY',
        params: { date: slotStart ? format.date(slotStart) : '', time: time(slotStart), from: time(text(window.from)) },
        retry: false,
      };
    case 'TOO_LATE':
      return { key: 'TOO_LATE', params: { time: time(slotStart) }, retry: false };
    case 'ALREADY_CHECKED_IN':
    case 'BOOKING_NOT_ACTIVE':
    case 'WALK_IN_CAP_REACHED':
    case 'OFFICE_CLOSED':
    case 'RATE_LIMITED':
      return { key: error.code, params: {}, retry: error.code === 'RATE_LIMITED' };
    case 'SURVEY_ALREADY_ANSWERED':
    case 'SURVEY_NOT_AVAILABLE':
    case 'SURVEY_EXPIRED':
    case 'TICKET_NOT_FOUND':
      return { key: error.code, params: {}, retry: false };
    case 'SERVICE_NOT_WALK_IN':
    case 'SERVICE_NOT_FOUND':
      return { key: 'SERVICE_NOT_AVAILABLE', params: {}, retry: false };
    default:
      // NETWORK_ERROR, 5xx, anything new: plain words, and another try.
      return { key: 'GENERIC', params: {}, retry: true };
  }
}
