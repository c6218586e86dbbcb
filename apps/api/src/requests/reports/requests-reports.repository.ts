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

interface GroupedRow {
  g: number;
  kind: string | null;
  topic: string | null;
  channel: string | null;
  agent: string | null;
  days: number | null;
  received: number;
  answered: number;
  open: number;
  on_time: number;
  judged: number;
  ratings: number;
  rating_sum: number;
  r1: number;
  r2: number;
  r3: number;
  r4: number;
  r5: number;
}

/**
 * The median of values given as value → how many, as percentile_cont(0.5) computes it: the middle
 * value, or the mean of the two middle ones. Null when there are none.
 */
export function medianOfCounts(counts: Map<number, number>): number | null {
  const values = [...counts.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = values.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, n] of values) {
      seen += n;
      if (rank < seen) return value;
    }
    return values.at(-1)![0];
  };
  const position = (total - 1) / 2;
  const low = at(Math.floor(position));
  const high = at(Math.ceil(position));
  return low + (high - low) * (position - Math.floor(position));
}

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
 * per family of figures, `GROUPING SETS` so the totals (and their median) come from the rows, not
 * from the groups.
 */
@Injectable()
export class RequestsReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * By kind, topic, channel and answering staff member, plus the total, and the ratings 1–5 of the
   * total. One hashed pass over the range: every grouping set also groups by answer_working_days,
   * and a group's median is computed from that distribution (medianOfCounts: the value
   * percentile_cont(0.5) gives, interpolation included). percentile_cont itself made PostgreSQL
   * sort the 100,000 rows of a year once per grouping set (250 ms for this statement in
   * bench/requests-inbox, against 100 ms so).
   */
  async grouped(scope: RequestsScope): Promise<{ groups: RequestsGroup[]; ratings: RatingCount[] }> {
    const rows = (await this.db.query(
      `SELECT grouping(r.kind, r.topic_id, r.channel, r.answered_by) AS g, r.kind::text AS kind, r.topic_id::text AS topic, r.channel::text AS channel, r.answered_by::text AS agent,
              r.answer_working_days AS days,
              count(*)::int AS received,
              count(*) FILTER (WHERE r.answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE r.status IN ('received', 'in_progress', 'waiting'))::int AS open,
              count(*) FILTER (WHERE r.answered_on_time)::int AS on_time,
              count(r.answered_on_time)::int AS judged,
              count(r.rating)::int AS ratings,
              coalesce(sum(r.rating), 0)::int AS rating_sum,
              count(*) FILTER (WHERE r.rating = 1)::int AS r1, count(*) FILTER (WHERE r.rating = 2)::int AS r2, count(*) FILTER (WHERE r.rating = 3)::int AS r3,
              count(*) FILTER (WHERE r.rating = 4)::int AS r4, count(*) FILTER (WHERE r.rating = 5)::int AS r5
         FROM requests r
        WHERE ${FILED_IN_RANGE}
        GROUP BY GROUPING SETS ((r.kind, r.answer_working_days), (r.topic_id, r.answer_working_days), (r.channel, r.answer_working_days), (r.answered_by, r.answer_working_days),
                               (r.answer_working_days))`,
      [scope.officeId, scope.from, scope.to, scope.timeZone],
    )) as GroupedRow[];
    // grouping(kind, topic, channel, agent): a bit set for each column not grouped; 0b0111 = by kind.
    const dimensions: Record<number, [RequestsDimension, 'kind' | 'topic' | 'channel' | 'agent' | null]> = {
      0b0111: ['kind', 'kind'],
      0b1011: ['topic', 'topic'],
      0b1101: ['channel', 'channel'],
      0b1110: ['agent', 'agent'],
      0b1111: ['total', null],
    };
    const SUMMED = ['received', 'answered', 'open', 'on_time', 'judged', 'ratings', 'rating_sum'] as const;
    const groups = new Map<string, { dimension: RequestsDimension; key: string | null; sums: Record<(typeof SUMMED)[number], number>; days: Map<number, number> }>();
    const ratings = [0, 0, 0, 0, 0];
    for (const row of rows) {
      const [dimension, column] = dimensions[row.g]!;
      const key = column ? row[column] : null;
      const id = `${dimension}/${key}`;
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { dimension, key, sums: { received: 0, answered: 0, open: 0, on_time: 0, judged: 0, ratings: 0, rating_sum: 0 }, days: new Map() }));
      for (const field of SUMMED) group.sums[field] += row[field];
      if (row.days !== null) group.days.set(row.days, (group.days.get(row.days) ?? 0) + row.received);
      if (dimension === 'total') [row.r1, row.r2, row.r3, row.r4, row.r5].forEach((n, i) => (ratings[i]! += n));
    }
    return {
      groups: [...groups.values()].map(({ dimension, key, sums, days }) => ({
        dimension,
        key,
        figures: {
          received: sums.received,
          answered: sums.answered,
          open: sums.open,
          answeredOnTime: sums.on_time,
          onTimeShare: sums.judged > 0 ? sums.on_time / sums.judged : null,
          medianWorkingDays: medianOfCounts(days),
          ratings: sums.ratings,
          ratingMean: sums.ratings > 0 ? sums.rating_sum / sums.ratings : null,
        },
      })),
      ratings: ratings.map((count, i) => ({ rating: i + 1, count })).filter((r) => r.count > 0),
    };
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
