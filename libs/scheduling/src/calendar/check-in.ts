import type { DateTime } from 'luxon';
import { fail, ok, type Result } from '../errors.js';
import type { ServiceSettings } from '../service-settings.js';
import { addDays, isoInstant, parseInstant, wallTimeStart } from './wall-time.js';

export interface CheckInCheck {
  /** The booked slot's start, an ISO instant with offset. */
  slotStart: string;
  settings: Pick<ServiceSettings, 'checkInBeforeMinutes' | 'checkInGraceMinutes'>;
  now: DateTime;
  /** The office's IANA zone: it decides the slot's local date. */
  zone: string;
}

/** The span in which a booking may check in, as ISO instants; `until` is included. */
export interface CheckInWindow {
  from: string;
  until: string;
}

/**
 * A booking checks in from `checkInBeforeMinutes` before its slot to `checkInGraceMinutes` after
 * it, and only on the slot's own local date: an 00:10 slot does not open check-in the evening
 * before, nor does a 23:50 slot's grace run into the next day.
 */
export function checkInWindow({ slotStart, settings, now, zone }: CheckInCheck): Result<CheckInWindow> {
  const start = parseInstant(slotStart, zone);
  if (!start) throw new RangeError(`"${slotStart}" is not an instant with an offset`);
  const localDate = start.toISODate()!;
  const dayStart = wallTimeStart(zone, localDate, 0);
  const nextDayStart = wallTimeStart(zone, addDays(localDate, 1), 0);
  const from = later(start.minus({ minutes: settings.checkInBeforeMinutes }), dayStart);
  const graceEnd = start.plus({ minutes: settings.checkInGraceMinutes });
  const until = graceEnd < nextDayStart ? graceEnd : nextDayStart.minus({ milliseconds: 1 });
  if (now < from) return fail('TOO_EARLY', `Check-in opens at ${isoInstant(from)}`);
  if (now > until) return fail('TOO_LATE', `Check-in closed at ${isoInstant(until)}`);
  return ok({ from: isoInstant(from), until: isoInstant(until) });
}

function later(a: DateTime, b: DateTime): DateTime {
  return a > b ? a : b;
}
