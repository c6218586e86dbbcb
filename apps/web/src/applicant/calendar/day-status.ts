import type { AvailabilityDay } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import type { TFunction } from 'i18next';

/**
 * - `available`: seats left; `full`: open, bookable, but every seat is taken;
 * - `closed`: the office is closed (weekend, holiday, closure: `reason` says which);
 * - `unavailable`: open but not bookable now (past, not released yet, booking over);
 * - `unknown`: not loaded.
 */
export type DayKind = 'available' | 'full' | 'closed' | 'unavailable' | 'unknown';

/** The API's fixed reasons (scheduling library), which the page says in the applicant's language. */
const CLOSED_WEEKDAY = 'Closed on this weekday';
const BOOKING_CLOSED = 'Booking for this day has closed';
const NO_SLOT_FITS = 'No appointment slot fits in the opening hours';

/**
 * `need`: the people booking together (a group takes one seat each, all in one slot): a day with
 * seats left but no slot with room for all of them is full for that group.
 */
export function dayKind(day: AvailabilityDay | undefined, need = 1): DayKind {
  if (!day) return 'unknown';
  if (!day.open) return 'closed';
  if (day.remaining >= need && (need <= 1 || day.slots.some((slot) => slot.remaining >= need))) return 'available';
  return day.reason || day.bookingOpensAt ? 'unavailable' : 'full';
}

/** Whether the closure is worth naming (a holiday, an announced closure), not just a weekend. */
export function hasNamedReason(day: AvailabilityDay): boolean {
  return !day.open && !!day.reason && day.reason !== CLOSED_WEEKDAY;
}

/** Why a day cannot be booked, in words: a holiday's or closure's name comes from the office as is. */
export function dayReason(day: AvailabilityDay, t: TFunction, timeZone: string, language: string): string {
  if (!day.open) return !day.reason || day.reason === CLOSED_WEEKDAY ? t('calendar.closedWeekday') : day.reason;
  if (day.bookingOpensAt) {
    return t('calendar.opensAt', { date: formatDate(day.bookingOpensAt, timeZone, language, 'long'), time: formatTime(day.bookingOpensAt, timeZone, language) });
  }
  if (day.reason === BOOKING_CLOSED) return t('calendar.bookingClosed');
  if (day.reason === NO_SLOT_FITS) return t('calendar.noSlots');
  if (day.reason) return day.reason;
  return t('calendar.full');
}
