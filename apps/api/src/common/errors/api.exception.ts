import { ErrorCode } from './error-code.js';

/** One offending input: `field` is a dotted path into the body or query ("applicant.documentNumber"). */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/**
 * An error thrown as an answer rather than as a fault: no stack trace is captured, since nobody
 * reads it and capturing one (through Nest's and Fastify's async frames) is a noticeable part of
 * a refusal's cost when thousands are refused.
 */
export class Refusal extends Error {
  constructor(message: string) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** A failure the client can act on: a stable code, a message in plain words, optional details. */
export class ApiException extends Refusal {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiException';
  }

  static validation(problems: FieldProblem[]): ApiException {
    const fields = problems.map((p) => p.field).join(', ');
    return new ApiException(ErrorCode.VALIDATION_FAILED, `Invalid input: ${fields}`, problems);
  }

  static notFound(code: ErrorCode, what: string): ApiException {
    return new ApiException(code, `${what} not found`);
  }
}
