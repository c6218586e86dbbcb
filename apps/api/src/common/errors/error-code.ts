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
  DUPLICATE_OFFICE_NAME = 'DUPLICATE_OFFICE_NAME',
  DUPLICATE_SERVICE_CODE = 'DUPLICATE_SERVICE_CODE',
  DUPLICATE_COUNTER_NAME = 'DUPLICATE_COUNTER_NAME',
  USERNAME_TAKEN = 'USERNAME_TAKEN',
  CANNOT_CHANGE_OWN_ROLE = 'CANNOT_CHANGE_OWN_ROLE',
  CONFLICT = 'CONFLICT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_LOGIN_ATTEMPTS = 'TOO_MANY_LOGIN_ATTEMPTS',
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
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
      return 400;
    case ErrorCode.UNAUTHORIZED:
    case ErrorCode.INVALID_CREDENTIALS:
      return 401;
    case ErrorCode.FORBIDDEN:
      return 403;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.OFFICE_NOT_FOUND:
    case ErrorCode.SERVICE_NOT_FOUND:
    case ErrorCode.COUNTER_NOT_FOUND:
    case ErrorCode.STAFF_NOT_FOUND:
      return 404;
    case ErrorCode.DUPLICATE_OFFICE_NAME:
    case ErrorCode.DUPLICATE_SERVICE_CODE:
    case ErrorCode.DUPLICATE_COUNTER_NAME:
    case ErrorCode.USERNAME_TAKEN:
    case ErrorCode.CANNOT_CHANGE_OWN_ROLE:
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
    case ErrorCode.TOO_MANY_LOGIN_ATTEMPTS:
    case ErrorCode.RATE_LIMITED:
      return 429;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case ErrorCode.INTERNAL_ERROR:
      return 500;
    default:
      return assertUnreachable(code);
  }
}
