import { HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { ApiException } from './api.exception.js';
import { ErrorCode, httpStatusOf } from './error-code.js';
import { UNIQUE_CONSTRAINTS } from './unique-constraints.js';

/** The error body of API.md: `{ statusCode, error, message, details? }`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

export interface ErrorResponse {
  body: ErrorBody;
  headers: Record<string, string>;
  /** True for failures that are ours, not the client's: they are logged with their stack. */
  unexpected: boolean;
}

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

function fromApiException(error: ApiException): ErrorResponse {
  const body: ErrorBody = { statusCode: httpStatusOf(error.code), error: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  return { body, headers: error.headers, unexpected: false };
}

function fromDatabaseError(error: QueryFailedError): ApiException | undefined {
  const driverError = error.driverError as { code?: string; constraint?: string };
  switch (driverError.code) {
    case '23505': {
      const known = driverError.constraint ? UNIQUE_CONSTRAINTS[driverError.constraint] : undefined;
      return known
        ? new ApiException(known.code, known.message, [{ field: known.field, messages: [known.message] }])
        : new ApiException(ErrorCode.CONFLICT, 'This conflicts with data that already exists');
    }
    case '23503':
      return new ApiException(ErrorCode.CONFLICT, 'This refers to, or is referred to by, other data');
    case '23514':
    case '23502':
      return new ApiException(ErrorCode.CONFLICT, 'This breaks a rule of the stored data');
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
      return new ApiException(ErrorCode.VALIDATION_FAILED, 'A value has the wrong format or is out of range');
    case '40001':
    case '40P01':
      return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, 'The server is busy; please retry', undefined, { 'Retry-After': '1' });
    default:
      return undefined;
  }
}

/** Errors raised by Fastify itself before a route runs (body parsing, limits). */
function fromFastifyError(error: { code?: string; statusCode?: number; message: string }): ApiException | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send JSON (Content-Type: application/json)');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiException(ErrorCode.INVALID_JSON, 'The request body is not valid JSON');
    default:
      if (error instanceof SyntaxError && (error as SyntaxError & { statusCode?: number }).statusCode === 400) {
        return new ApiException(ErrorCode.INVALID_JSON, 'The request body is not valid JSON');
      }
      return undefined;
  }
}

function fromHttpException(error: HttpException): ErrorResponse {
  const statusCode = error.getStatus();
  const code = CODE_BY_HTTP_STATUS[statusCode] ?? ErrorCode.INTERNAL_ERROR;
  const headers: Record<string, string> = {};
  let message = error.message;
  if (error instanceof ThrottlerException) {
    message = 'Too many requests; please wait before trying again';
  } else if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE)/.test(message)) {
    message = 'No such endpoint';
  }
  const body: ErrorBody = { statusCode, error: code, message };
  // The health check's 503 carries which dependency is down; load balancers and people read it.
  const response = error.getResponse();
  if (statusCode === 503 && typeof response === 'object') body.details = response;
  return { body, headers, unexpected: statusCode >= 500 && statusCode !== 503 };
}

/** Turns anything thrown while handling a request into API.md's error shape. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof ApiException) return fromApiException(error);
  if (error instanceof HttpException) {
    // Nest wraps Fastify's own errors (body limits, bad JSON) in an HttpException with the cause.
    const fastifyError = error.cause instanceof Error ? fromFastifyError(error.cause) : undefined;
    return fastifyError ? fromApiException(fastifyError) : fromHttpException(error);
  }
  if (error instanceof QueryFailedError) {
    const mapped = fromDatabaseError(error);
    if (mapped) return fromApiException(mapped);
  }
  if (error instanceof Error) {
    const mapped = fromFastifyError(error as Error & { code?: string; statusCode?: number });
    if (mapped) return fromApiException(mapped);
  }
  return {
    body: { statusCode: 500, error: ErrorCode.INTERNAL_ERROR, message: 'Something went wrong on our side' },
    headers: {},
    unexpected: true,
  };
}
