import type { DateTime } from 'luxon';
import { isLocalTime, minutesOfDay, type TimeInterval } from '../weekly-hours.js';
import { BoundedMemo } from './memo.js';
import { isClosedHours, type ClosedDay, type OfficeCalendar } from './office-calendar.js';
import { publicHolidaysOn } from './public-holidays.js';
import { assertLocalDate, isoWeekday, wallTimeEnd, wallTimeStart } from './wall-time.js';

/** An office's hours on one local date, as instants in its zone. */
export interface OpeningDay {
  date: string;
  open: boolean;
  /** Why the office is closed: a holiday's name, a closure's reason, or "Closed on this weekday". */
  reason?: string;
  intervals: { start: DateTime; end: DateTime }[];
}

/** An opening interval both as wall-clock minutes (where the slot grid starts) and as instants. */
export interface ResolvedInterval {
  wallStart: number;
  wallEnd: number;
  start: DateTime;
  end: DateTime;
}

export interface ResolvedDay {
  date: string;
  open: boolean;
  reason?: string;
  intervals: ResolvedInterval[];
}

type Minutes = { start: number; end: number };

export const CLOSED_WEEKDAY = 'Closed on this weekday';
export const SKIPPED_BY_CLOCK_CHANGE = 'The opening hours fall in the hour skipped by the daylight-saving change';

/**
 * When the office is open on `localDate`. Precedence, strongest first:
 * 1. a whole-day closure (an emergency beats a planned opening);
 * 2. an extra opening, whose hours replace the weekday's, holiday or not;
 * 3. a public holiday;
 * 4. the weekly hours.
 * Partial closures are then cut out of whatever hours remain.
 */
export function openingOn(calendar: OfficeCalendar, localDate: string): OpeningDay {
  const { date, open, reason, intervals } = resolvedOpening(calendar, localDate);
  return { date, open, ...(reason === undefined ? {} : { reason }), intervals: intervals.map(({ start, end }) => ({ start, end })) };
}

const openings = new BoundedMemo<ResolvedDay>(4096);

/** Days resolved per sealed calendar (sealCalendar), found by the calendar object and the date. */
const sealedDays = new WeakMap<OfficeCalendar, Map<string, ResolvedDay>>();
const SEALED_DAYS = 1024;

/**
 * Freezes `calendar` deeply and returns it, so that `resolvedOpening` may remember its days by the
 * object itself instead of building a key of its hours, exceptions and holidays on every call
 * (issue #19: that key was a visible part of a booking check). For calendars shared between
 * requests (the API's read model keeps each for two seconds); a calendar that is not sealed is
 * memoized by its content as before.
 */
export function sealCalendar<C extends OfficeCalendar>(calendar: C): C {
  if (!sealedDays.has(calendar)) {
    deepFreeze(calendar);
    sealedDays.set(calendar, new Map());
  }
  return calendar;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

/**
 * `openingOn` with the wall-clock minutes kept. Memoized on everything that decides the answer —
 * zone, date, that weekday's hours, that date's exceptions, the holiday region — so the calendar
 * object may be rebuilt per request without losing the cache.
 */
export function resolvedOpening(calendar: OfficeCalendar, localDate: string): ResolvedDay {
  const days = sealedDays.get(calendar);
  if (days === undefined) return openingByContent(calendar, localDate);
  let day = days.get(localDate); // only dates that passed assertLocalDate are kept
  if (day === undefined) {
    day = openingByContent(calendar, localDate);
    if (days.size < SEALED_DAYS) days.set(localDate, day);
  }
  return day;
}

function openingByContent(calendar: OfficeCalendar, localDate: string): ResolvedDay {
  assertLocalDate(localDate); // refuses a malformed date before anything else reads it
  const exceptions = calendar.exceptions.filter((exception) => exception.date === localDate);
  const key = JSON.stringify([
    calendar.timeZone,
    localDate,
    calendar.weeklyHours[isoWeekday(localDate)] ?? null,
    exceptions,
    calendar.holidays,
  ]);
  return openings.get(key, () => Object.freeze(computeOpening(calendar, localDate, exceptions)));
}

function computeOpening(calendar: OfficeCalendar, localDate: string, exceptions: OfficeCalendar['exceptions']): ResolvedDay {
  const closed = (reason: string): ResolvedDay => ({ date: localDate, open: false, reason, intervals: [] });

  const closure = exceptions.find((exception): exception is ClosedDay => exception.kind === 'closed' && !isClosedHours(exception));
  if (closure) return closed(closure.reason);

  const extraOpenings = exceptions.flatMap((exception) => (exception.kind === 'open' ? exception.intervals : []));
  let hours: Minutes[];
  if (exceptions.some((exception) => exception.kind === 'open')) {
    hours = toMinutes(extraOpenings);
  } else {
    const holidays = calendar.holidays ? publicHolidaysOn(calendar.holidays, localDate) : [];
    if (holidays.length > 0) return closed(holidays.join(' / '));
    hours = toMinutes(calendar.weeklyHours[isoWeekday(localDate)] ?? []);
  }
  if (hours.length === 0) return closed(CLOSED_WEEKDAY);

  const partial = exceptions.filter(isClosedHours);
  hours = subtract(hours, toMinutes(partial));
  if (hours.length === 0) return closed(partial.map((exception) => exception.reason).join(' / '));

  const intervals = hours
    .map(({ start, end }) => ({
      wallStart: start,
      wallEnd: end,
      start: wallTimeStart(calendar.timeZone, localDate, start),
      end: wallTimeEnd(calendar.timeZone, localDate, end),
    }))
    // Hours wholly inside a skipped hour resolve to an empty span: nothing is open then.
    .filter(({ start, end }) => end.toMillis() > start.toMillis())
    // In a repeated hour an interval's end resolves to the later occurrence and the next one's start
    // to the earlier (e.g. 00:00–21:00 then 21:01–21:02 on a night the clock goes back from 22:00):
    // the later interval then starts when the earlier really ends, or is dropped if nothing is left.
    .reduce<ResolvedInterval[]>((kept, interval) => {
      const previousEnd = kept.at(-1)?.end;
      if (!previousEnd || interval.start >= previousEnd) return [...kept, interval];
      return interval.end > previousEnd ? [...kept, { ...interval, start: previousEnd }] : kept;
    }, []);
  if (intervals.length === 0) return closed(SKIPPED_BY_CLOCK_CHANGE);
  return { date: localDate, open: true, intervals };
}

/** Well-formed intervals as minutes, sorted, with overlaps merged so later steps can trust them. */
function toMinutes(intervals: TimeInterval[]): Minutes[] {
  const sorted = intervals
    .filter(({ start, end }) => isLocalTime(start) && isLocalTime(end) && minutesOfDay(start) < minutesOfDay(end))
    .map(({ start, end }) => ({ start: minutesOfDay(start), end: minutesOfDay(end) }))
    .sort((a, b) => a.start - b.start);
  const merged: Minutes[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

function subtract(hours: Minutes[], closures: Minutes[]): Minutes[] {
  return closures.reduce(
    (remaining, closure) =>
      remaining.flatMap(({ start, end }) =>
        [
          { start, end: Math.min(end, closure.start) },
          { start: Math.max(start, closure.end), end },
        ].filter((piece) => piece.start < piece.end),
      ),
    hours,
  );
}
