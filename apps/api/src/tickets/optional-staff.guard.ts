import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';

/**
 * For @Public() routes that staff also use (the walk-in ticket: desk or kiosk): a request with a
 * bearer token is authenticated as usual (401 when the token is bad) and `request.user` is set, so
 * the service can keep staff to their office and record who issued; without a token it passes as
 * the public.
 */
@Injectable()
export class OptionalStaffGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; user?: AuthenticatedUser }>();
    const header = request.headers.authorization;
    if (!header) return true;
    const [scheme, token] = header.split(' ');
    request.user = await this.auth.authenticate(scheme?.toLowerCase() === 'bearer' && token ? token : '');
    return true;
  }
}
