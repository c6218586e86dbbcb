import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WaitlistFiguresShape } from './waitlist-report-figures.js';

/** The office and office-local days [from, to] a waitlist report reads. */
export interface WaitlistReportScope {
  officeId: string;
  from: string;
  to: string;
  timeZone: string;
}

/** A procedure's figures, or the office's (serviceId null). */
export interface WaitlistReportGroup {
  serviceId: string | null;
  figures: WaitlistFiguresShape;
}

/** A row of the grouped statement: the figures under their served names, with the grouping's key. */
interface GroupRow extends WaitlistFiguresShape {
  g: number;
  service_id: string | null;
}

// Instants from `from` at the office's local midnight to the day after `to` at local midnight ($2, $3, zone $4).
const IN_RANGE = (column: string) => `${column} >= ($2::date::timestamp AT TIME ZONE $4::text) AND ${column} < (($3::date + 1)::timestamp AT TIME ZONE $4::text)`;

/**
 * The waitlist report's SQL (issue #18), computed in PostgreSQL over the office's rows like the
 * other reports: one statement, every entry event (joined, removed, left) and every offer of the
 * range as one row of a union, grouped by procedure with `GROUPING SETS ((service_id), ())` so the
 * office's median is a median of its offers, not of its procedures' medians.
 */
@Injectable()
export class WaitlistReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async grouped(scope: WaitlistReportScope): Promise<WaitlistReportGroup[]> {
    const rows = (await this.db.query(
      `WITH events AS (
         SELECT e.service_id,
                (${IN_RANGE('e.joined_at')}) AS joined,
                (e.status = 'removed' AND e.ended_at IS NOT NULL AND ${IN_RANGE('e.ended_at')}) AS removed,
                (e.status = 'left' AND e.ended_at IS NOT NULL AND ${IN_RANGE('e.ended_at')}) AS left_list,
                NULL::text AS offer_status, false AS reused, NULL::float8 AS minutes
           FROM waitlist_entries e
          WHERE e.office_id = $1 AND ((${IN_RANGE('e.joined_at')}) OR (e.ended_at IS NOT NULL AND ${IN_RANGE('e.ended_at')}))
         UNION ALL
         SELECT o.service_id, false, false, false, o.status::text,
                (o.status = 'accepted' AND b.status IN ('confirmed', 'checked_in')),
                CASE WHEN o.status = 'accepted' AND o.ended_at IS NOT NULL THEN date_part('epoch', o.ended_at - o.offered_at) / 60 END
           FROM waitlist_offers o
           LEFT JOIN bookings b ON b.id = o.booking_id
          WHERE o.office_id = $1 AND ${IN_RANGE('o.offered_at')}
       )
       SELECT grouping(service_id) AS g, service_id::text AS service_id,
              count(*) FILTER (WHERE joined)::int AS joins,
              count(offer_status)::int AS offers,
              count(*) FILTER (WHERE offer_status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE offer_status = 'declined')::int AS declined,
              count(*) FILTER (WHERE offer_status = 'expired')::int AS expired,
              count(*) FILTER (WHERE removed)::int AS removed,
              count(*) FILTER (WHERE left_list)::int AS "left",
              count(*) FILTER (WHERE reused)::int AS "seatsReused",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS "medianMinutesToAccept"
         FROM events
        GROUP BY GROUPING SETS ((service_id), ())`,
      [scope.officeId, scope.from, scope.to, scope.timeZone],
    )) as GroupRow[];
    return rows.map(({ g, service_id, ...figures }) => ({ serviceId: g ? null : service_id, figures }));
  }

  /** The office's procedures (id and name) in its order. */
  async services(officeId: string): Promise<{ id: string; name: string }[]> {
    return (await this.db.query(`SELECT id::text AS id, name FROM services WHERE office_id = $1 ORDER BY position, name, id`, [officeId])) as { id: string; name: string }[];
  }
}
