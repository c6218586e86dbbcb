import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addWorkingDays, type HolidayRegion } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { MessageChannels } from '../../notifications/channels/message-channels.js';

/** The graphile-worker task that queues the supervisors' daily digests. */
export const QUEUE_REQUEST_DIGESTS = 'queue_request_digests';
/**
 * Every 15 minutes (one job per tick for the whole cluster, graphile-worker's known_crontabs): each
 * office whose local time is between DIGEST_HOUR and DIGEST_LATEST_HOUR gets its digests; a tick
 * missed at 08:00 (an instance down) is made up by the next ones that morning.
 */
export const REQUEST_DIGEST_CRONTAB = `*/15 * * * * ${QUEUE_REQUEST_DIGESTS} ?max=1`;
/** The digest's local hour. */
export const DIGEST_HOUR = 8;
/** After this local hour a digest not queued that morning is not sent any more (the next morning's will be). */
export const DIGEST_LATEST_HOUR = 12;
/** "Due soon": due within this many working days from the office's today. */
export const DIGEST_DUE_WITHIN_WORKING_DAYS = 2;

interface OfficeRow {
  id: string;
  time_zone: string;
  holiday_country: string;
  holiday_region: string | null;
}

/** The office's today, its digest instant (today 08:00 local) and the last due date the digest lists. */
export function digestWindow(now: DateTime, office: { timeZone: string; holidays: HolidayRegion | null }): { today: string; at: DateTime; dueBy: string } {
  const local = now.setZone(office.timeZone);
  const today = local.toISODate()!;
  return { today, at: local.startOf('day').set({ hour: DIGEST_HOUR }), dueBy: addWorkingDays(today, DIGEST_DUE_WITHIN_WORKING_DAYS, office.holidays) };
}

/**
 * Queues the daily digest of requests (issue #17): one 'request_digest' email per active
 * supervisor with an address (staff_users.email) of each office that has open requests (received
 * or in progress: a request waiting for the person is paused) overdue or due within two working
 * days, at 08:00 office-local. Once per office, supervisor and day whatever the number of ticks or
 * instances: the outbox row's due_at is that day's 08:00 and `uq_notifications_request_digest`
 * (office, staff user, due_at) keeps the first (queue_request_notification's ON CONFLICT DO
 * NOTHING). The row names no request and no address; the composer lists them when it sends.
 */
@Injectable()
export class RequestDigestQueue {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
  ) {}

  /** Queues what is due now; returns how many digests were queued (0 when already queued today). */
  async queueDue(): Promise<number> {
    if (!this.channels.email) return 0;
    const now = this.clock.now();
    const offices = (await this.db.query(`SELECT id, time_zone, holiday_country, holiday_region FROM offices ORDER BY id`)) as OfficeRow[];
    let queued = 0;
    for (const office of offices) {
      const holidays = office.holiday_country ? { country: office.holiday_country, region: office.holiday_region } : null;
      const local = now.setZone(office.time_zone);
      if (local.hour < DIGEST_HOUR || local.hour >= DIGEST_LATEST_HOUR) continue;
      const { at, dueBy } = digestWindow(now, { timeZone: office.time_zone, holidays });
      const rows = (await this.db.query(
        `SELECT queue_request_notification('request_digest', 'email', NULL, s.id, s.office_id, $2::timestamptz, $3::timestamptz) AS id
           FROM staff_users s
          WHERE s.office_id = $1 AND s.role = 'supervisor' AND s.active AND s.email IS NOT NULL
            AND EXISTS (SELECT 1 FROM requests r WHERE r.office_id = $1 AND r.status IN ('received', 'in_progress') AND r.due_date <= $4::date)
          ORDER BY s.id`,
        [office.id, at.toJSDate(), now.toJSDate(), dueBy],
      )) as { id: string | null }[];
      queued += rows.filter((r) => r.id !== null).length;
    }
    return queued;
  }
}
