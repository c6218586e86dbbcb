import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { StaffRole } from '../staff/staff-user.entity.js';
import { AuthService } from './auth.service.js';
import type { AuthenticatedUser } from './authenticated-user.js';
import { IS_PUBLIC } from './public.decorator.js';
import { ROLES } from './roles.decorator.js';

/**
 * Every route is for logged-in staff unless marked @Public(): 401 without a valid bearer token,
 * 403 when the route's @Roles() don't include the user's role.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, 'Log in and send the token as Authorization: Bearer <token>');
    }
    request.user = await this.auth.authenticate(token);

    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new ApiException(ErrorCode.FORBIDDEN, 'Your role does not allow this');
    }
    return true;
  }
}
