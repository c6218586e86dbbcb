import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import type { StaffPermissionsResultDto } from './dto/desk.dto.js';

/** Desk permissions a supervisor grants to the staff of their office. */
@Injectable()
export class StaffPermissionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async set(actor: AuthenticatedUser, staffId: string, canCallOutOfOrder: boolean): Promise<StaffPermissionsResultDto> {
    const staff = await this.db.manager.findOneBy(StaffUser, { id: staffId });
    if (!staff) throw ApiException.notFound(ErrorCode.STAFF_NOT_FOUND, 'Staff user');
    if (staff.role === 'admin' || !staff.officeId) {
      if (actor.role !== 'admin') throw new ApiException(ErrorCode.FORBIDDEN, 'Only an admin can change an admin');
    } else {
      assertOfficeAccess(actor, staff.officeId);
    }
    await this.db.manager.update(StaffUser, staff.id, { canCallOutOfOrder });
    return { id: staff.id, username: staff.username, role: staff.role, officeId: staff.officeId, canCallOutOfOrder };
  }
}
