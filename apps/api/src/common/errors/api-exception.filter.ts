import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { toErrorResponse } from './error-response.js';

/** The one place where exceptions become HTTP responses. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { body, headers, unexpected } = toErrorResponse(exception);
    if (unexpected) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    void reply.status(body.statusCode).headers(headers).send(body);
  }
}
