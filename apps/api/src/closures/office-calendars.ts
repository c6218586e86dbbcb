import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CalendarException, OfficeCalendar } from '@turnero/scheduling';
import { DataSource, type EntityManager } from 'typeorm';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { Office } from '../offices/office.entity.js';
import { officeCalendarLockKey } from './calendar-lock.js';
import { OfficeClosure } from './office-closure.entity.js';
import { preparedQuery } from '../database/prepared.js';

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

interface ClosureRow {
  kind: 'closed' | 'open';
  date: string;
  start_time: string | null;
  end_time: string | null;
  intervals: OfficeClosure['intervals'];
  reason: string;
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

  /**
   * Inside a booking transaction: takes the calendar's shared lock (calendar-lock.ts) and reads the exceptions in the same round trip. The LEFT JOIN from the lock's one-row
   * subquery makes sure the lock is taken even when there is no exception.
   */
  async lockedCalendarOf(office: Office, range: { from: string; to: string }, manager: EntityManager): Promise<OfficeCalendar> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('lockedCalendarOf must be called inside a transaction');
    const rows = await preparedQuery<ClosureRow>(
      manager,
      `SELECT c.kind, to_char(c.date, 'YYYY-MM-DD') AS date, c.start_time, c.end_time, c.intervals, c.reason
         FROM (SELECT pg_advisory_xact_lock_shared(${officeCalendarLockKey('$1')})) lock
         LEFT JOIN office_closures c ON c.office_id = $1::uuid AND c.date BETWEEN $2 AND $3
        ORDER BY c.date, c.created_at`,
      [office.id, range.from, range.to],
    );
    return this.toCalendar(office, rows.filter((row) => row.kind !== null));
  }

  /**
   * The office's calendar for [from, to] and the calendar version it belongs to, read together in
   * one statement (hours, zone and holidays from the office row, not from a cached entity), so a
   * booking that checked its rules against it can state that version to `book_seat`, which
   * refuses if the calendar changed since. Null when the office does not exist.
   */
  async versionedCalendarOf(officeId: string, range: { from: string; to: string }): Promise<{ calendar: OfficeCalendar; version: string } | null> {
    const rows = await preparedQuery<{ version: string; time_zone: string; opening_hours: Office['openingHours']; holiday_country: string; holiday_region: string | null; closures: ClosureRow[] | null }>(
      this.db.manager,
      `SELECT o.calendar_version AS version, o.time_zone, o.opening_hours, o.holiday_country, o.holiday_region,
              (SELECT json_agg(json_build_object('kind', c.kind, 'date', to_char(c.date, 'YYYY-MM-DD'), 'start_time', c.start_time,
                                                 'end_time', c.end_time, 'intervals', c.intervals, 'reason', c.reason) ORDER BY c.date, c.created_at)
                 FROM office_closures c WHERE c.office_id = o.id AND c.date BETWEEN $2 AND $3) AS closures
         FROM offices o WHERE o.id = $1`,
      [officeId, range.from, range.to],
    );
    const row = rows[0];
    if (!row) return null;
    const office = { timeZone: row.time_zone, openingHours: row.opening_hours, holidayCountry: row.holiday_country, holidayRegion: row.holiday_region } as Office;
    return { calendar: this.toCalendar(office, row.closures ?? []), version: row.version };
  }

  /** The calendar of an office already loaded: only its exceptions are read. */
  async calendarOf(office: Office, range?: { from: string; to: string }, manager: EntityManager = this.db.manager): Promise<OfficeCalendar> {
    // Plain SQL: this runs inside every booking transaction, where an ORM query builder costs more than the query.
    const rows: ClosureRow[] =
      await manager.query(
        `SELECT kind, to_char(date, 'YYYY-MM-DD') AS date, start_time, end_time, intervals, reason FROM office_closures
          WHERE office_id = $1 ${range ? 'AND date BETWEEN $2 AND $3' : ''} ORDER BY date, created_at`,
        range ? [office.id, range.from, range.to] : [office.id],
      );
    return this.toCalendar(office, rows);
  }

  private toCalendar(office: Office, rows: ClosureRow[]): OfficeCalendar {
    return {
      timeZone: office.timeZone,
      weeklyHours: office.openingHours,
      exceptions: rows.map((row) => toCalendarException({ kind: row.kind, date: row.date, startTime: row.start_time, endTime: row.end_time, intervals: row.intervals, reason: row.reason })),
      holidays: office.holidayCountry ? { country: office.holidayCountry, region: office.holidayRegion } : null,
    };
  }
}
