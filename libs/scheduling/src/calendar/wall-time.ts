import { DateTime, IANAZone } from 'luxon';
import type { IsoWeekday } from '../weekly-hours.js';
import { BoundedMemo } from './memo.js';

/**
 * Turning a local wall-clock reading ("2026-09-06 00:30" in America/Santiago) into an instant.
 *
 * Around a daylight-saving change a wall time can be missing (clocks jump over it) or ambiguous
 * (clocks read it twice). luxon silently shifts a missing time forward and picks one side of an
 * ambiguous one; the calendar needs to know which case it is in, so this module resolves it
 * explicitly from the zone's offsets instead.
 */
export type WallTimeResolution =
  | { kind: 'exact'; instant: DateTime }
  | { kind: 'ambiguous'; earlier: DateTime; later: DateTime }
  /** The clock jumps over this reading; `transition` is the first instant after the jump. */
  | { kind: 'missing'; transition: DateTime };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The zone, or a RangeError: a calendar with an unknown zone is a configuration bug, not a rule. */
export function ianaZone(name: string): IANAZone {
  const zone = IANAZone.create(name);
  if (!zone.isValid) throw new RangeError(`Unknown IANA time zone "${name}"`);
  return zone;
}

/**
 * Day numbers of the proleptic Gregorian calendar (days since 1970-01-01), in integer arithmetic
 * (H. Hinnant's days_from_civil): stepping through dates and finding weekdays happens for every
 * day of every availability read, and needs no time zone and no date library.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parts(localDate: string): [number, number, number] {
  return [Number(localDate.slice(0, 4)), Number(localDate.slice(5, 7)), Number(localDate.slice(8, 10))];
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  const [year, month, day] = parts(value);
  // A real date is one that survives the round trip (no 31 April, no 29 February 2026).
  return month >= 1 && month <= 12 && day >= 1 && civilFromDays(daysFromCivil(year, month, day)) === value;
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Throws on anything but a real `YYYY-MM-DD` date. */
export function assertLocalDate(localDate: string): void {
  dayNumber(localDate);
}

function dayNumber(localDate: string): number {
  if (!isLocalDate(localDate)) throw new RangeError(`"${localDate}" is not a YYYY-MM-DD date`);
  return daysFromCivil(...parts(localDate));
}

/** The local date `days` after (or before) `localDate`, by the calendar, never by 24-hour steps. */
export function addDays(localDate: string, days: number): string {
  return civilFromDays(dayNumber(localDate) + days);
}

/** ISO weekday of a local date, 1 = Monday … 7 = Sunday. */
export function isoWeekday(localDate: string): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return ((((dayNumber(localDate) + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

/** Resolves `minutes` past local midnight of `localDate` in `zoneName`. */
export function resolveWallTime(zoneName: string, localDate: string, minutes: number): WallTimeResolution {
  const zone = ianaZone(zoneName);
  // The wall reading as if it were UTC; the real instant is this minus the offset in force then.
  const wall = dayNumber(localDate) * 1440 * MINUTE_MS + minutes * MINUTE_MS;
  // Offsets are at most ±14 h, so the offsets a day either side cover every candidate instant.
  const offsets = [...new Set([zone.offset(wall - DAY_MS), zone.offset(wall), zone.offset(wall + DAY_MS)])];
  const candidates = offsets
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((instant) => wall - zone.offset(instant) * MINUTE_MS === instant)
    .sort((a, b) => a - b);
  const at = (millis: number) => DateTime.fromMillis(millis, { zone });
  if (candidates.length === 1) return { kind: 'exact', instant: at(candidates[0]) };
  if (candidates.length > 1) return { kind: 'ambiguous', earlier: at(candidates[0]), later: at(candidates[candidates.length - 1]) };
  return { kind: 'missing', transition: at(transitionInto(zone, wall, offsets)) };
}

/**
 * The instant the clock jumps over `wall`. Before it the local reading is below `wall`, after it
 * above: binary search on whole minutes between the two readings of `wall` under the offsets.
 */
function transitionInto(zone: IANAZone, wall: number, offsets: number[]): number {
  const instants = offsets.map((offset) => wall - offset * MINUTE_MS);
  let low = Math.floor(Math.min(...instants) / MINUTE_MS);
  let high = Math.ceil(Math.max(...instants) / MINUTE_MS);
  const reading = (minute: number) => minute * MINUTE_MS + zone.offset(minute * MINUTE_MS) * MINUTE_MS;
  // Invariant: reading(low) < wall <= reading(high).
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reading(middle) < wall) low = middle;
    else high = middle;
  }
  return high * MINUTE_MS;
}

/** First instant at which the wall clock reads `minutes` or later: the start of an opening. */
export function wallTimeStart(zoneName: string, localDate: string, minutes: number): DateTime {
  const resolved = resolveWallTime(zoneName, localDate, minutes);
  if (resolved.kind === 'exact') return resolved.instant;
  return resolved.kind === 'ambiguous' ? resolved.earlier : resolved.transition;
}

/**
 * Instant after which the wall clock never again reads below `minutes`: the end of an opening.
 * An office that closes at an ambiguous 23:30 closes at the second 23:30, when the clock says so.
 */
export function wallTimeEnd(zoneName: string, localDate: string, minutes: number): DateTime {
  const resolved = resolveWallTime(zoneName, localDate, minutes);
  if (resolved.kind === 'exact') return resolved.instant;
  return resolved.kind === 'ambiguous' ? resolved.later : resolved.transition;
}

/** The API's instant format: ISO 8601 with the office's offset and no milliseconds. */
export function isoInstant(instant: DateTime): string {
  return instant.toISO({ suppressMilliseconds: true })!;
}

/** Parses an ISO instant that carries its own offset; null when it is not one. */
export function parseInstant(value: string, zoneName: string): DateTime | null {
  if (typeof value !== 'string') return null;
  // In a rush the same few hundred slot starts are asked for thousands of times a second, and a
  // zone conversion is the dearest part of a booking check; luxon values are immutable, so the
  // answer for a string is shared (one memo per zone: no key is concatenated per call).
  let inZone = parsedInstants.get(zoneName);
  if (inZone === undefined) parsedInstants.set(zoneName, (inZone = new BoundedMemo<DateTime | null>(4096)));
  return inZone.get(value, () => {
    if (!/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value)) return null;
    const parsed = DateTime.fromISO(value, { setZone: true });
    return parsed.isValid ? parsed.setZone(ianaZone(zoneName)) : null;
  });
}

const parsedInstants = new Map<string, BoundedMemo<DateTime | null>>();
