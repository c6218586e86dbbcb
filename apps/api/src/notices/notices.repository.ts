import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { NoticeScope } from './dto/notice.dto.js';
import { OfficeNotice } from './office-notice.entity.js';

/** How far back the staff list shows ended notices. */
export const PAST_NOTICES_DAYS = 30;

/** A live notice as the public read keeps it (cached per office). */
export interface LiveNotice {
  id: string;
  message: string;
  startsAt: Date;
  endsAt: Date;
}

/** Which channels may carry a notice's messages: those configured on this instance. */
export interface NoticeChannels {
  email: boolean;
  sms: boolean;
}

/** The SQL of office notices: the reads the public and staff lists need, and the set-based queueing. */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The office's zone, or null for an unknown office. */
  async officeTimeZone(officeId: string, manager: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: { time_zone: string }[] = await manager.query(`SELECT time_zone FROM offices WHERE id = $1`, [officeId]);
    return row?.time_zone ?? null;
  }

  /** The office's notices not deleted and not ended at `now`, by start (index ix_office_notices_live). */
  async live(officeId: string, now: Date): Promise<LiveNotice[]> {
    const rows: { id: string; message: string; starts_at: Date; ends_at: Date }[] = await this.db.query(
      `SELECT id, message, starts_at, ends_at FROM office_notices
        WHERE office_id = $1 AND deleted_at IS NULL AND ends_at > $2
        ORDER BY starts_at, created_at`,
      [officeId, now],
    );
    return rows.map((row) => ({ id: row.id, message: row.message, startsAt: row.starts_at, endsAt: row.ends_at }));
  }

  /** The office's notices in the scopes asked (by `now`), each with the count of messages queued for it. */
  async forStaff(officeId: string, now: Date, scopes: NoticeScope[]): Promise<(OfficeNotice & { notified: number })[]> {
    const pastSince = new Date(now.getTime() - PAST_NOTICES_DAYS * 86_400_000);
    const rows: {
      id: string;
      office_id: string;
      message: string;
      starts_at: Date;
      ends_at: Date;
      created_by: string | null;
      created_at: Date;
      notified: number;
    }[] = await this.db.query(
      `SELECT n.id, n.office_id, n.message, n.starts_at, n.ends_at, n.created_by, n.created_at,
              (SELECT count(*)::int FROM notifications m WHERE m.notice_id = n.id) AS notified
         FROM office_notices n
        WHERE n.office_id = $1 AND n.deleted_at IS NULL
          AND (($3 AND n.starts_at <= $2 AND n.ends_at > $2) OR ($4 AND n.starts_at > $2) OR ($5 AND n.ends_at <= $2 AND n.ends_at > $6))
        ORDER BY n.starts_at, n.created_at`,
      [officeId, now, scopes.includes('current'), scopes.includes('upcoming'), scopes.includes('past'), pastSince],
    );
    return rows.map((row) => ({
      id: row.id,
      officeId: row.office_id,
      message: row.message,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      createdBy: row.created_by,
      createdAt: row.created_at,
      deletedAt: null,
      deletedBy: null,
      notified: row.notified,
    }));
  }

  /**
   * Queues one 'office_notice' message per confirmed booking of the office whose slot starts in
   * the notice's period and is not over at `now`, per channel: email with an address, SMS with
   * consent and a phone (each only when `channels` has it on), unless the office switched office
   * notices off. One statement decides and queues (no address or phone leaves the database), a
   * second ties the messages to the notice. Returns how many were queued.
   */
  async queueMessages(manager: EntityManager, notice: OfficeNotice, now: Date, channels: NoticeChannels): Promise<number> {
    const queued: { id: string }[] = await manager.query(
      `SELECT queue_notification('office_notice', m.channel, m.booking_id, NULL, $1::uuid, $4::timestamptz, $4::timestamptz) AS id
         FROM (SELECT b.id AS booking_id, c.channel
                 FROM bookings b
                 JOIN offices o ON o.id = b.office_id
                 CROSS JOIN (VALUES ('email'), ('sms')) AS c(channel)
                WHERE b.office_id = $1 AND b.status = 'confirmed'
                  AND b.slot_start >= $2 AND b.slot_start < $3 AND b.slot_end > $4
                  AND NOT ('office_notice' = ANY(o.notifications_off))
                  AND CASE c.channel WHEN 'email' THEN $5::boolean AND b.email IS NOT NULL ELSE $6::boolean AND b.sms_consent AND b.phone IS NOT NULL END
                ORDER BY b.slot_start, b.id, c.channel) AS m`,
      [notice.officeId, notice.startsAt, notice.endsAt, now, channels.email, channels.sms],
    );
    const ids = queued.map((row) => row.id).filter((id) => id !== null);
    if (ids.length > 0) await manager.query(`UPDATE notifications SET notice_id = $2 WHERE id = ANY($1::bigint[])`, [ids, notice.id]);
    return ids.length;
  }
}
