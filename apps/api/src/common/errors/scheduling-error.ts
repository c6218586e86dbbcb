import type { SchedulingError, SchedulingErrorCode } from '@turnero/scheduling';
import { ApiException, type FieldProblem } from './api.exception.js';
import { ErrorCode } from './error-code.js';

/** Every code of the scheduling library has its API code; adding one there without here does not compile. */
const API_CODE: Record<SchedulingErrorCode, ErrorCode> = {
  SLOT_FULL: ErrorCode.SLOT_FULL,
  DAY_FULL: ErrorCode.DAY_FULL,
  DUPLICATE_BOOKING: ErrorCode.DUPLICATE_BOOKING,
  INVALID_RUT: ErrorCode.INVALID_RUT,
  INVALID_DOCUMENT: ErrorCode.INVALID_DOCUMENT,
  OUTSIDE_BOOKING_WINDOW: ErrorCode.OUTSIDE_BOOKING_WINDOW,
  INVALID_DATE_RANGE: ErrorCode.INVALID_DATE_RANGE,
  OFFICE_CLOSED: ErrorCode.OFFICE_CLOSED,
  NOT_A_SLOT: ErrorCode.NOT_A_SLOT,
  SERVICE_NOT_BOOKABLE: ErrorCode.SERVICE_NOT_BOOKABLE,
  TOO_EARLY: ErrorCode.TOO_EARLY,
  TOO_LATE: ErrorCode.TOO_LATE,
  WALK_IN_CAP_REACHED: ErrorCode.WALK_IN_CAP_REACHED,
};

/** A broken scheduling rule as the API's error; `field` names the input it concerns, if any. */
export function schedulingException(error: SchedulingError, field?: string, details?: unknown): ApiException {
  const problems: FieldProblem[] | undefined = field ? [{ field, messages: [error.message] }] : undefined;
  return new ApiException(API_CODE[error.code], error.message, details ?? problems);
}
