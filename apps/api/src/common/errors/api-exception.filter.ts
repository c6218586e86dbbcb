import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DATABASE_RETRY_AFTER_SECONDS, databaseOutage, isDatabaseUnavailable } from '../../database/database-errors.js';
import { ApiException } from './api.exception.js';
import { ErrorCode } from './error-code.js';
import { toErrorResponse } from './error-response.js';

/** The one place where exceptions become HTTP responses. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // PostgreSQL unreachable is not a fault of ours to log per request: 503 with Retry-After, one warning per outage.
    if (isDatabaseUnavailable(exception)) {
      databaseOutage.failed(exception, 'a request');
      exception = new ApiException(ErrorCode.DATABASE_UNAVAILABLE, 'The database is unavailable for a moment; please retry', undefined, {
        'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
      });
    }
    const { body, headers, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    void reply.status(body.statusCode).headers(headers).send(body);
  }
}
