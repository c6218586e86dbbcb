import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TtlCache } from '../common/ttl-cache.js';
import { preparedQuery } from '../database/prepared.js';
import type { Office } from '../offices/office.entity.js';

/** What the desk reads of an office: its zone, its queue policy and its recall limit. */
export type DeskOffice = Pick<Office, 'id' | 'timeZone' | 'queuePolicy' | 'autoNoShowAfterRecalls'>;

/**
 * The offices as the desk reads them on every call, start, complete and recall: one memory for
 * the calling and the ticket services, each office read at most every two seconds (its settings
 * change rarely), with one prepared statement of the four columns. With a national service (500
 * offices, each called about every ten seconds) nearly every desk action found its office
 * expired, and TypeORM's findOneBy of the whole entity was a large part of a cycle's CPU.
 */
@Injectable()
export class DeskOffices {
  private readonly offices = new TtlCache<DeskOffice>(2_000, { maxEntries: 10_000 });

  /** On `manager`'s connection (a transaction's own, when it holds one: never a second connection while holding one). */
  get(manager: EntityManager, officeId: string): Promise<DeskOffice> {
    return this.offices.get(officeId, async () => {
      const [row] = await preparedQuery<{ id: string; time_zone: string; queue_policy: Office['queuePolicy']; auto_no_show_after_recalls: number }>(
        manager,
        `SELECT id, time_zone, queue_policy, auto_no_show_after_recalls FROM offices WHERE id = $1`,
        [officeId],
      );
      if (!row) throw new Error(`Office ${officeId} not found`);
      return { id: row.id, timeZone: row.time_zone, queuePolicy: row.queue_policy, autoNoShowAfterRecalls: row.auto_no_show_after_recalls };
    });
  }
}
