import type { DateTime } from 'luxon';
import { fail, ok, type Result } from '../errors.js';
import { takesAppointments, type ServiceSettings } from '../service-settings.js';
import { bookingClosesFor, bookingOpensFor, bookingWindowState } from './booking-window.js';
import type { OfficeCalendar } from './office-calendar.js';
import { resolvedOpening } from './opening.js';
import { slotsInOpening, type Slot, type TimedSlot } from './slots.js';
import { isoInstant, parseInstant } from './wall-time.js';

export interface BookingCheck {
  calendar: OfficeCalendar;
  settings: ServiceSettings;
  /** The requested slot start, an ISO instant with offset. */
  slotStart: string;
  /** Now: a DateTime or epoch milliseconds (only the instant counts; milliseconds spare building one). */
  now: DateTime | number;
  /** Active bookings already in that slot. */
  bookedInSlot: number;
  /** Active bookings for the service on the slot's local date. */
  bookedInDay: number;
  /** The applicant's document already holds an active booking for this service on or after today. */
  hasActiveBookingForService: boolean;
}

/**
 * Whether a booking may be made, as the first rule it breaks, checked in this order:
 * SERVICE_NOT_BOOKABLE, OFFICE_CLOSED (the whole day, or the requested time is outside the
 * opening hours), NOT_A_SLOT (open then, but not a slot start), OUTSIDE_BOOKING_WINDOW,
 * DUPLICATE_BOOKING (before capacity: offering other slots to someone who may not book is pointless),
 * DAY_FULL, then SLOT_FULL. On success, the slot with its end and seats.
 */
export function checkBooking(check: BookingCheck): Result<Slot> {
  const { calendar, settings, now } = check;
  if (!takesAppointments(settings.mode)) return fail('SERVICE_NOT_BOOKABLE', 'This service takes walk-ins only; it cannot be booked.');
  const start = parseInstant(check.slotStart, calendar.timeZone);
  if (!start) return fail('NOT_A_SLOT', `"${check.slotStart}" is not an instant with an offset`);

  const localDate = start.toISODate()!;
  const day = resolvedOpening(calendar, localDate);
  if (!day.open) return fail('OFFICE_CLOSED', `The office is closed on ${localDate}: ${day.reason}`);
  const startMs = start.toMillis();
  if (!day.intervals.some((interval) => startMs >= interval.start.toMillis() && startMs < interval.end.toMillis())) {
    return fail('OFFICE_CLOSED', `The office is not open at ${start.toFormat('HH:mm')} on ${localDate}`);
  }
  const slot = slotStartingAt(slotsInOpening(calendar.timeZone, settings, day), startMs);
  if (!slot) return fail('NOT_A_SLOT', `No appointment slot starts at ${isoInstant(start)}`);

  const opensAt = bookingOpensFor(calendar.timeZone, settings, localDate);
  const window = bookingWindowState(settings, opensAt, slot.startAt, now);
  if (window === 'not_yet_open') return fail('OUTSIDE_BOOKING_WINDOW', `Booking for ${localDate} opens at ${isoInstant(opensAt)}`);
  if (window === 'closed') {
    return fail('OUTSIDE_BOOKING_WINDOW', `Booking for this slot closed at ${isoInstant(bookingClosesFor(settings, slot.startAt))}`);
  }
  if (check.hasActiveBookingForService) return fail('DUPLICATE_BOOKING', 'This document already holds an active booking for this service');
  if (settings.dailyAppointmentCap !== null && check.bookedInDay >= settings.dailyAppointmentCap) {
    return fail('DAY_FULL', `All ${settings.dailyAppointmentCap} appointments of ${localDate} are taken`);
  }
  if (check.bookedInSlot >= slot.seats) return fail('SLOT_FULL', 'This slot has no seats left');
  const { startAt: _start, endAt: _end, ...plain } = slot;
  return ok(plain);
}

/** Each shared (frozen, memoized) slot grid's slots by start instant: a booking check looks one up by its start. */
const slotIndexes = new WeakMap<readonly TimedSlot[], Map<number, TimedSlot>>();

function slotStartingAt(slots: readonly TimedSlot[], startMs: number): TimedSlot | undefined {
  let index = slotIndexes.get(slots);
  if (!index) {
    index = new Map();
    // The first slot of a start wins, as Array.find would have it.
    for (const slot of slots) if (!index.has(slot.startAt.toMillis())) index.set(slot.startAt.toMillis(), slot);
    if (Object.isFrozen(slots)) slotIndexes.set(slots, index);
  }
  return index.get(startMs);
}
