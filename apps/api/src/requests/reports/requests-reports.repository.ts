import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The office and range a requests report reads: office-local days, both inclusive. */
export interface RequestsScope {
  officeId: string;
  from: string;
  to: string;
  timeZone: string;
}

/** Which dimension a row of the grouped query belongs to. */
export type RequestsDimension = 'kind' | 'topic' | 'channel' | 'agent' | 'total';

/** The figures of a group of requests filed in the range (a cohort: what became of them so far). */
export interface RequestsFigures {
  received: number;
  answered: number;
  open: number;
  answeredOnTime: number;
  onTimeShare: number | null;
  medianWorkingDays: number | null;
  ratings: number;
  ratingMean: number | null;
}

export interface RequestsGroup {
  dimension: RequestsDimension;
  key: string | null;
  figures: RequestsFigures;
}

export interface RatingCount {
  rating: number;
  count: number;
}

/** Open requests filed on one office-local day (the backlog's age is computed from it in working days). */
export interface OpenByFilingDay {
  filedOn: string;
  count: number;
}

/** A month of the yearly account (null: the whole year), per kind (null: every kind). */
export interface RequestsYearRow {
  month: number | null;
  kind: string | null;
  figures: RequestsFigures;
}

interface FiguresRow {
  received: number;
  answered: number;
  open: number;
  on_time: number;
  on_time_share: number | null;
  median_days: number | null;
  ratings: number;
  rating_mean: number | null;
}

// The range is the office-local days [from, to]: instants from `from` at local midnight to the day
// after `to` at local midnight, so the (office_id, filed_at) index is read as a range.
const FILED_IN_RANGE = `r.office_id = $1 AND r.filed_at >= ($2::date::timestamp AT TIME ZONE $4::text) AND r.filed_at < (($3::date + 1)::timestamp AT TIME ZONE $4::text)`;

const FIGURES = `count(*)::int AS received,
       count(*) FILTER (WHERE r.answered_at IS NOT NULL)::int AS answered,
       count(*) FILTER (WHERE r.status IN ('received', 'in_progress', 'waiting'))::int AS open,
       count(*) FILTER (WHERE r.answered_on_time)::int AS on_time,
       avg(CASE WHEN r.answered_on_time THEN 1.0 ELSE 0.0 END) FILTER (WHERE r.answered_on_time IS NOT NULL)::float8 AS on_time_share,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY r.answer_working_days) AS median_days,
       count(r.rating)::int AS ratings,
       avg(r.rating)::float8 AS rating_mean`;

function figures(row: FiguresRow): RequestsFigures {
  return {
    received: row.received,
    answered: row.answered,
    open: row.open,
    answeredOnTime: row.on_time,
    onTimeShare: row.on_time_share,
    medianWorkingDays: row.median_days,
    ratings: row.ratings,
    ratingMean: row.rating_mean,
  };
}

/**
 * The requests reports' SQL (issue #17): aggregates computed in PostgreSQL over the office's
 * requests filed in the range, read through `ix_requests_office_filed (office_id, filed_at)`; the
 * open backlog through `ix_requests_office_status_due (office_id, status, due_date)`. One statement
 * per family of figures, `GROUPING SETS` so the totals (and their median) come from the rows.
 */
@Injectable()
export class RequestsReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** By kind, topic, channel and answering staff member, plus the total. */
  async grouped(scope: RequestsScope): Promise<RequestsGroup[]> {
    const rows = (await this.db.query(
      `SELECT grouping(r.kind, r.topic_id, r.channel, r.answered_by) AS g, r.kind::text AS kind, r.topic_id::text AS topic, r.channel::text AS channel, r.answered_by::text AS agent,
              ${FIGURES}
         FROM requests r
        WHERE ${FILED_IN_RANGE}
        GROUP BY GROUPING SETS ((r.kind), (r.topic_id), (r.channel), (r.answered_by), ())`,
      [scope.officeId, scope.from, scope.to, scope.timeZone],
    )) as (FiguresRow & { g: number; kind: string | null; topic: string | null; channel: string | null; agent: string | null })[];
    // grouping(kind, topic, channel, agent): a bit set for each column not grouped; 0b0111 = by kind.
    const dimensions: Record<number, [RequestsDimension, 'kind' | 'topic' | 'channel' | 'agent' | null]> = {
      0b0111: ['kind', 'kind'],
      0b1011: ['topic', 'topic'],
      0b1101: ['channel', 'channel'],
      0b1110: ['agent', 'agent'],
      0b1111: ['total', null],
    };
    return rows.map((row) => {
      const [dimension, column] = dimensions[row.g]!;
      return { dimension, key: column ? row[column] : null, figures: figures(row) };
    });
  }

  /** How many of the ratings given to requests filed in the range are 1, 2 … 5. */
  async ratings(scope: RequestsScope): Promise<RatingCount[]> {
    return (await this.db.query(
      `SELECT r.rating::int AS rating, count(*)::int AS count FROM requests r WHERE ${FILED_IN_RANGE} AND r.rating IS NOT NULL GROUP BY r.rating ORDER BY r.rating`,
      [scope.officeId, scope.from, scope.to, scope.timeZone],
    )) as RatingCount[];
  }

  /** The office's open requests (received, in progress, waiting) counted per office-local filing day: a few hundred rows at most over a year. */
  async openByFilingDay(officeId: string, timeZone: string): Promise<OpenByFilingDay[]> {
    return (await this.db.query(
      `SELECT to_char((r.filed_at AT TIME ZONE $2::text)::date, 'YYYY-MM-DD') AS "filedOn", count(*)::int AS count
         FROM requests r
        WHERE r.office_id = $1 AND r.status IN ('received', 'in_progress', 'waiting')
        GROUP BY 1 ORDER BY 1`,
      [officeId, timeZone],
    )) as OpenByFilingDay[];
  }

  /** The yearly account's requests: per office-local month of filing and kind, with the totals. */
  async year(scope: RequestsScope): Promise<RequestsYearRow[]> {
    const rows = (await this.db.query(
      `SELECT date_part('month', r.filed_at AT TIME ZONE $4::text)::int AS month, r.kind::text AS kind, grouping(date_part('month', r.filed_at AT TIME ZONE $4::text), r.kind) AS g,
              ${FIGURES}
         FROM requests r
        WHERE ${FILED_IN_RANGE}
        GROUP BY GROUPING SETS ((date_part('month', r.filed_at AT TIME ZONE $4::text)), (r.kind), ())`,
      [scope.officeId, scope.from, scope.to, scope.timeZone],
    )) as (FiguresRow & { g: number; month: number | null; kind: string | null })[];
    return rows.map((row) => ({ month: row.g & 0b10 ? null : row.month, kind: row.g & 0b01 ? null : row.kind, figures: figures(row) }));
  }

  /** Names of the office's topics (any, active or not), in the catalogue's order. */
  async topics(officeId: string): Promise<{ id: string; name: string; nameEn: string | null }[]> {
    return (await this.db.query(`SELECT id, name, name_en AS "nameEn" FROM request_topics WHERE office_id = $1 ORDER BY sort_order, lower(name), id`, [officeId])) as {
      id: string;
      name: string;
      nameEn: string | null;
    }[];
  }

  /** Usernames of staff members (who answered). */
  async staff(ids: string[]): Promise<{ id: string; username: string }[]> {
    if (ids.length === 0) return [];
    return (await this.db.query(`SELECT id, username FROM staff_users WHERE id = ANY($1::uuid[])`, [ids])) as { id: string; username: string }[];
  }
}
