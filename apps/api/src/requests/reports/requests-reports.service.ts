import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type HolidayRegion, ticketDay, workingDaysBetween } from '@turnero/scheduling';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { Clock } from '../../common/clock/clock.js';
import { officeInstant } from '../../common/time/office-instant.js';
import type { Office } from '../../offices/office.entity.js';
import { reportOffice } from '../../reports/report-office.js';
import type { BacklogBucketDto, RequestsFiguresDto, RequestsReportDto, RequestsRowDto, RequestsYearDto } from './dto/requests-report.dto.js';
import { type RequestsFigures, RequestsReportsRepository, type RequestsScope } from './requests-reports.repository.js';

export const KIND_LABELS: Record<string, string> = { request: 'Solicitud', complaint: 'Reclamo', suggestion: 'Sugerencia', commendation: 'Felicitación' };
export const CHANNEL_LABELS: Record<string, string> = { web: 'Web', phone: 'Teléfono', email: 'Correo electrónico', letter: 'Carta', counter: 'Presencial', open311: 'Open311' };
const KINDS = Object.keys(KIND_LABELS);
const CHANNELS = Object.keys(CHANNEL_LABELS);

/** The backlog's age buckets, in working days since filing. */
export const BACKLOG_BUCKETS: { key: string; label: string; min: number; max: number | null }[] = [
  { key: '0-5', label: '0–5 días hábiles', min: 0, max: 5 },
  { key: '6-10', label: '6–10 días hábiles', min: 6, max: 10 },
  { key: '11-15', label: '11–15 días hábiles', min: 11, max: 15 },
  { key: '16+', label: 'Más de 15 días hábiles', min: 16, max: null },
];

/** The office's public holidays (the calendar's source). */
export function holidaysOf(office: Pick<Office, 'holidayCountry' | 'holidayRegion'>): HolidayRegion | null {
  return office.holidayCountry ? { country: office.holidayCountry, region: office.holidayRegion } : null;
}

/**
 * Reports of requests and complaints (issue #17) for the office's supervisor and admins: the SQL
 * aggregates (RequestsReportsRepository) with names, in order, rounded. The backlog's ages are
 * working days over the office's holidays, computed with the domain's `workingDaysBetween` once per
 * distinct filing day (a few hundred at most), never approximated by calendar days.
 */
@Injectable()
export class RequestsReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: RequestsReportsRepository,
    private readonly clock: Clock,
  ) {}

  async report(actor: AuthenticatedUser, officeId: string, range: { from: string; to: string }): Promise<RequestsReportDto> {
    const office = await reportOffice(this.db.manager, actor, officeId, range);
    const scope: RequestsScope = { officeId, from: range.from, to: range.to, timeZone: office.timeZone };
    const [{ groups, ratings }, open, topics] = await Promise.all([
      this.repo.grouped(scope),
      this.repo.openByFilingDay(officeId, office.timeZone),
      this.repo.topics(officeId),
    ]);
    const of = (dimension: string) => groups.filter((g) => g.dimension === dimension && g.key !== null) as { key: string; figures: RequestsFigures }[];
    const agents = of('agent');
    const names = new Map((await this.repo.staff(agents.map((a) => a.key))).map((s) => [s.id, s.username]));
    const topicRank = new Map(topics.map((t, i) => [t.id, i]));
    const topicName = new Map(topics.map((t) => [t.id, t.name]));
    const rows = (list: { key: string; figures: RequestsFigures }[], label: (key: string) => string, rank: (key: string) => number): RequestsRowDto[] =>
      list
        .map((g) => ({ key: g.key, label: label(g.key), ...rounded(g.figures) }))
        .sort((a, b) => rank(a.key) - rank(b.key) || a.label.localeCompare(b.label, 'es', { numeric: true }));
    const total = groups.find((g) => g.dimension === 'total');

    const today = ticketDay(this.clock.now(), office.timeZone);
    const holidays = holidaysOf(office);
    const buckets: BacklogBucketDto[] = BACKLOG_BUCKETS.map((b) => ({ key: b.key, label: b.label, minWorkingDays: b.min, maxWorkingDays: b.max, count: 0 }));
    for (const day of open) {
      const age = workingDaysBetween(day.filedOn, today, holidays);
      const bucket = buckets.find((b) => age >= b.minWorkingDays && (b.maxWorkingDays === null || age <= b.maxWorkingDays))!;
      bucket.count += day.count;
    }
    const rated = ratings.reduce((sum, r) => sum + r.count, 0);
    return {
      officeId,
      officeName: office.name,
      timeZone: office.timeZone,
      from: range.from,
      to: range.to,
      generatedAt: officeInstant(this.clock.now().toJSDate(), office.timeZone),
      totals: total ? rounded(total.figures) : rounded(emptyFigures()),
      byKind: rows(of('kind'), (k) => KIND_LABELS[k] ?? k, (k) => KINDS.indexOf(k)),
      byTopic: rows(of('topic'), (k) => topicName.get(k) ?? k, (k) => topicRank.get(k) ?? topics.length),
      byChannel: rows(of('channel'), (k) => CHANNEL_LABELS[k] ?? k, (k) => CHANNELS.indexOf(k)),
      byAgent: rows(agents, (k) => names.get(k) ?? k, () => 0),
      backlog: { asOf: today, total: open.reduce((sum, d) => sum + d.count, 0), buckets },
      ratings: {
        count: rated,
        mean: rated > 0 ? round(ratings.reduce((sum, r) => sum + r.rating * r.count, 0) / rated, 2) : null,
        distribution: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: ratings.find((r) => r.rating === rating)?.count ?? 0 })),
      },
    };
  }

  /** The yearly public account's section: requests filed in the office-local year, per month and kind (access checked by the caller). */
  async year(office: Pick<Office, 'id' | 'timeZone'>, year: number): Promise<RequestsYearDto> {
    const rows = await this.repo.year({ officeId: office.id, from: `${year}-01-01`, to: `${year}-12-31`, timeZone: office.timeZone });
    const find = (month: number | null, kind: string | null) => rounded(rows.find((r) => r.month === month && r.kind === kind)?.figures ?? emptyFigures());
    return {
      total: find(null, null),
      months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...find(i + 1, null) })),
      kinds: KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind]!, ...find(null, kind) })),
    };
  }
}

export function emptyFigures(): RequestsFigures {
  return { received: 0, answered: 0, open: 0, answeredOnTime: 0, onTimeShare: null, medianWorkingDays: null, ratings: 0, ratingMean: null };
}

function rounded(f: RequestsFigures): RequestsFiguresDto {
  return { ...f, onTimeShare: round(f.onTimeShare, 3), medianWorkingDays: round(f.medianWorkingDays, 1), ratingMean: round(f.ratingMean, 2) };
}

function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
