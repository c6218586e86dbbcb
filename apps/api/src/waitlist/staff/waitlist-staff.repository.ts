import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WaitlistEntryStatus } from './dto/waitlist-staff.dto.js';

/** The office, procedure (null: every one) and office-local days [from, to] an overview reads. */
export interface WaitlistOverviewScope {
  officeId: string;
  serviceId: string | null;
  from: string;
  to: string;
}

/** A row of the overview's grouped query: a procedure's day, a procedure (day null), or the total (both null). */
export interface WaitlistCountRow {
  serviceId: string | null;
  day: string | null;
  waiting: number;
  offered: number;
}

export interface WaitlistEntryRow {
  code: string;
  service_id: string;
  service_name: string;
  status: WaitlistEntryStatus;
  joined_at: Date;
  from_date: string;
  to_date: string;
  weekdays: number[] | null;
  morning_only: boolean;
  misses: number;
  place: number | null;
  ended_at: Date | null;
  slot_start: Date | null;
  slot_end: Date | null;
  expires_at: Date | null;
  cause: string | null;
}

/**
 * The staff's reads of the waitlist (issue #18), plain SQL over the tables of migration
 * 1795880000000-Waitlist. Counts only leave PostgreSQL for the overview; the entries' list selects
 * no name, document, email or phone, so none can reach an answer or a log by mistake.
 */
@Injectable()
export class WaitlistStaffRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Waiting entries per procedure and office-local day their wishes cover (range and weekdays; a
   * morning-only entry covers the day too), and held offers per day of their slot, with the
   * per-procedure and overall counts in the same statement: `count(DISTINCT …)` over GROUPING SETS,
   * so an entry waiting for twenty days of the range is one person in the totals, not twenty.
   * Each entry is joined only with the days of its range (`generate_series` bounded by both ranges).
   */
  async counts(scope: WaitlistOverviewScope): Promise<WaitlistCountRow[]> {
    const rows = (await this.db.query(
      `WITH covered AS (
         SELECT e.service_id, d.day::date AS day, e.id AS entry_id, NULL::uuid AS offer_id
           FROM waitlist_entries e
          CROSS JOIN LATERAL generate_series(greatest(e.from_date, $2::date), least(e.to_date, $3::date), interval '1 day') AS d(day)
          WHERE e.office_id = $1 AND e.status = 'waiting' AND ($4::uuid IS NULL OR e.service_id = $4::uuid)
            AND e.from_date <= $3::date AND e.to_date >= $2::date
            AND (e.weekdays IS NULL OR extract(isodow FROM d.day)::int = ANY (e.weekdays::int[]))
         UNION ALL
         SELECT o.service_id, o.local_date, NULL::uuid, o.id
           FROM waitlist_offers o
          WHERE o.office_id = $1 AND o.status = 'held' AND o.local_date BETWEEN $2::date AND $3::date AND ($4::uuid IS NULL OR o.service_id = $4::uuid)
       )
       SELECT grouping(service_id, day) AS g, service_id::text AS "serviceId", to_char(day, 'YYYY-MM-DD') AS day,
              count(DISTINCT entry_id)::int AS waiting, count(DISTINCT offer_id)::int AS offered
         FROM covered
        GROUP BY GROUPING SETS ((service_id, day), (service_id), ())`,
      [scope.officeId, scope.from, scope.to, scope.serviceId],
    )) as (WaitlistCountRow & { g: number })[];
    // grouping(service_id, day): 0 = a procedure's day, 1 = a procedure, 3 = the total.
    return rows.map(({ g, serviceId, day, waiting, offered }) => ({ serviceId: g & 0b10 ? null : serviceId, day: g & 0b01 ? null : day, waiting, offered }));
  }

  /**
   * Entries of the office in the given statuses, by procedure (the office's order) then order of
   * joining, with the held offer if any. A waiting entry's place counts the waiting entries of its
   * procedure joined before it (the partial index on (service_id, seq) WHERE status = 'waiting').
   */
  async entries(filter: { officeId: string; serviceId: string | null; statuses: readonly WaitlistEntryStatus[]; limit: number }): Promise<WaitlistEntryRow[]> {
    return (await this.db.query(
      `SELECT e.code, e.service_id::text AS service_id, s.name AS service_name, e.status, e.joined_at,
              to_char(e.from_date, 'YYYY-MM-DD') AS from_date, to_char(e.to_date, 'YYYY-MM-DD') AS to_date,
              e.weekdays::int[] AS weekdays, e.morning_only, e.misses, e.ended_at,
              CASE WHEN e.status = 'waiting'
                   THEN (SELECT count(*) FROM waitlist_entries w WHERE w.service_id = e.service_id AND w.status = 'waiting' AND w.seq <= e.seq)::int END AS place,
              o.slot_start, o.slot_end, o.expires_at, o.cause
         FROM waitlist_entries e
         JOIN services s ON s.id = e.service_id
         LEFT JOIN waitlist_offers o ON o.entry_id = e.id AND o.status = 'held'
        WHERE e.office_id = $1 AND ($2::uuid IS NULL OR e.service_id = $2::uuid) AND e.status::text = ANY ($3::text[])
        ORDER BY s.position, s.name, s.id, e.seq
        LIMIT $4`,
      [filter.officeId, filter.serviceId, filter.statuses, filter.limit],
    )) as WaitlistEntryRow[];
  }

  /** The office's procedures (id and name) in its order: names for the overview, and whether a procedure filter belongs to the office. */
  async services(officeId: string): Promise<{ id: string; name: string }[]> {
    return (await this.db.query(`SELECT id::text AS id, name FROM services WHERE office_id = $1 ORDER BY position, name, id`, [officeId])) as { id: string; name: string }[];
  }
}
