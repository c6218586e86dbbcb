import { publicHolidaysOn, type HolidayRegion } from '../calendar/public-holidays.js';
import { addDays, isLocalDate, isoWeekday } from '../calendar/wall-time.js';

/**
 * Working days, the unit of the legal deadlines of requests and complaints (OIRS): Monday to
 * Friday, except the public holidays of the office's holiday region (the calendar's source,
 * `publicHolidaysOn`). `null` holidays: only weekends are skipped. Dates are office-local
 * `YYYY-MM-DD` strings; nothing here knows about time zones (see `pausedWorkingDays` for instants).
 */

/**
 * The largest count of working days these functions step through (about 38 years): a deadline or
 * pause beyond it is a bug, and stepping day by day through it would stall the caller.
 */
export const MAX_WORKING_DAYS = 10_000;

/** Throws a RangeError naming `name` unless `value` is a real `YYYY-MM-DD` date. */
export function assertDateArgument(name: string, value: unknown): asserts value is string {
  if (!isLocalDate(value)) throw new RangeError(`${name} must be a real YYYY-MM-DD date, got ${JSON.stringify(value)}`);
}

/** Throws a RangeError naming `name` unless `value` is a whole number from `min` to MAX_WORKING_DAYS. */
export function assertWorkingDaysArgument(name: string, value: unknown, min = 0): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_WORKING_DAYS) {
    throw new RangeError(`${name} must be a whole number of working days from ${min} to ${MAX_WORKING_DAYS}, got ${String(value)}`);
  }
}

/** `isWorkingDay` without the argument check, for the loops below. */
function working(date: string, holidays: HolidayRegion | null): boolean {
  if (isoWeekday(date) >= 6) return false;
  return !holidays || publicHolidaysOn(holidays, date).length === 0;
}

/**
 * True when `date` is a working day: a Monday to Friday that is not a public holiday of
 * `holidays` (`null`: no holidays, only weekends are off).
 *
 * @throws RangeError when `date` is not a real `YYYY-MM-DD` date.
 */
export function isWorkingDay(date: string, holidays: HolidayRegion | null): boolean {
  assertDateArgument('date', date);
  return working(date, holidays);
}

/**
 * The `n`-th working day after `date` (`date` itself does not count, whether working or not):
 * a request filed on Friday 2026-09-11 with 5 working days is due Monday 2026-09-21 (Fiestas
 * Patrias, Friday 18 September, and the weekend skipped). `n = 0` returns `date` unchanged; for `n > 0` the result is
 * always a working day, and `workingDaysBetween(date, addWorkingDays(date, n)) === n`.
 *
 * @throws RangeError when `date` is not a real date, or `n` is not a whole number from 0 to MAX_WORKING_DAYS.
 */
export function addWorkingDays(date: string, n: number, holidays: HolidayRegion | null): string {
  assertDateArgument('date', date);
  assertWorkingDaysArgument('n', n);
  let day = date;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (working(day, holidays)) counted += 1;
  }
  return day;
}

/**
 * How many working days d there are with `from < d <= to`: the working days that have passed
 * between two dates, counting the last one and not the first (Friday → next Monday is 1). Zero
 * when `to` is not after `from`; never negative.
 *
 * @throws RangeError when `from` or `to` is not a real `YYYY-MM-DD` date.
 */
export function workingDaysBetween(from: string, to: string, holidays: HolidayRegion | null): number {
  assertDateArgument('from', from);
  assertDateArgument('to', to);
  let count = 0;
  // ISO dates with four-digit years compare as strings in calendar order.
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (working(day, holidays)) count += 1;
  }
  return count;
}
