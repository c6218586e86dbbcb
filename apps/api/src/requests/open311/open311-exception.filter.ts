import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { type ErrorBody, toErrorResponse } from '../../common/errors/error-response.js';
import { DATABASE_RETRY_AFTER_SECONDS, databaseOutage, isDatabaseUnavailable } from '../../database/database-errors.js';

/** One entry of Open311's error answer. */
export interface Open311Error {
  code: number;
  description: string;
}

/**
 * API.md's error body in Open311's error format: `[{ code, description }]`, code the HTTP status,
 * one entry per offending field for a VALIDATION_FAILED, each description beginning with our
 * error code ("CONTACT_REQUIRED: …") so that clients can tell refusals apart.
 */
export function toOpen311Errors(body: ErrorBody): Open311Error[] {
  if (Array.isArray(body.details) && body.details.length > 0 && body.statusCode === 400) {
    const fields = body.details as { field?: unknown; messages?: unknown }[];
    if (fields.every((d) => typeof d?.field === 'string' && Array.isArray(d.messages))) {
      return fields.map((d) => ({ code: body.statusCode, description: `${body.error}: ${(d.messages as string[]).join('; ')}` }));
    }
  }
  return [{ code: body.statusCode, description: `${body.error}: ${body.message}` }];
}

/**
 * The exception filter of the Open311 routes: the same mapping as ApiExceptionFilter (one
 * `toErrorResponse`, PostgreSQL outages as 503 with Retry-After, unexpected errors logged), in
 * Open311's shape and with the same HTTP status and headers.
 */
@Catch()
export class Open311ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (isDatabaseUnavailable(exception)) {
      databaseOutage.failed(exception, 'a request');
      exception = new ApiException(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable for a moment; please retry', undefined, {
        'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
      });
    }
    const { body, headers, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    void reply.status(body.statusCode).headers(headers).send(toOpen311Errors(body));
  }
}

/**
 * Errors raised before a route runs (the input guard's 415 and 400s, bad JSON, undecodable URLs,
 * an unknown path) are answered by the app's handler in API.md's shape; under /open311/ they are
 * turned into Open311's here, so every error a GeoReport client meets has one format.
 */
export function addOpen311ErrorShape(fastify: FastifyInstance, prefix: string): void {
  const base = `/${prefix}/`;
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode < 400 || typeof payload !== 'string' || !request.url.startsWith(base)) {
      done(null, payload);
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      done(null, payload);
      return;
    }
    const error = body as Partial<ErrorBody> | null;
    if (typeof error !== 'object' || error === null || Array.isArray(error) || typeof error.statusCode !== 'number' || typeof error.error !== 'string') {
      done(null, payload);
      return;
    }
    done(null, JSON.stringify(toOpen311Errors(error as ErrorBody)));
  });
}
