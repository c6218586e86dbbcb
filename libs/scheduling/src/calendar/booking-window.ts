import type { DateTime } from 'luxon';
import type { ServiceSettings } from '../service-settings.js';
import { minutesOfDay } from '../weekly-hours.js';
import { BoundedMemo } from './memo.js';
import { addDays, wallTimeStart } from './wall-time.js';

export type BookingWindowSettings = Pick<ServiceSettings, 'bookingHorizonDays' | 'bookingOpensAt' | 'bookingLeadMinutes'>;

/**
 * When `localDate` is released for booking: `bookingHorizonDays` local days earlier at local
 * `bookingOpensAt` (horizon 30, opens 08:00: 31 Dec opens on 1 Dec at 08:00). Counted in calendar
 * days, so a clock change in between does not move it; an opening time the clock skips opens at
 * the jump.
 */
export function bookingOpensFor(zone: string, settings: BookingWindowSettings, localDate: string): DateTime {
  const releaseDate = addDays(localDate, -settings.bookingHorizonDays);
  return releases.get(`${zone}|${releaseDate}|${settings.bookingOpensAt}`, () => wallTimeStart(zone, releaseDate, minutesOfDay(settings.bookingOpensAt)));
}

const releases = new BoundedMemo<DateTime>(4096);

/** Booking a slot closes `bookingLeadMinutes` of real time before it starts. */
export function bookingClosesFor(settings: BookingWindowSettings, slotStart: DateTime): DateTime {
  return slotStart.minus({ minutes: settings.bookingLeadMinutes });
}

export type BookingWindowState = 'not_yet_open' | 'open' | 'closed';

/**
 * Where `now` stands against a slot's booking window, open from its date's release (`opensAt`,
 * from `bookingOpensFor`, computed once per day by the caller) up to, not at, its close.
 */
export function bookingWindowState(settings: BookingWindowSettings, opensAt: DateTime, slotStart: DateTime, now: DateTime | number): BookingWindowState {
  const nowMs = typeof now === 'number' ? now : now.toMillis();
  if (nowMs < opensAt.toMillis()) return 'not_yet_open';
  // Minutes are fixed lengths of real time, so plain milliseconds give bookingClosesFor's instant.
  return nowMs < slotStart.toMillis() - settings.bookingLeadMinutes * 60_000 ? 'open' : 'closed';
}
