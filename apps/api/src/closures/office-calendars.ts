import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarException, OfficeCalendar } from '@turnero/scheduling';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { OfficeClosure } from './office-closure.entity.js';

export function toCalendarException(closure: Pick<OfficeClosure, 'kind' | 'date' | 'startTime' | 'endTime' | 'intervals' | 'reason'>): CalendarException {
  if (closure.kind === 'open') return { kind: 'open', date: closure.date, intervals: closure.intervals ?? [], reason: closure.reason };
  if (closure.startTime && closure.endTime) {
    return { kind: 'closed', date: closure.date, start: closure.startTime, end: closure.endTime, reason: closure.reason };
  }
  return { kind: 'closed', date: closure.date, reason: closure.reason };
}

export function toOfficeCalendar(office: Office, closures: OfficeClosure[]): OfficeCalendar {
  return {
    timeZone: office.timeZone,
    weeklyHours: office.openingHours,
    exceptions: closures.map(toCalendarException),
    holidays: office.holidayCountry ? { country: office.holidayCountry, region: office.holidayRegion } : null,
  };
}

/** An office's calendar as the scheduling rules read it: its hours, closures and holidays. */
@Injectable()
export class OfficeCalendars {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The office and its calendar; exceptions limited to the dates in [from, to] when given. */
  async forOffice(officeId: string, range?: { from: string; to: string }, manager: EntityManager = this.db.manager): Promise<{ office: Office; calendar: OfficeCalendar }> {
    const office = await manager.findOneBy(Office, { id: officeId });
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return { office, calendar: await this.calendarOf(office, range, manager) };
  }

  /** The calendar of an office already loaded: only its exceptions are read. */
  async calendarOf(office: Office, range?: { from: string; to: string }, manager: EntityManager = this.db.manager): Promise<OfficeCalendar> {
    const query = manager.createQueryBuilder(OfficeClosure, 'c').where('c.office_id = :officeId', { officeId: office.id });
    if (range) query.andWhere('c.date BETWEEN :from AND :to', range);
    const closures = await query.orderBy('c.date').addOrderBy('c.created_at').getMany();
    return toOfficeCalendar(office, closures);
  }
}
