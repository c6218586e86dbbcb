import { SetMetadata } from '@nestjs/common';
import type { StaffRole } from '../staff/staff-user.entity.js';

export const ROLES = 'turnero:roles';

/** The staff roles allowed on a route; office scoping is checked by the service on top of this. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);
