import { type HolidayRegion, pausedWorkingDays, requestDueDate } from '@turnero/scheduling';
import { localDateIn } from '../common/time/local-date.js';
import type { RequestKind } from './request.entity.js';

/** The working days of the office's deadline per kind when its setting lacks one (offices.request_deadline_days' default). */
export const DEFAULT_DEADLINE_DAYS: Record<RequestKind, number> = { request: 10, complaint: 15, suggestion: 10, commendation: 10 };

/** An office as the deadline needs it (columns as PostgreSQL names them). */
export interface DeadlineOffice {
  time_zone: string;
  holiday_country: string | null;
  holiday_region: string | null;
  request_deadline_days?: Partial<Record<RequestKind, number>> | null;
}

/** The office's public holidays (the calendar's source: offices.holiday_country / holiday_region). */
export function officeHolidays(office: Pick<DeadlineOffice, 'holiday_country' | 'holiday_region'>): HolidayRegion | null {
  return office.holiday_country ? { country: office.holiday_country, region: office.holiday_region } : null;
}

/** The office's working days for a kind. */
export function deadlineDaysOf(office: DeadlineOffice, kind: RequestKind): number {
  const days = office.request_deadline_days?.[kind];
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 ? days : DEFAULT_DEADLINE_DAYS[kind];
}

/** The due date of a request filed (or reopened) at `at`: the office-local date plus its working days and pauses. */
export function dueDateFrom(office: DeadlineOffice, at: Date, workingDays: number, paused = 0): string {
  return requestDueDate({ filedOn: localDateIn(at.getTime(), office.time_zone), workingDays, pausedWorkingDays: paused, holidays: officeHolidays(office) });
}

/** The working days a pause (waiting for the person) took, in the office's zone. */
export function pauseLength(office: DeadlineOffice, from: Date, to: Date): number {
  return pausedWorkingDays({ from, to, timeZone: office.time_zone, holidays: officeHolidays(office) });
}

/** The office-local date of an instant. */
export function officeDate(office: Pick<DeadlineOffice, 'time_zone'>, at: Date): string {
  return localDateIn(at.getTime(), office.time_zone);
}
