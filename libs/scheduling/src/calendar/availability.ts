import type { DateTime } from 'luxon';
import { fail, ok, type Result } from '../errors.js';
import { takesAppointments, type ServiceSettings } from '../service-settings.js';
import { bookedLookup, type BookedCounts } from './booked-counts.js';
import { bookingOpensFor, bookingWindowState } from './booking-window.js';
import type { OfficeCalendar } from './office-calendar.js';
import { resolvedOpening } from './opening.js';
import { slotsInOpening } from './slots.js';
import { addDays, daysBetween, isLocalDate, isoInstant } from './wall-time.js';

/** Longest range one availability request may cover (API.md). */
export const MAX_AVAILABILITY_DAYS = 62;

export interface AvailabilitySlot {
  start: string;
  end: string;
  /** Seats that can still be booked now: 0 when full, when the day's cap is used up, or outside the booking window. */
  remaining: number;
}

export interface AvailabilityDay {
  date: string;
  /** Whether the office is open that day, whether or not it can be booked yet. */
  open: boolean;
  /** Why the day is closed, or why an open day has nothing to book (not released yet, booking over). */
  reason?: string;
  /** Seats that can be booked that day now; never more than the day's cap allows. */
  remaining: number;
  /** For a day not yet released: the instant its slots can be booked. */
  bookingOpensAt?: string;
  slots: AvailabilitySlot[];
}

export interface Availability {
  timeZone: string;
  days: AvailabilityDay[];
}

export interface AvailabilityRequest {
  calendar: OfficeCalendar;
  settings: ServiceSettings;
  /** First and last local date, inclusive, at most 62 days apart in all. */
  from: string;
  to: string;
  booked: BookedCounts;
  now: DateTime;
}

/**
 * Availability of a service day by day, in the shape of API.md's availability endpoint.
 * Every slot of an open day is listed; a slot that cannot be booked now (past, inside the lead
 * time, or not yet released) shows 0 remaining, so a client can draw the day's whole grid.
 * A day beyond the booking horizon is therefore `open: true` with 0 remaining, a reason and
 * `bookingOpensAt`; `open` only ever says whether the office is open.
 */
export function availability(request: AvailabilityRequest): Result<Availability> {
  const { calendar, settings, from, to, now } = request;
  if (!takesAppointments(settings.mode)) return fail('SERVICE_NOT_BOOKABLE', 'This service takes walk-ins only; it has no appointments.');
  if (!isLocalDate(from) || !isLocalDate(to)) return rangeError('from and to must be dates written YYYY-MM-DD');
  const dayCount = daysBetween(from, to) + 1;
  if (dayCount < 1) return rangeError('from must not be after to');
  if (dayCount > MAX_AVAILABILITY_DAYS) return rangeError(`A request covers at most ${MAX_AVAILABILITY_DAYS} days; this one covers ${dayCount}`);
  const lookup = bookedLookup(request.booked);
  const days = Array.from({ length: dayCount }, (_, index) => availabilityOfDay(calendar, settings, addDays(from, index), lookup, now));
  return ok({ timeZone: calendar.timeZone, days });
}

function rangeError(message: string): Result<never> {
  return { ok: false, error: { code: 'INVALID_DATE_RANGE', message } };
}

/** One day of availability; shared with the "next slots with room" suggestions. */
export function availabilityOfDay(
  calendar: OfficeCalendar,
  settings: ServiceSettings,
  localDate: string,
  booked: (slotStart: string) => number,
  now: DateTime,
): AvailabilityDay {
  const day = resolvedOpening(calendar, localDate);
  if (!day.open) return { date: localDate, open: false, reason: day.reason, remaining: 0, slots: [] };
  const slots = slotsInOpening(calendar.timeZone, settings, day);
  if (slots.length === 0) return { date: localDate, open: true, reason: 'No appointment slot fits in the opening hours', remaining: 0, slots: [] };

  const taken = slots.map((slot) => booked(slot.start));
  const bookedInDay = taken.reduce((sum, count) => sum + count, 0);
  // Bookings made under older settings can exceed today's cap or seats: the room left never goes below 0.
  const dayRoom = settings.dailyAppointmentCap === null ? Infinity : Math.max(0, settings.dailyAppointmentCap - bookedInDay);
  const opensAt = bookingOpensFor(calendar.timeZone, settings, localDate);
  const states = slots.map((slot) => bookingWindowState(settings, opensAt, slot.startAt, now));
  const listed = slots.map((slot, index) => ({
    start: slot.start,
    end: slot.end,
    remaining: states[index] === 'open' ? Math.min(Math.max(0, slot.seats - taken[index]), dayRoom) : 0,
  }));
  const remaining = Math.min(
    listed.reduce((sum, slot) => sum + slot.remaining, 0),
    dayRoom,
  );
  const result: AvailabilityDay = { date: localDate, open: true, remaining, slots: listed };
  if (states.every((state) => state === 'not_yet_open')) {
    return { ...result, reason: `Booking for this day opens at ${isoInstant(opensAt)}`, bookingOpensAt: isoInstant(opensAt) };
  }
  if (states.every((state) => state === 'closed')) return { ...result, reason: 'Booking for this day has closed' };
  return result;
}
