import { DateTime } from 'luxon';
import type { HolidayRegion } from '../calendar/public-holidays.js';
import { ianaZone } from '../calendar/wall-time.js';
import { MAX_WORKING_DAYS, addWorkingDays, assertDateArgument, assertWorkingDaysArgument, workingDaysBetween } from './working-days.js';

/** A moment in time: a Date (as PostgreSQL's timestamptz arrives), a luxon DateTime, or an ISO 8601 string with its offset. */
export type RequestInstant = Date | DateTime | string;

export interface RequestDueDateInput {
  /** The office-local date the request was filed (or reopened) on, `YYYY-MM-DD`. */
  filedOn: string;
  /** The working days the request was given (the office's deadline for its kind), at least 1. */
  workingDays: number;
  /** Working days the deadline was paused while waiting for the person (sum of `pausedWorkingDays`), 0 or more. */
  pausedWorkingDays: number;
  holidays: HolidayRegion | null;
}

/**
 * A request's due date: the (workingDays + pausedWorkingDays)-th working day after the office-local
 * filing date (the filing day itself never counts, even when filed early on a working day). The
 * result is always a working day. Recompute it when a pause ends, with the grown pausedWorkingDays.
 *
 * @throws RangeError when `filedOn` is not a real date, `workingDays` is below 1, `pausedWorkingDays`
 * is negative, either is not whole, or their sum exceeds MAX_WORKING_DAYS.
 */
export function requestDueDate({ filedOn, workingDays, pausedWorkingDays, holidays }: RequestDueDateInput): string {
  assertDateArgument('filedOn', filedOn);
  assertWorkingDaysArgument('workingDays', workingDays, 1);
  assertWorkingDaysArgument('pausedWorkingDays', pausedWorkingDays);
  if (workingDays + pausedWorkingDays > MAX_WORKING_DAYS) {
    throw new RangeError(`workingDays + pausedWorkingDays must be at most ${MAX_WORKING_DAYS}, got ${workingDays + pausedWorkingDays}`);
  }
  return addWorkingDays(filedOn, workingDays + pausedWorkingDays, holidays);
}

export interface PausedWorkingDaysInput {
  /** When the pause began (staff asked the person for information: waiting_since). */
  from: RequestInstant;
  /** When it ended (the person replied). */
  to: RequestInstant;
  /** The office's IANA zone, which decides the local date of each instant. */
  timeZone: string;
  holidays: HolidayRegion | null;
}

/**
 * The working days a pause took: working days d with localDate(from) < d <= localDate(to), local
 * dates read in the office's zone (so 23:30 on Friday in Santiago is Friday, whatever UTC says, and
 * daylight-saving changes move no instant to the wrong day). Asked and answered on the same day:
 * 0; asked on Friday, answered on Monday: 1. Zero when `to` is not after `from`.
 *
 * @throws RangeError when an instant is invalid (a string without an offset among them) or the zone is unknown.
 */
export function pausedWorkingDays({ from, to, timeZone, holidays }: PausedWorkingDaysInput): number {
  return workingDaysBetween(localDateOf('from', from, timeZone), localDateOf('to', to, timeZone), holidays);
}

export interface DeadlineStateInput {
  /** The request's due date, office-local `YYYY-MM-DD`. */
  dueDate: string;
  /** The office's local date now (from the injectable Clock, in the office's zone). */
  today: string;
  holidays: HolidayRegion | null;
}

export interface DeadlineState {
  /** True when the due date has passed (dueDate < today). Only open requests (received, in_progress) are overdue: the caller checks the status. */
  overdue: boolean;
  /**
   * Working days from today to the due date (`workingDaysBetween(today, dueDate)`): 0 on the due
   * date itself, 1 the working day before. Once overdue, minus the working days since the due date
   * (-1 the working day after it; 0 on a weekend straight after a Friday due date, though overdue).
   * "Due this week" is `!overdue && workingDaysLeft <= 5`.
   */
  workingDaysLeft: number;
}

/**
 * Where a request stands against its due date today: overdue or not, and the working days left.
 *
 * @throws RangeError when `dueDate` or `today` is not a real `YYYY-MM-DD` date.
 */
export function deadlineState({ dueDate, today, holidays }: DeadlineStateInput): DeadlineState {
  assertDateArgument('dueDate', dueDate);
  assertDateArgument('today', today);
  if (dueDate >= today) return { overdue: false, workingDaysLeft: workingDaysBetween(today, dueDate, holidays) };
  const late = workingDaysBetween(dueDate, today, holidays);
  return { overdue: true, workingDaysLeft: late === 0 ? 0 : -late };
}

/** The local date of `instant` in `timeZone`, or a RangeError naming the argument. */
function localDateOf(name: string, instant: RequestInstant, timeZone: string): string {
  const zone = ianaZone(timeZone);
  let parsed: DateTime;
  if (instant instanceof Date) parsed = DateTime.fromJSDate(instant);
  else if (DateTime.isDateTime(instant)) parsed = instant;
  else if (typeof instant === 'string' && /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(instant)) parsed = DateTime.fromISO(instant, { setZone: true });
  else throw new RangeError(`${name} must be a Date, a luxon DateTime or an ISO 8601 instant with an offset, got ${JSON.stringify(instant)}`);
  if (!parsed.isValid) throw new RangeError(`${name} is not a valid instant: ${instant instanceof Date ? 'Invalid Date' : String(instant)}`);
  return parsed.setZone(zone).toISODate()!;
}
