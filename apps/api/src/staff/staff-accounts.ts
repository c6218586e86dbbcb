import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TtlCache } from '../common/ttl-cache.js';
import { preparedQuery } from '../database/prepared.js';
import type { StaffRole } from './staff-user.entity.js';

/** What every staff request needs to know of its account. */
export interface ActiveAccount {
  id: string;
  username: string;
  role: StaffRole;
  officeId: string | null;
}

/**
 * The active staff accounts as the auth guard reads them before every staff request. An account
 * is read at most once a second per instance (a desk answers several requests a second), and
 * forgotten at once here when it is changed here, so a deactivation or a role change takes
 * effect at once on this instance and within a second on the others.
 */
@Injectable()
export class StaffAccounts {
  private readonly accounts = new TtlCache<ActiveAccount | null>(1_000, { maxEntries: 10_000 });

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The account if it exists and is active, else null. */
  active(id: string): Promise<ActiveAccount | null> {
    return this.accounts.get(id, async () => {
      const [row] = await preparedQuery<{ id: string; username: string; role: StaffRole; office_id: string | null }>(
        this.db.manager,
        `SELECT id, username, role, office_id FROM staff_users WHERE id = $1 AND active`,
        [id],
      );
      return row ? { id: row.id, username: row.username, role: row.role, officeId: row.office_id } : null;
    });
  }

  /** The account changed (role, office, name, activation): read it again on its next request. */
  changed(id: string): void {
    this.accounts.delete(id);
  }
}
