import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ticketDay } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user.js';
import { Clock } from '../common/clock/clock.js';
import { officeInstant } from '../common/time/office-instant.js';
import type { Office } from '../offices/office.entity.js';
import { RequestsReportsService } from '../requests/reports/requests-reports.service.js';
import type { ArrivalsHeatmapDto, MonthFiguresDto, ReportDto, ReportRowDto, ServiceYearDto, YearlyAccountDto } from './dto/report.dto.js';
import { emptyFigures, figureApplies, FIGURES, type ReportFigures, type ReportGrouping } from './report-figures.js';
import { reportOffice } from './report-office.js';
import { type BookingFigures, type Grouped, type ReportScope, ReportsRepository, type TicketFigures, type UtilisationFigures, type YearGrouped } from './reports.repository.js';
import { type YearFigures, zeroYearFigures } from './yearly-figures.js';

const TOTAL = 'total';

/**
 * Reports for an office's supervisor (and admins): the SQL aggregates (ReportsRepository), put
 * together per group with names, rounded, and with the figures a grouping has no meaning for left
 * null. Agents get 403: the figures name their colleagues.
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: ReportsRepository,
    private readonly clock: Clock,
    private readonly requests: RequestsReportsService,
  ) {}

  async report(actor: AuthenticatedUser, officeId: string, query: { from: string; to: string; groupBy: ReportGrouping }): Promise<ReportDto> {
    const { office, scope } = await this.scope(actor, officeId, query);
    const { groupBy } = query;
    const unit = groupBy === 'agent' ? 'agent' : 'counter';
    const [tickets, bookings, refusals, unitUse, counterTotals] = await Promise.all([
      this.repo.tickets(scope, groupBy),
      this.repo.bookings(scope, groupBy),
      this.repo.refusals(scope, groupBy),
      groupBy === 'day' || groupBy === 'counter' || groupBy === 'agent' ? this.repo.utilisation(scope, unit, groupBy === 'day' ? 'day' : 'unit') : Promise.resolve([]),
      // The totals' utilisation is always the counters', whatever the grouping.
      groupBy === 'counter' || groupBy === 'day' ? Promise.resolve([]) : this.repo.utilisation(scope, 'counter', 'none'),
    ]);

    const rows = new Map<string, ReportFigures>();
    const totals = emptyFigures();
    const rowFor = (key: string) => {
      let row = rows.get(key);
      if (!row) rows.set(key, (row = emptyFigures()));
      return row;
    };
    const fill = <T>(groups: Grouped<T>[], apply: (target: ReportFigures, figures: T) => void) => {
      for (const group of groups) {
        if (group.total) apply(totals, group.figures);
        else if (group.key !== null) apply(rowFor(group.key), group.figures);
      }
    };
    fill(tickets, applyTickets);
    fill(bookings, applyBookings);
    fill(refusals, (target, f) => (target.walkInsRefused = f.refused));
    fill([...unitUse, ...counterTotals], applyUtilisation);

    const labels = await this.labels(officeId, groupBy, [...rows.keys()]);
    const ordered = [...rows.entries()].sort(([a], [b]) => labels.order(a) - labels.order(b) || a.localeCompare(b));
    return {
      officeId,
      officeName: office.name,
      timeZone: office.timeZone,
      from: query.from,
      to: query.to,
      groupBy,
      waitTargetMinutes: office.waitTargetMinutes,
      generatedAt: officeInstant(this.clock.now().toJSDate(), office.timeZone),
      rows: ordered.map(([key, figures]) => toRow(key, labels.label(key), figures, groupBy)),
      totals: toRow(TOTAL, 'Total', totals, 'total'),
    };
  }

  async yearly(actor: AuthenticatedUser, officeId: string, year: number): Promise<YearlyAccountDto> {
    const { office, scope } = await this.scope(actor, officeId, { from: `${year}-01-01`, to: `${year}-12-31` });
    const [tickets, bookings, refusals, services, requests] = await Promise.all([
      this.repo.yearTickets(scope),
      this.repo.yearBookings(scope),
      this.repo.yearRefusals(scope),
      this.repo.services(officeId),
      this.requests.year(office, year),
    ]);
    const cells = new Map<string, YearFigures>();
    const cell = (month: number | null, serviceId: string | null) => {
      const key = `${month ?? '*'}/${serviceId ?? '*'}`;
      let figures = cells.get(key);
      if (!figures) cells.set(key, (figures = zeroYearFigures()));
      return figures;
    };
    const fill = <T>(groups: YearGrouped<T>[], apply: (target: YearFigures, figures: T) => void) => {
      for (const g of groups) apply(cell(g.month, g.serviceId), g.figures);
    };
    fill(tickets, (target, f) => {
      Object.assign(target, {
        walkInsIssued: f.walkInsIssued,
        served: f.served,
        servedByAppointment: f.servedByAppointment,
        servedWalkIns: f.servedWalkIns,
        waitMeanMinutes: round(f.waitMean, 1),
        waitMedianMinutes: round(f.waitMedian, 1),
        waitP90Minutes: round(f.waitP90, 1),
        waitWithinTargetShare: round(f.waitWithin, 3),
        surveys: f.surveys,
        ratingMean: round(f.ratingMean, 2),
      });
    });
    fill(bookings, (target, f) => {
      Object.assign(target, { appointmentsBooked: f.booked, appointmentsCheckedIn: f.checkedIn, appointmentsNoShow: f.noShow, appointmentsCancelled: f.cancelled });
    });
    fill(refusals, (target, f) => (target.walkInsRefused = f.refused));

    const months = (serviceId: string | null): MonthFiguresDto[] => Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...cell(i + 1, serviceId) }));
    const withFigures = new Set([...tickets, ...bookings, ...refusals].map((g) => g.serviceId).filter((id): id is string => id !== null));
    const serviceYears: ServiceYearDto[] = services
      .filter((s) => s.active || withFigures.has(s.id))
      .map((s) => ({ serviceId: s.id, serviceName: s.name, code: s.code, mode: s.mode, year: cell(null, s.id), months: months(s.id) }));
    return {
      officeId,
      officeName: office.name,
      timeZone: office.timeZone,
      year,
      waitTargetMinutes: office.waitTargetMinutes,
      generatedAt: officeInstant(this.clock.now().toJSDate(), office.timeZone),
      total: cell(null, null),
      months: months(null),
      services: serviceYears,
      requests,
    };
  }

  async arrivals(actor: AuthenticatedUser, officeId: string, range: { from: string; to: string }): Promise<ArrivalsHeatmapDto> {
    const { office, scope } = await this.scope(actor, officeId, range);
    const rows = await this.repo.arrivals(scope);
    const days = weekdayCounts(range.from, range.to);
    const counted = new Map(rows.map((r) => [`${r.weekday}/${r.hour}`, r]));
    const cells = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) {
        const row = counted.get(`${weekday}/${hour}`);
        const arrivals = row?.arrivals ?? 0;
        cells.push({ weekday, hour, arrivals, walkIns: row?.walkIns ?? 0, meanPerDay: days[weekday - 1] > 0 ? round(arrivals / days[weekday - 1], 2)! : 0 });
      }
    }
    return { officeId, timeZone: office.timeZone, from: range.from, to: range.to, weekdays: days.map((n, i) => ({ weekday: i + 1, days: n })), cells };
  }

  private async scope(actor: AuthenticatedUser, officeId: string, range: { from: string; to: string }): Promise<{ office: Office; scope: ReportScope }> {
    const office = await reportOffice(this.db.manager, actor, officeId, range);
    const now = this.clock.now();
    return {
      office,
      scope: {
        officeId,
        from: range.from,
        to: range.to,
        timeZone: office.timeZone,
        waitTargetMinutes: office.waitTargetMinutes,
        today: ticketDay(now, office.timeZone),
        now: now.toJSDate(),
      },
    };
  }

  /** Names and order of the groups: dates and hours in order, services as configured, counters and agents by name. */
  private async labels(officeId: string, groupBy: ReportGrouping, keys: string[]): Promise<{ label: (key: string) => string; order: (key: string) => number }> {
    const byName = (entries: { id: string; name: string }[]) => {
      const sorted = [...entries].sort((a, b) => a.name.localeCompare(b.name, 'es', { numeric: true }));
      const names = new Map(sorted.map((e) => [e.id, e.name]));
      const rank = new Map(sorted.map((e, i) => [e.id, i]));
      return { label: (key: string) => names.get(key) ?? key, order: (key: string) => rank.get(key) ?? sorted.length };
    };
    switch (groupBy) {
      case 'day':
        return { label: dayLabel, order: () => 0 };
      case 'hour':
        return { label: (key) => `${key}:00–${String(Number(key) + 1).padStart(2, '0')}:00`, order: () => 0 };
      case 'service': {
        const services = await this.repo.services(officeId);
        const rank = new Map(services.map((s, i) => [s.id, i]));
        const names = new Map(services.map((s) => [s.id, s.name]));
        return { label: (key) => names.get(key) ?? key, order: (key) => rank.get(key) ?? services.length };
      }
      case 'counter':
        return byName(await this.repo.counters(officeId));
      case 'agent':
        return byName((await this.repo.agents(keys)).map((a) => ({ id: a.id, name: a.username })));
    }
  }
}

function applyTickets(target: ReportFigures, f: TicketFigures): void {
  Object.assign(target, {
    arrivals: f.arrivals,
    walkInsIssued: f.walkInsIssued,
    served: f.served,
    ticketNoShows: f.ticketNoShows,
    unserved: f.unserved,
    waitMeanMinutes: round(f.waitMean, 1),
    waitMedianMinutes: round(f.waitMedian, 1),
    waitP90Minutes: round(f.waitP90, 1),
    waitWithinTargetShare: round(f.waitWithin, 3),
    serviceMeanMinutes: round(f.serviceMean, 1),
    serviceMedianMinutes: round(f.serviceMedian, 1),
    quotedWaitMeanMinutes: round(f.quotedMean, 1),
    quotedActualWaitMeanMinutes: round(f.quotedActualMean, 1),
    surveys: f.surveys,
    ratingMean: round(f.ratingMean, 2),
  });
}

function applyBookings(target: ReportFigures, f: BookingFigures): void {
  Object.assign(target, {
    appointmentsBooked: f.booked,
    appointmentsCancelled: f.cancelled,
    appointmentsCheckedIn: f.checkedIn,
    appointmentsNoShow: f.noShow,
    appointmentsPending: f.pending,
  });
}

function applyUtilisation(target: ReportFigures, f: UtilisationFigures): void {
  Object.assign(target, { busyMinutes: round(f.busy, 1), staffedMinutes: round(f.staffed, 1), utilisation: f.staffed > 0 ? round(f.busy / f.staffed, 3) : null });
}

/**
 * A row as served: figures that do not apply to the grouping are null; those that apply but had
 * nothing to count are 0 (counts) or null (means and percentiles of nothing).
 */
function toRow(key: string, label: string, figures: ReportFigures, groupBy: ReportGrouping | 'total'): ReportRowDto {
  const row = { key, label } as ReportRowDto;
  for (const { field } of FIGURES) {
    const value = figures[field];
    row[field] = !figureApplies(field, groupBy) ? null : (value ?? (isCount(field) ? 0 : null));
  }
  return row;
}

const COUNTS = new Set<keyof ReportFigures>([
  'appointmentsBooked',
  'appointmentsCancelled',
  'appointmentsCheckedIn',
  'appointmentsNoShow',
  'appointmentsPending',
  'arrivals',
  'walkInsIssued',
  'walkInsRefused',
  'served',
  'ticketNoShows',
  'unserved',
  'surveys',
]);

function isCount(field: keyof ReportFigures): boolean {
  return COUNTS.has(field);
}

function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** "martes 1 de diciembre de 2026". */
function dayLabel(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale('es-CL').toFormat("cccc d 'de' LLLL 'de' yyyy");
}

/** How many Mondays … Sundays the local days [from, to] hold. */
function weekdayCounts(from: string, to: string): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const days = DateTime.fromISO(to, { zone: 'utc' }).diff(start, 'days').days + 1;
  for (let i = 0; i < days; i++) counts[start.plus({ days: i }).weekday - 1]++;
  return counts;
}
