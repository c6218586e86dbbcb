import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../../auth/authenticated-user.js';
import { Clock } from '../../common/clock/clock.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { reportOffice } from '../../reports/report-office.js';
import type { WaitlistFiguresDto, WaitlistReportDto } from './dto/waitlist-report.dto.js';
import type { WaitlistFiguresShape } from './waitlist-report-figures.js';
import { WaitlistReportsRepository } from './waitlist-reports.repository.js';

/**
 * The waitlist report (issue #18) for the office's supervisor and admins: the SQL aggregates
 * (WaitlistReportsRepository) per procedure, named and in the office's order, the median rounded.
 */
@Injectable()
export class WaitlistReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WaitlistReportsRepository,
    private readonly clock: Clock,
  ) {}

  async report(actor: AuthenticatedUser, officeId: string, range: { from: string; to: string }): Promise<WaitlistReportDto> {
    const office = await reportOffice(this.db.manager, actor, officeId, range);
    const [groups, services] = await Promise.all([this.repo.grouped({ officeId, from: range.from, to: range.to, timeZone: office.timeZone }), this.repo.services(officeId)]);
    const rank = new Map(services.map((s, i) => [s.id, i]));
    const name = new Map(services.map((s) => [s.id, s.name]));
    const total = groups.find((g) => g.serviceId === null);
    return {
      officeId,
      officeName: office.name,
      timeZone: office.timeZone,
      from: range.from,
      to: range.to,
      generatedAt: officeInstant(this.clock.now().toJSDate(), office.timeZone),
      totals: rounded(total?.figures ?? emptyWaitlistFigures()),
      byService: groups
        .filter((g): g is { serviceId: string; figures: WaitlistFiguresShape } => g.serviceId !== null)
        .sort((a, b) => (rank.get(a.serviceId) ?? services.length) - (rank.get(b.serviceId) ?? services.length))
        .map((g) => ({ serviceId: g.serviceId, serviceName: name.get(g.serviceId) ?? g.serviceId, ...rounded(g.figures) })),
    };
  }
}

export function emptyWaitlistFigures(): WaitlistFiguresShape {
  return { joins: 0, offers: 0, accepted: 0, declined: 0, expired: 0, removed: 0, left: 0, seatsReused: 0, medianMinutesToAccept: null };
}

function rounded(f: WaitlistFiguresShape): WaitlistFiguresDto {
  const median = f.medianMinutesToAccept;
  return { ...f, medianMinutesToAccept: median === null || !Number.isFinite(median) ? null : Math.round(median * 10) / 10 };
}
