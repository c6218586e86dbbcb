import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReportGrouping } from './report-figures.js';

/** The office and range a report reads; `today` is the office's local date (bookings still to come). */
export interface ReportScope {
  officeId: string;
  from: string;
  to: string;
  timeZone: string;
  waitTargetMinutes: number;
  today: string;
  /** The Clock's now: a counter session still open counts up to it. */
  now: Date;
}

/** A row of a grouped query: `key` null with `total` false is the group of tickets without that dimension (never called). */
export interface Grouped<T> {
  key: string | null;
  total: boolean;
  figures: T;
}

export interface TicketFigures {
  arrivals: number;
  walkInsIssued: number;
  served: number;
  ticketNoShows: number;
  unserved: number;
  waitMean: number | null;
  waitMedian: number | null;
  waitP90: number | null;
  waitWithin: number | null;
  serviceMean: number | null;
  serviceMedian: number | null;
  quotedMean: number | null;
  quotedActualMean: number | null;
  surveys: number;
  ratingMean: number | null;
}

export interface BookingFigures {
  booked: number;
  cancelled: number;
  checkedIn: number;
  noShow: number;
  pending: number;
}

export interface UtilisationFigures {
  busy: number;
  staffed: number;
}

export interface YearTicketFigures extends TicketFigures {
  servedByAppointment: number;
  servedWalkIns: number;
}

/** A row of the yearly queries: month and service null where the row is a total over them. */
export interface YearGrouped<T> {
  month: number | null;
  serviceId: string | null;
  figures: T;
}

export interface HeatmapRow {
  weekday: number;
  hour: number;
  arrivals: number;
  walkIns: number;
}

// The report queries name their parameters (ReportsRepository.run): :office, :from and :to (local
// dates), :zone (the office's time zone), :target (wait standard, minutes), :today (local date),
// :now (the Clock's instant).
/** The office-local hour (0–23) of an instant column. */
const LOCAL_HOUR = (instant: string) => `date_part('hour', ${instant} AT TIME ZONE :zone::text)::int`;

/**
 * A grouping's key, computed in its native type (sorting dates, uuids and integers is cheaper than
 * sorting text) and written as the API's key string at the end ("2026-12-01", a uuid, "09").
 */
interface Dimension {
  expression: string;
  output: string;
}
const asText: Pick<Dimension, 'output'> = { output: 'k::text' };
const hourText: Pick<Dimension, 'output'> = { output: "lpad(k::text, 2, '0')" };

const TICKET_DIMENSION: Record<ReportGrouping, Dimension> = {
  day: { expression: 't.local_date', ...asText },
  service: { expression: 't.service_id', ...asText },
  counter: { expression: 't.counter_id', ...asText },
  agent: { expression: 't.agent_id', ...asText },
  hour: { expression: LOCAL_HOUR('t.issued_at'), ...hourText },
};

const BOOKING_DIMENSION: Partial<Record<ReportGrouping, Dimension>> = {
  day: { expression: 'b.local_date', ...asText },
  service: { expression: 'b.service_id', ...asText },
  hour: { expression: LOCAL_HOUR('b.slot_start'), ...hourText },
};

const REFUSAL_DIMENSION: Partial<Record<ReportGrouping, Dimension>> = {
  day: { expression: 'w.local_date', ...asText },
  service: { expression: 'w.service_id', ...asText },
};

/** The key column and its GROUPING flag over a CTE's `k`, or the totals alone when the grouping does not apply. */
function keyColumns(dimension: Dimension | undefined): string {
  return dimension ? `${dimension.output} AS k, GROUPING(k) = 1 AS total` : 'NULL AS k, true AS total';
}

function groupingSets(dimension: Dimension | undefined): string {
  return dimension ? 'GROUPING SETS ((k), ())' : 'GROUPING SETS (())';
}

/**
 * Per ticket, in double precision (date_part, not extract, which computes in numeric: slower to
 * compute, sort and aggregate): the wait to the call (from arrival, or from the slot's start for an appointment
 * checked in early; never negative), the minutes from issue to call (to compare with the quote),
 * the service time of a completed ticket, and the survey's rating.
 */
const TICKET_MEASURES = `
  t.kind, t.status, t.quoted_wait_minutes,
  CASE WHEN t.called_at IS NOT NULL
       THEN greatest(0, date_part('epoch', t.called_at - greatest(t.issued_at, coalesce(t.slot_start, t.issued_at))) / 60) END AS wait,
  CASE WHEN t.called_at IS NOT NULL THEN date_part('epoch', t.called_at - t.issued_at) / 60 END AS wait_from_issue,
  CASE WHEN t.status = 'done' AND t.started_at IS NOT NULL AND t.completed_at IS NOT NULL
       THEN date_part('epoch', t.completed_at - t.started_at) / 60 END AS service_minutes,
  s.rating`;

/** The office's tickets with their survey answers (the answers read through their office index). */
const TICKETS_WITH_SURVEYS = `tickets t LEFT JOIN survey_answers s ON s.ticket_id = t.id AND s.office_id = :office`;

/** Aggregates over TICKET_MEASURES; percentiles with percentile_cont, which skips NULLs (tickets not called). */
const TICKET_AGGREGATES = `
  count(*)::int AS arrivals,
  count(*) FILTER (WHERE kind = 'walk_in')::int AS walk_ins_issued,
  count(*) FILTER (WHERE status = 'done')::int AS served,
  count(*) FILTER (WHERE status = 'done' AND kind = 'appointment')::int AS served_by_appointment,
  count(*) FILTER (WHERE status = 'done' AND kind = 'walk_in')::int AS served_walk_ins,
  count(*) FILTER (WHERE status = 'no_show')::int AS ticket_no_shows,
  count(*) FILTER (WHERE status = 'cancelled')::int AS unserved,
  avg(wait)::float8 AS wait_mean,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY wait) AS wait_median,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY wait) AS wait_p90,
  avg(CASE WHEN wait <= :target THEN 1 WHEN wait IS NOT NULL THEN 0 END)::float8 AS wait_within,
  avg(service_minutes)::float8 AS service_mean,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY service_minutes) AS service_median,
  avg(quoted_wait_minutes) FILTER (WHERE wait_from_issue IS NOT NULL)::float8 AS quoted_mean,
  avg(wait_from_issue) FILTER (WHERE quoted_wait_minutes IS NOT NULL)::float8 AS quoted_actual_mean,
  count(rating)::int AS surveys,
  avg(rating)::float8 AS rating_mean`;

interface TicketAggregateRow {
  arrivals: number;
  walk_ins_issued: number;
  served: number;
  served_by_appointment: number;
  served_walk_ins: number;
  ticket_no_shows: number;
  unserved: number;
  wait_mean: number | null;
  wait_median: number | null;
  wait_p90: number | null;
  wait_within: number | null;
  service_mean: number | null;
  service_median: number | null;
  quoted_mean: number | null;
  quoted_actual_mean: number | null;
  surveys: number;
  rating_mean: number | null;
}

const BOOKING_AGGREGATES = `
  count(*)::int AS booked,
  count(*) FILTER (WHERE b.status = 'cancelled')::int AS cancelled,
  count(*) FILTER (WHERE b.status = 'checked_in')::int AS checked_in,
  count(*) FILTER (WHERE b.status IN ('no_show', 'expired') OR (b.status = 'confirmed' AND b.local_date < :today::date))::int AS no_show,
  count(*) FILTER (WHERE b.status = 'confirmed' AND b.local_date >= :today::date)::int AS pending`;

interface BookingAggregateRow {
  booked: number;
  cancelled: number;
  checked_in: number;
  no_show: number;
  pending: number;
}

/**
 * The reports' SQL: every figure is aggregated in PostgreSQL over the office's range of days (the
 * (office_id, local_date) indexes of tickets and bookings), with GROUPING SETS giving the groups and
 * the totals in one statement each, so percentiles of the totals are true percentiles.
 */
@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async tickets(scope: ReportScope, groupBy: ReportGrouping): Promise<Grouped<TicketFigures>[]> {
    const rows = (await this.run(
      `WITH base AS (
         SELECT ${TICKET_DIMENSION[groupBy].expression} AS k, ${TICKET_MEASURES}
           FROM ${TICKETS_WITH_SURVEYS}
          WHERE t.office_id = :office AND t.local_date BETWEEN :from::date AND :to::date
       )
       SELECT ${keyColumns(TICKET_DIMENSION[groupBy])}, ${TICKET_AGGREGATES}
         FROM base GROUP BY ${groupingSets(TICKET_DIMENSION[groupBy])}`,
      scope,
    )) as (TicketAggregateRow & { k: string | null; total: boolean })[];
    return rows.map((r) => ({ key: r.k, total: r.total, figures: ticketFigures(r) }));
  }

  /** Bookings by their appointment's day, service or local hour; other groupings get the totals only. */
  async bookings(scope: ReportScope, groupBy: ReportGrouping): Promise<Grouped<BookingFigures>[]> {
    const dimension = BOOKING_DIMENSION[groupBy];
    const rows = (await this.run(
      `WITH base AS (
         SELECT ${dimension?.expression ?? 'NULL'} AS k, b.status, b.local_date
           FROM bookings b
          WHERE b.office_id = :office AND b.local_date BETWEEN :from::date AND :to::date
       )
       SELECT ${keyColumns(dimension)}, ${BOOKING_AGGREGATES}
         FROM base b GROUP BY ${groupingSets(dimension)}`,
      scope,
    )) as (BookingAggregateRow & { k: string | null; total: boolean })[];
    return rows.map((r) => ({ key: r.k, total: r.total, figures: bookingFigures(r) }));
  }

  /** Walk-ins refused by the cap (walk_in_tallies: per service and day). */
  async refusals(scope: ReportScope, groupBy: ReportGrouping): Promise<Grouped<{ refused: number }>[]> {
    const dimension = REFUSAL_DIMENSION[groupBy];
    const rows = (await this.run(
      `WITH base AS (
         SELECT ${dimension?.expression ?? 'NULL'} AS k, w.refused
           FROM walk_in_tallies w JOIN services sv ON sv.id = w.service_id
          WHERE sv.office_id = :office AND w.local_date BETWEEN :from::date AND :to::date
       )
       SELECT ${keyColumns(dimension)}, coalesce(sum(refused), 0)::int AS refused
         FROM base GROUP BY ${groupingSets(dimension)}`,
      scope,
    )) as { k: string | null; total: boolean; refused: number }[];
    return rows.map((r) => ({ key: r.k, total: r.total, figures: { refused: r.refused } }));
  }

  /**
   * Minutes serving and minutes staffed per counter (or agent) and office-local day, grouped by
   * day, by the unit itself, or only totalled. Staffed: the unit's logged sessions
   * (counter_session_log; an agent's are those they opened, on any counter), each cut to the day it
   * overlaps, one still open running up to :now. A day on which the office has no logged session
   * at all (before the log existed) falls back to each unit's span from its first call to its last
   * completion (or call) that day.
   */
  async utilisation(scope: ReportScope, unit: 'counter' | 'agent', groupBy: 'day' | 'unit' | 'none'): Promise<Grouped<UtilisationFigures>[]> {
    const column = unit === 'counter' ? 'counter_id' : 'agent_id';
    const dimension: Dimension | undefined = groupBy === 'day' ? { expression: 'local_date', ...asText } : groupBy === 'unit' ? { expression: 'unit', ...asText } : undefined;
    const rows = (await this.run(
      `WITH sessions AS (
         SELECT l.${column} AS unit, l.opened_at, coalesce(l.closed_at, greatest(l.opened_at, :now::timestamptz)) AS until
           FROM counter_session_log l
          WHERE l.office_id = :office AND l.opened_at < (:to::date + 1)::timestamp AT TIME ZONE :zone::text
            AND (l.closed_at IS NULL OR l.closed_at > :from::date::timestamp AT TIME ZONE :zone::text)
       ), session_days AS (
         SELECT s.unit, s.opened_at, s.until, d.local_date,
                d.local_date::timestamp AT TIME ZONE :zone::text AS day_start, (d.local_date + 1)::timestamp AT TIME ZONE :zone::text AS day_end
           FROM sessions s
          CROSS JOIN LATERAL generate_series(0, (s.until AT TIME ZONE :zone::text)::date - (s.opened_at AT TIME ZONE :zone::text)::date) AS i
          CROSS JOIN LATERAL (SELECT (s.opened_at AT TIME ZONE :zone::text)::date + i AS local_date) d
          WHERE d.local_date BETWEEN :from::date AND :to::date
       ), logged AS (
         SELECT local_date, unit, sum(date_part('epoch', least(until, day_end) - greatest(opened_at, day_start))) / 60 AS staffed
           FROM session_days WHERE opened_at < day_end AND until > day_start
          GROUP BY local_date, unit
       ), worked AS (
         SELECT t.local_date, t.${column} AS unit,
                coalesce(sum(date_part('epoch', t.completed_at - t.started_at))
                  FILTER (WHERE t.status = 'done' AND t.started_at IS NOT NULL AND t.completed_at IS NOT NULL), 0) / 60 AS busy,
                date_part('epoch', max(greatest(t.called_at, coalesce(t.completed_at, t.called_at))) - min(t.called_at)) / 60 AS span
           FROM tickets t
          WHERE t.office_id = :office AND t.local_date BETWEEN :from::date AND :to::date AND t.called_at IS NOT NULL AND t.${column} IS NOT NULL
          GROUP BY t.local_date, t.${column}
       ), spans AS (
         SELECT coalesce(w.local_date, g.local_date) AS local_date, coalesce(w.unit, g.unit) AS unit, coalesce(w.busy, 0) AS busy,
                CASE WHEN EXISTS (SELECT 1 FROM logged x WHERE x.local_date = coalesce(w.local_date, g.local_date)) THEN coalesce(g.staffed, 0) ELSE w.span END AS staffed
           FROM worked w FULL JOIN logged g ON g.local_date = w.local_date AND g.unit = w.unit
       )
       SELECT ${keyColumns(dimension)}, coalesce(sum(busy), 0)::float8 AS busy, coalesce(sum(staffed), 0)::float8 AS staffed
         FROM (SELECT ${dimension?.expression ?? 'NULL'} AS k, busy, staffed FROM spans) base GROUP BY ${groupingSets(dimension)}`,
      scope,
    )) as { k: string | null; total: boolean; busy: number; staffed: number }[];
    return rows.map((r) => ({ key: r.k, total: r.total, figures: { busy: r.busy, staffed: r.staffed } }));
  }

  /** The year's tickets per month × service, per month, per service and in total. */
  async yearTickets(scope: ReportScope): Promise<YearGrouped<YearTicketFigures>[]> {
    const rows = (await this.run(
      `WITH base AS (
         SELECT date_part('month', t.local_date)::int AS month, t.service_id, ${TICKET_MEASURES}
           FROM ${TICKETS_WITH_SURVEYS}
          WHERE t.office_id = :office AND t.local_date BETWEEN :from::date AND :to::date
       )
       SELECT month, service_id, GROUPING(month) = 1 AS all_months, GROUPING(service_id) = 1 AS all_services, ${TICKET_AGGREGATES}
         FROM base GROUP BY GROUPING SETS ((month, service_id), (month), (service_id), ())`,
      scope,
    )) as (TicketAggregateRow & { month: number | null; service_id: string | null; all_months: boolean; all_services: boolean })[];
    return rows.map((r) => ({
      month: r.all_months ? null : r.month,
      serviceId: r.all_services ? null : r.service_id,
      figures: { ...ticketFigures(r), servedByAppointment: r.served_by_appointment, servedWalkIns: r.served_walk_ins },
    }));
  }

  async yearBookings(scope: ReportScope): Promise<YearGrouped<BookingFigures>[]> {
    const rows = (await this.run(
      `SELECT date_part('month', b.local_date)::int AS month, b.service_id,
              GROUPING(date_part('month', b.local_date)::int) = 1 AS all_months, GROUPING(b.service_id) = 1 AS all_services, ${BOOKING_AGGREGATES}
         FROM bookings b
        WHERE b.office_id = :office AND b.local_date BETWEEN :from::date AND :to::date
        GROUP BY GROUPING SETS ((date_part('month', b.local_date)::int, b.service_id), (date_part('month', b.local_date)::int), (b.service_id), ())`,
      scope,
    )) as (BookingAggregateRow & { month: number | null; service_id: string | null; all_months: boolean; all_services: boolean })[];
    return rows.map((r) => ({ month: r.all_months ? null : r.month, serviceId: r.all_services ? null : r.service_id, figures: bookingFigures(r) }));
  }

  async yearRefusals(scope: ReportScope): Promise<YearGrouped<{ refused: number }>[]> {
    const rows = (await this.run(
      `SELECT date_part('month', w.local_date)::int AS month, w.service_id,
              GROUPING(date_part('month', w.local_date)::int) = 1 AS all_months, GROUPING(w.service_id) = 1 AS all_services,
              coalesce(sum(w.refused), 0)::int AS refused
         FROM walk_in_tallies w JOIN services sv ON sv.id = w.service_id
        WHERE sv.office_id = :office AND w.local_date BETWEEN :from::date AND :to::date
        GROUP BY GROUPING SETS ((date_part('month', w.local_date)::int, w.service_id), (date_part('month', w.local_date)::int), (w.service_id), ())`,
      scope,
    )) as { month: number | null; service_id: string | null; all_months: boolean; all_services: boolean; refused: number }[];
    return rows.map((r) => ({ month: r.all_months ? null : r.month, serviceId: r.all_services ? null : r.service_id, figures: { refused: r.refused } }));
  }

  /** Tickets issued per office-local ISO weekday and hour. */
  async arrivals(scope: ReportScope): Promise<HeatmapRow[]> {
    return (await this.run(
      `SELECT date_part('isodow', t.issued_at AT TIME ZONE :zone::text)::int AS weekday, date_part('hour', t.issued_at AT TIME ZONE :zone::text)::int AS hour,
              count(*)::int AS arrivals, count(*) FILTER (WHERE t.kind = 'walk_in')::int AS "walkIns"
         FROM tickets t
        WHERE t.office_id = :office AND t.local_date BETWEEN :from::date AND :to::date
        GROUP BY 1, 2`,
      scope,
    )) as HeatmapRow[];
  }

  /** Runs a report query, its :named parameters numbered in order of first use (each typed where used). */
  private run(sql: string, scope: ReportScope): Promise<unknown> {
    const names: string[] = [];
    const text = sql.replace(/(?<!:):([a-z]+)\b/g, (_, name: string) => {
      if (!names.includes(name)) names.push(name);
      return `$${names.indexOf(name) + 1}`;
    });
    return this.db.query(text, names.map((name) => parameter(name, scope)));
  }

  async services(officeId: string): Promise<{ id: string; name: string; code: string; mode: string; active: boolean }[]> {
    return this.db.query(`SELECT id, name, code, mode, active FROM services WHERE office_id = $1 ORDER BY position, code`, [officeId]);
  }

  async counters(officeId: string): Promise<{ id: string; name: string }[]> {
    return this.db.query(`SELECT id, name FROM counters WHERE office_id = $1`, [officeId]);
  }

  async agents(ids: string[]): Promise<{ id: string; username: string }[]> {
    if (ids.length === 0) return [];
    return this.db.query(`SELECT id, username FROM staff_users WHERE id = ANY($1::uuid[])`, [ids]);
  }
}

/** The value of each named parameter of the report queries. */
function parameter(name: string, scope: ReportScope): unknown {
  switch (name) {
    case 'office':
      return scope.officeId;
    case 'from':
      return scope.from;
    case 'to':
      return scope.to;
    case 'zone':
      return scope.timeZone;
    case 'target':
      return scope.waitTargetMinutes;
    case 'today':
      return scope.today;
    case 'now':
      return scope.now;
    default:
      throw new Error(`Unknown report parameter :${name}`);
  }
}

function ticketFigures(r: TicketAggregateRow): TicketFigures {
  return {
    arrivals: r.arrivals,
    walkInsIssued: r.walk_ins_issued,
    served: r.served,
    ticketNoShows: r.ticket_no_shows,
    unserved: r.unserved,
    waitMean: r.wait_mean,
    waitMedian: r.wait_median,
    waitP90: r.wait_p90,
    waitWithin: r.wait_within,
    serviceMean: r.service_mean,
    serviceMedian: r.service_median,
    quotedMean: r.quoted_mean,
    quotedActualMean: r.quoted_actual_mean,
    surveys: r.surveys,
    ratingMean: r.rating_mean,
  };
}

function bookingFigures(r: BookingAggregateRow): BookingFigures {
  return { booked: r.booked, cancelled: r.cancelled, checkedIn: r.checked_in, noShow: r.no_show, pending: r.pending };
}
