import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { StaffRole } from '../staff/staff-user.entity.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';

/** Who is calling, as the auth guard found them in the database. */
export interface AuthenticatedUser {
  id: string;
  username: string;
  role: StaffRole;
  officeId: string | null;
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
  if (!user) throw new ApiException(ErrorCode.UNAUTHORIZED, 'Log in first');
  return user;
});

/**
 * The office rule of API.md: admins act on every office, supervisors and agents on their own only.
 * Answering 403 (not 404) tells nothing about the other office that the public list doesn't.
 */
export function assertOfficeAccess(user: AuthenticatedUser, officeId: string): void {
  if (user.role !== 'admin' && user.officeId !== officeId) {
    throw new ApiException(ErrorCode.FORBIDDEN, 'You can only act on your own office');
  }
}
