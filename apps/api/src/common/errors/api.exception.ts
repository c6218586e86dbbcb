import { ErrorCode } from './error-code.js';

/** One offending input: `field` is a dotted path into the body or query ("applicant.documentNumber"). */
export interface FieldProblem {
  field: string;
  messages: string[];
}

/** A failure the client can act on: a stable code, a message in plain words, optional details. */
export class ApiException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    // An answer the client can act on needs no stack trace, and capturing one (through Nest's and
    // Fastify's async frames) is a noticeable part of a refusal's cost when thousands are refused.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
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
