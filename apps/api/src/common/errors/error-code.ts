/**
 * Every machine-readable error the API returns, in one place. Services throw these codes; only
 * `httpStatusOf` decides the HTTP status, and it must handle every code (the compiler checks).
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_JSON = 'INVALID_JSON',
  INVALID_TIME_ZONE = 'INVALID_TIME_ZONE',
  INVALID_OPENING_HOURS = 'INVALID_OPENING_HOURS',
  SERVICE_NOT_IN_OFFICE = 'SERVICE_NOT_IN_OFFICE',
  OFFICE_REQUIRED = 'OFFICE_REQUIRED',
  UNAUTHORIZED = 'UNAUTHORIZED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  OFFICE_NOT_FOUND = 'OFFICE_NOT_FOUND',
  SERVICE_NOT_FOUND = 'SERVICE_NOT_FOUND',
  COUNTER_NOT_FOUND = 'COUNTER_NOT_FOUND',
  STAFF_NOT_FOUND = 'STAFF_NOT_FOUND',
  CLOSURE_NOT_FOUND = 'CLOSURE_NOT_FOUND',
  NOTICE_NOT_FOUND = 'NOTICE_NOT_FOUND',
  DUPLICATE_OFFICE_NAME = 'DUPLICATE_OFFICE_NAME',
  DUPLICATE_SERVICE_CODE = 'DUPLICATE_SERVICE_CODE',
  DUPLICATE_COUNTER_NAME = 'DUPLICATE_COUNTER_NAME',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  CANNOT_CHANGE_OWN_ROLE = 'CANNOT_CHANGE_OWN_ROLE',
  CLOSURE_IN_PAST = 'CLOSURE_IN_PAST',
  BOOKINGS_WOULD_LOSE_SLOT = 'BOOKINGS_WOULD_LOSE_SLOT',
  CONFLICT = 'CONFLICT',
  IDEMPOTENCY_REQUEST_IN_PROGRESS = 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_LOGIN_ATTEMPTS = 'TOO_MANY_LOGIN_ATTEMPTS',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** PostgreSQL cannot be reached (down, restarting): 503 with Retry-After. */
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  /** This instance has more to do than it can answer in time: shed before any work, 503 with Retry-After (overload/). */
  OVERLOADED = 'OVERLOADED',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  // Booking rules (the scheduling library's codes, API.md).
  SLOT_FULL = 'SLOT_FULL',
  DAY_FULL = 'DAY_FULL',
  DUPLICATE_BOOKING = 'DUPLICATE_BOOKING',
  INVALID_RUT = 'INVALID_RUT',
  INVALID_DOCUMENT = 'INVALID_DOCUMENT',
  OUTSIDE_BOOKING_WINDOW = 'OUTSIDE_BOOKING_WINDOW',
  INVALID_DATE_RANGE = 'INVALID_DATE_RANGE',
  OFFICE_CLOSED = 'OFFICE_CLOSED',
  NOT_A_SLOT = 'NOT_A_SLOT',
  SERVICE_NOT_BOOKABLE = 'SERVICE_NOT_BOOKABLE',
  TOO_EARLY = 'TOO_EARLY',
  TOO_LATE = 'TOO_LATE',
  WALK_IN_CAP_REACHED = 'WALK_IN_CAP_REACHED',
  BOOKING_NOT_FOUND = 'BOOKING_NOT_FOUND',
  BOOKING_NOT_ACTIVE = 'BOOKING_NOT_ACTIVE',
  /** More companions than the procedure's group size allows (services.max_group_size − 1). */
  GROUP_TOO_LARGE = 'GROUP_TOO_LARGE',
  // Tickets and queue.
  ALREADY_CHECKED_IN = 'ALREADY_CHECKED_IN',
  SERVICE_NOT_WALK_IN = 'SERVICE_NOT_WALK_IN',
  MORE_TIME_ALREADY_USED = 'MORE_TIME_ALREADY_USED',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  TICKET_NOT_FOUND = 'TICKET_NOT_FOUND',
  // Front desk (desk/).
  COUNTER_CLOSED = 'COUNTER_CLOSED',
  COUNTER_BUSY = 'COUNTER_BUSY',
  COUNTER_INACTIVE = 'COUNTER_INACTIVE',
  SERVICE_NOT_SERVED_BY_COUNTER = 'SERVICE_NOT_SERVED_BY_COUNTER',
  // Satisfaction surveys (surveys/).
  SURVEY_ALREADY_ANSWERED = 'SURVEY_ALREADY_ANSWERED',
  SURVEY_NOT_AVAILABLE = 'SURVEY_NOT_AVAILABLE',
  SURVEY_EXPIRED = 'SURVEY_EXPIRED',
  // Requests and complaints (requests/).
  /** A request or complaint needs an email or a phone to answer to. */
  CONTACT_REQUIRED = 'CONTACT_REQUIRED',
  /** An attachment that is not a PDF, JPEG or PNG by its content. */
  UNSUPPORTED_ATTACHMENT = 'UNSUPPORTED_ATTACHMENT',
  /** Someone else assigned the request first (details.assigneeId). */
  ASSIGNMENT_CONFLICT = 'ASSIGNMENT_CONFLICT',
  /** Too many lookups of a code with a wrong contact: locked for a while. */
  LOOKUP_LOCKED = 'LOOKUP_LOCKED',
  REQUEST_NOT_FOUND = 'REQUEST_NOT_FOUND',
  TOPIC_NOT_FOUND = 'TOPIC_NOT_FOUND',
  DUPLICATE_TOPIC_NAME = 'DUPLICATE_TOPIC_NAME',
  // Waitlist (waitlist/, issue #18).
  /** The document already waits (or holds an offer) for this procedure. */
  ALREADY_WAITING = 'ALREADY_WAITING',
  /** The document already has an active booking for this procedure. */
  ALREADY_BOOKED = 'ALREADY_BOOKED',
  /** No seat is held for the entry any more (the hold expired, was declined, or none was offered). */
  OFFER_EXPIRED = 'OFFER_EXPIRED',
  WAITLIST_ENTRY_NOT_FOUND = 'WAITLIST_ENTRY_NOT_FOUND',
  // Applicant sign-in with ClaveÚnica (identity/, issue #20).
  /** ClaveÚnica sign-in is not configured (CLAVEUNICA_CLIENT_ID unset). */
  CLAVEUNICA_DISABLED = 'CLAVEUNICA_DISABLED',
  /** The route is the signed-in applicant's own: no live ClaveÚnica session came with the request. */
  SIGN_IN_REQUIRED = 'SIGN_IN_REQUIRED',
  // Verified identity (identity/verified/, issue #20).
  /** The procedure requires a verified identity (services.requires_verified_identity): sign in with ClaveÚnica to book it. */
  VERIFIED_IDENTITY_REQUIRED = 'VERIFIED_IDENTITY_REQUIRED',
  /** Signed in with ClaveÚnica, the body names another person's document (details name the field). */
  IDENTITY_MISMATCH = 'IDENTITY_MISMATCH',
  // Staff single sign-on (auth/sso/, issue #20).
  /** Staff single sign-on is not configured (STAFF_OIDC_CLIENT_ID unset). */
  SSO_DISABLED = 'SSO_DISABLED',
  /** No valid single sign-on hand-off to turn into a session: missing, used, or older than 60 s. */
  SSO_HANDOFF_INVALID = 'SSO_HANDOFF_INVALID',
  /** Password login is off (STAFF_PASSWORD_LOGIN=false) for everyone but the bootstrap admin. */
  PASSWORD_LOGIN_DISABLED = 'PASSWORD_LOGIN_DISABLED',
}

function assertUnreachable(value: never): never {
  throw new Error(`Unmapped error code: ${String(value)}`);
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.INVALID_JSON:
    case ErrorCode.INVALID_TIME_ZONE:
    case ErrorCode.INVALID_OPENING_HOURS:
    case ErrorCode.SERVICE_NOT_IN_OFFICE:
    case ErrorCode.OFFICE_REQUIRED:
    case ErrorCode.INVALID_RUT:
    case ErrorCode.INVALID_DOCUMENT:
    case ErrorCode.INVALID_DATE_RANGE:
    case ErrorCode.CONTACT_REQUIRED:
    case ErrorCode.GROUP_TOO_LARGE:
      return 400;
    case ErrorCode.UNAUTHORIZED:
    case ErrorCode.INVALID_CREDENTIALS:
    case ErrorCode.SSO_HANDOFF_INVALID:
    case ErrorCode.SIGN_IN_REQUIRED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.PASSWORD_LOGIN_DISABLED:
    case ErrorCode.VERIFIED_IDENTITY_REQUIRED:
    case ErrorCode.IDENTITY_MISMATCH:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.OFFICE_NOT_FOUND:
    case ErrorCode.SERVICE_NOT_FOUND:
    case ErrorCode.COUNTER_NOT_FOUND:
    case ErrorCode.STAFF_NOT_FOUND:
    case ErrorCode.CLOSURE_NOT_FOUND:
    case ErrorCode.NOTICE_NOT_FOUND:
    case ErrorCode.BOOKING_NOT_FOUND:
    case ErrorCode.TICKET_NOT_FOUND:
    case ErrorCode.REQUEST_NOT_FOUND:
    case ErrorCode.TOPIC_NOT_FOUND:
    case ErrorCode.WAITLIST_ENTRY_NOT_FOUND:
    case ErrorCode.SSO_DISABLED:
    case ErrorCode.CLAVEUNICA_DISABLED:
      return 404;
    case ErrorCode.DUPLICATE_OFFICE_NAME:
    case ErrorCode.DUPLICATE_SERVICE_CODE:
    case ErrorCode.DUPLICATE_COUNTER_NAME:
    case ErrorCode.USERNAME_TAKEN:
    case ErrorCode.CANNOT_CHANGE_OWN_ROLE:
    case ErrorCode.CLOSURE_IN_PAST:
    case ErrorCode.BOOKINGS_WOULD_LOSE_SLOT:
    case ErrorCode.CONFLICT:
    case ErrorCode.SLOT_FULL:
    case ErrorCode.DAY_FULL:
    case ErrorCode.DUPLICATE_BOOKING:
    case ErrorCode.OUTSIDE_BOOKING_WINDOW:
    case ErrorCode.OFFICE_CLOSED:
    case ErrorCode.NOT_A_SLOT:
    case ErrorCode.SERVICE_NOT_BOOKABLE:
    case ErrorCode.TOO_EARLY:
    case ErrorCode.TOO_LATE:
    case ErrorCode.WALK_IN_CAP_REACHED:
    case ErrorCode.BOOKING_NOT_ACTIVE:
    case ErrorCode.ALREADY_CHECKED_IN:
    case ErrorCode.SERVICE_NOT_WALK_IN:
    case ErrorCode.MORE_TIME_ALREADY_USED:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.COUNTER_CLOSED:
    case ErrorCode.COUNTER_BUSY:
    case ErrorCode.COUNTER_INACTIVE:
    case ErrorCode.SERVICE_NOT_SERVED_BY_COUNTER:
    case ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS:
    case ErrorCode.SURVEY_ALREADY_ANSWERED:
    case ErrorCode.SURVEY_NOT_AVAILABLE:
    case ErrorCode.SURVEY_EXPIRED:
    case ErrorCode.ASSIGNMENT_CONFLICT:
    case ErrorCode.ALREADY_WAITING:
    case ErrorCode.ALREADY_BOOKED:
    case ErrorCode.OFFER_EXPIRED:
    case ErrorCode.DUPLICATE_TOPIC_NAME:
      return 409;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 422;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
    case ErrorCode.UNSUPPORTED_ATTACHMENT:
      return 415;
    case ErrorCode.TOO_MANY_LOGIN_ATTEMPTS:
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.LOOKUP_LOCKED:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
    case ErrorCode.DATABASE_UNAVAILABLE:
    case ErrorCode.OVERLOADED:
      return 503;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    default:
      return assertUnreachable(code);
  }
}
