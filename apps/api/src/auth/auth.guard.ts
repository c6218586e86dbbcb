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
  /**
   * Each route's @Public() and @Roles(), read once per handler and class: decorators are applied
   * when the classes are defined, so the metadata never changes afterwards, and reading it through
   * the Reflector on every request was measurable on the desk's hot routes (docs/benchmarks.md #19).
   */
  private readonly routes = new WeakMap<object, Map<object, RouteAccess>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { isPublic, roles } = this.accessOf(context.getHandler(), context.getClass());
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new ApiException(ErrorCode.UNAUTHORIZED, 'Log in and send the token as Authorization: Bearer <token>');
    }
    request.user = await this.auth.authenticate(token);

    if (roles && !roles.includes(request.user.role)) {
      throw new ApiException(ErrorCode.FORBIDDEN, 'Your role does not allow this');
    }
    return true;
  }

  /** The route's access metadata (handler over class, as getAllAndOverride reads it), remembered. */
  private accessOf(handler: object, type: object): RouteAccess {
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new Map()));
    let access = byClass.get(type);
    if (!access) {
      const targets = [handler, type] as Parameters<Reflector['getAllAndOverride']>[1];
      access = {
        isPublic: this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
        roles: this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets),
      };
      byClass.set(type, access);
    }
    return access;
  }
}

/** What AuthGuard reads from a route's decorators. */
interface RouteAccess {
  isPublic: boolean;
  roles: StaffRole[] | undefined;
}
