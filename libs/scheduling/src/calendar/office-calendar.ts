import { isValidTimeZone } from '../time-zone.js';
import { isLocalTime, minutesOfDay, weeklyHoursProblems, type TimeInterval, type WeeklyHours } from '../weekly-hours.js';
import type { HolidayRegion } from './public-holidays.js';
import { isLocalDate } from './wall-time.js';

/** The office is closed the whole of `date` (`YYYY-MM-DD`, local). */
export interface ClosedDay {
  kind: 'closed';
  date: string;
  reason: string;
}

/** The office is closed from `start` to `end` ("HH:mm", local) on `date`; the rest of the day is as usual. */
export interface ClosedHours {
  kind: 'closed';
  date: string;
  start: string;
  end: string;
  reason: string;
}

/** The office opens `date` with these hours instead of its usual ones (a Saturday operation, a holiday opening). */
export interface ExtraOpening {
  kind: 'open';
  date: string;
  intervals: TimeInterval[];
  reason?: string;
}

export type CalendarException = ClosedDay | ClosedHours | ExtraOpening;

/** When an office is open: its weekly hours, dated exceptions, and whose public holidays close it (`null`: none). */
export interface OfficeCalendar {
  /** IANA zone the hours are read in, e.g. "America/Santiago". */
  timeZone: string;
  weeklyHours: WeeklyHours;
  exceptions: CalendarException[];
  holidays: HolidayRegion | null;
}

export function isClosedHours(exception: CalendarException): exception is ClosedHours {
  return exception.kind === 'closed' && 'start' in exception;
}

/**
 * Problems with a calendar, as plain messages; empty when it is valid. The calculations assume a
 * valid calendar (they skip an interval that ends before it starts rather than fail), so the
 * configuration endpoints should refuse what this reports.
 */
export function officeCalendarProblems(calendar: OfficeCalendar): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(calendar.timeZone)) problems.push(`"${calendar.timeZone}" is not an IANA time zone`);
  problems.push(...weeklyHoursProblems(calendar.weeklyHours as Record<string, unknown>));
  calendar.exceptions.forEach((exception, index) => {
    const at = `exception ${index + 1} (${exception.date})`;
    if (!isLocalDate(exception.date)) problems.push(`exception ${index + 1}: "${exception.date}" is not a YYYY-MM-DD date`);
    if (exception.kind === 'open') {
      problems.push(...weeklyHoursProblems({ 1: exception.intervals }).map((problem) => problem.replace('weekday 1', at)));
    } else if (isClosedHours(exception) && !validInterval(exception)) {
      problems.push(`${at}: closed hours need start before end, as HH:mm`);
    }
  });
  return problems;
}

function validInterval({ start, end }: TimeInterval): boolean {
  return isLocalTime(start) && isLocalTime(end) && minutesOfDay(start) < minutesOfDay(end);
}
