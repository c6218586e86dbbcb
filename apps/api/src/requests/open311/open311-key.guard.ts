import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { Open311ClientsService } from './open311-clients.service.js';

/** The request after Open311KeyGuard: the client its api_key belongs to. */
export type Open311Request = FastifyRequest & { open311ClientId?: string };

/**
 * POST /open311/v2/requests.json: the body's `api_key` must be an issued, unrevoked key, checked
 * before the body is validated, so a caller without one learns nothing but 403.
 */
@Injectable()
export class Open311KeyGuard implements CanActivate {
  constructor(private readonly clients: Open311ClientsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Open311Request>();
    const body = request.body as { api_key?: unknown } | null | undefined;
    const clientId = typeof body === 'object' && body !== null ? await this.clients.clientOf(body.api_key) : undefined;
    if (!clientId) throw new ApiException(ErrorCode.FORBIDDEN, 'api_key is missing, unknown or revoked');
    request.open311ClientId = clientId;
    return true;
  }
}
