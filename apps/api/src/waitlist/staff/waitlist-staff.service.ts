import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../../auth/authenticated-user.js';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { Office } from '../../offices/office.entity.js';
import {
  WAITLIST_ENTRIES_LIMIT,
  WAITLIST_OVERVIEW_DEFAULT_DAYS,
  WAITLIST_OVERVIEW_MAX_DAYS,
  type WaitlistEntriesQueryDto,
  type WaitlistEntryStatus,
  type WaitlistOverviewDto,
  type WaitlistOverviewQueryDto,
  type WaitlistStaffEntryDto,
  type WaitlistStaffEntryListDto,
} from './dto/waitlist-staff.dto.js';
import { type WaitlistEntryRow, WaitlistStaffRepository } from './waitlist-staff.repository.js';

/** The statuses listed when the staff ask for none: the people still in line. */
const ACTIVE: readonly WaitlistEntryStatus[] = ['waiting', 'offered'];

/**
 * The waitlist as an office's staff see it (issue #18): how many people wait for each procedure
 * and day and how many seats are held for them, and the entries themselves without anything that
 * names the person (no name, document, email or phone: an agent can answer "is there a line for
 * this procedure on Tuesday" without seeing who is in it).
 */
@Injectable()
export class WaitlistStaffService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: WaitlistStaffRepository,
    private readonly clock: Clock,
  ) {}

  async overview(actor: AuthenticatedUser, officeId: string, query: WaitlistOverviewQueryDto): Promise<WaitlistOverviewDto> {
    const office = await this.office(actor, officeId);
    const from = query.from ?? this.clock.now().setZone(office.timeZone).toISODate()!;
    // Four weeks from `from`, within the dates the API accepts (a `from` late in 9999 stops on the year's last day).
    const until = DateTime.fromISO(from, { zone: 'utc' }).plus({ days: WAITLIST_OVERVIEW_DEFAULT_DAYS - 1 });
    const to = query.to ?? (until.year > 9999 ? '9999-12-31' : until.toISODate()!);
    assertRange(from, to);
    const services = await this.repository.services(office.id);
    const serviceId = this.serviceOf(services, query.serviceId);
    const rows = await this.repository.counts({ officeId: office.id, serviceId, from, to });
    const rank = new Map(services.map((s, i) => [s.id, i]));
    const name = new Map(services.map((s) => [s.id, s.name]));
    const byRank = (a: { serviceId: string | null }, b: { serviceId: string | null }) => (rank.get(a.serviceId!) ?? 0) - (rank.get(b.serviceId!) ?? 0);
    const total = rows.find((r) => r.serviceId === null && r.day === null);
    return {
      officeId: office.id,
      timeZone: office.timeZone,
      from,
      to,
      days: rows
        .filter((r) => r.serviceId !== null && r.day !== null)
        .sort((a, b) => a.day!.localeCompare(b.day!) || byRank(a, b))
        .map((r) => ({ serviceId: r.serviceId!, date: r.day!, waiting: r.waiting, offered: r.offered })),
      services: rows
        .filter((r) => r.serviceId !== null && r.day === null)
        .sort(byRank)
        .map((r) => ({ serviceId: r.serviceId!, serviceName: name.get(r.serviceId!) ?? '', waiting: r.waiting, offered: r.offered })),
      totals: { waiting: total?.waiting ?? 0, offered: total?.offered ?? 0 },
    };
  }

  async entries(actor: AuthenticatedUser, officeId: string, query: WaitlistEntriesQueryDto): Promise<WaitlistStaffEntryListDto> {
    const office = await this.office(actor, officeId);
    const serviceId = this.serviceOf(await this.repository.services(office.id), query.serviceId);
    const rows = await this.repository.entries({ officeId: office.id, serviceId, statuses: query.status ? [query.status] : ACTIVE, limit: WAITLIST_ENTRIES_LIMIT + 1 });
    return {
      timeZone: office.timeZone,
      entries: rows.slice(0, WAITLIST_ENTRIES_LIMIT).map((row) => toStaffEntryDto(row, office.timeZone)),
      truncated: rows.length > WAITLIST_ENTRIES_LIMIT,
    };
  }

  /** A procedure filter must name one of the office's procedures: 404 otherwise, like the office itself. */
  private serviceOf(services: { id: string }[], serviceId: string | undefined): string | null {
    if (serviceId === undefined) return null;
    if (!services.some((s) => s.id === serviceId.toLowerCase())) throw ApiException.notFound(ErrorCode.SERVICE_NOT_FOUND, 'Service');
    return serviceId.toLowerCase();
  }

  private async office(actor: AuthenticatedUser, officeId: string): Promise<Office> {
    assertOfficeAccess(actor, officeId);
    const office = await this.db.manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }
}

/** 400 INVALID_DATE_RANGE naming `to` when the days run backwards or exceed WAITLIST_OVERVIEW_MAX_DAYS. */
function assertRange(from: string, to: string): void {
  const days = DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
  const problem = days < 1 ? 'to must be on or after from' : days > WAITLIST_OVERVIEW_MAX_DAYS ? `an overview covers at most ${WAITLIST_OVERVIEW_MAX_DAYS} days` : null;
  if (problem) throw new ApiException(ErrorCode.INVALID_DATE_RANGE, `Invalid date range: ${problem}`, [{ field: 'to', messages: [problem] }]);
}

export function toStaffEntryDto(row: WaitlistEntryRow, timeZone: string): WaitlistStaffEntryDto {
  return {
    code: row.code,
    serviceId: row.service_id,
    serviceName: row.service_name,
    status: row.status,
    joinedAt: officeInstant(row.joined_at, timeZone),
    from: row.from_date,
    to: row.to_date,
    weekdays: row.weekdays,
    morningOnly: row.morning_only,
    misses: row.misses,
    place: row.place,
    endedAt: row.ended_at ? officeInstant(row.ended_at, timeZone) : null,
    offer:
      row.slot_start && row.slot_end && row.expires_at
        ? { slotStart: officeInstant(row.slot_start, timeZone), slotEnd: officeInstant(row.slot_end, timeZone), expiresAt: officeInstant(row.expires_at, timeZone), cause: row.cause ?? 'cancellation' }
        : null,
  };
}
