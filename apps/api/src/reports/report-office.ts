import type { EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { assertDateRange } from './dto/date-range.dto.js';

/**
 * The office a report over a range of days is about, after the checks every report makes in the
 * same order (403 before 400 before 404, so an outsider learns nothing about the range or office).
 */
export async function reportOffice(manager: EntityManager, actor: AuthenticatedUser, officeId: string, range: { from: string; to: string }): Promise<Office> {
  assertOfficeAccess(actor, officeId);
  assertDateRange(range);
  const office = await manager.findOneBy(Office, { id: officeId });
  if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
  return office;
}
