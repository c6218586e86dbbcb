import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service-settings.js';
import { checkBooking, type BookingCheck } from './booking-rules.js';
import { nextSlotsWithRoom } from './next-slots.js';
import type { OfficeCalendar } from './office-calendar.js';
import { CHILE_HOLIDAYS } from './public-holidays.js';

const morning = [{ start: '08:30', end: '10:00' }];
const calendar: OfficeCalendar = {
  timeZone: 'America/Santiago',
  weeklyHours: { 1: morning, 2: morning, 3: morning, 4: morning, 5: morning },
  exceptions: [],
  holidays: CHILE_HOLIDAYS,
};
const settings: ServiceSettings = {
  ...DEFAULT_SERVICE_SETTINGS,
  mode: 'both',
  slotMinutes: 30,
  seatsPerSlot: 2,
  bookingHorizonDays: 30,
  bookingOpensAt: '08:00',
  bookingLeadMinutes: 10,
};
const now = DateTime.fromISO('2026-12-01T09:05:00-03:00');
const check = (overrides: Partial<BookingCheck> = {}) =>
  checkBooking({ calendar, settings, slotStart: '2026-12-02T09:00:00-03:00', now, bookedInSlot: 0, bookedInDay: 0, hasActiveBookingForService: false, ...overrides });
const codeOf = (overrides: Partial<BookingCheck> = {}) => {
  const result = check(overrides);
  return result.ok ? 'ok' : result.error.code;
};

describe('checkBooking', () => {
  it('accepts a free slot inside the booking window and returns it with its end and seats', () => {
    expect(check()).toEqual({
      ok: true,
      value: { start: '2026-12-02T09:00:00-03:00', end: '2026-12-02T09:30:00-03:00', localDate: '2026-12-02', localTime: '09:00', seats: 2 },
    });
  });

  it('accepts the slot start in any offset spelling of the same instant', () => {
    expect(check({ slotStart: '2026-12-02T12:00:00Z' })).toMatchObject({ ok: true, value: { start: '2026-12-02T09:00:00-03:00' } });
  });

  it('SERVICE_NOT_BOOKABLE: a walk-in service takes no bookings', () => {
    expect(codeOf({ settings: { ...settings, mode: 'walk_in' } })).toBe('SERVICE_NOT_BOOKABLE');
  });

  it('NOT_A_SLOT: something that is not an instant with offset, or a time off the slot grid', () => {
    expect(codeOf({ slotStart: 'tomorrow morning' })).toBe('NOT_A_SLOT');
    expect(codeOf({ slotStart: '2026-12-02T09:00:00' })).toBe('NOT_A_SLOT');
    expect(codeOf({ slotStart: '2026-12-02T08:45:00-03:00' })).toBe('NOT_A_SLOT');
  });

  it('OFFICE_CLOSED: on a closed day, with the reason, or at an hour the office is not open', () => {
    expect(check({ slotStart: '2026-12-08T09:00:00-03:00' })).toEqual({
      ok: false,
      error: { code: 'OFFICE_CLOSED', message: 'The office is closed on 2026-12-08: La inmaculada concepción' },
    });
    expect(codeOf({ slotStart: '2026-12-05T09:00:00-03:00' })).toBe('OFFICE_CLOSED');
    expect(codeOf({ slotStart: '2026-12-02T12:00:00-03:00' })).toBe('OFFICE_CLOSED');
  });

  it('OUTSIDE_BOOKING_WINDOW: 31 Dec opens on 1 Dec at 08:00, not a minute earlier', () => {
    const slotStart = '2026-12-31T08:30:00-03:00';
    expect(check({ slotStart, now: DateTime.fromISO('2026-12-01T07:59:59-03:00') })).toEqual({
      ok: false,
      error: { code: 'OUTSIDE_BOOKING_WINDOW', message: 'Booking for 2026-12-31 opens at 2026-12-01T08:00:00-03:00' },
    });
    expect(codeOf({ slotStart, now: DateTime.fromISO('2026-12-01T08:00:00-03:00') })).toBe('ok');
    expect(codeOf({ slotStart: '2027-01-04T08:30:00-03:00' })).toBe('OUTSIDE_BOOKING_WINDOW');
    // now as epoch milliseconds: the same verdicts to the millisecond
    expect(codeOf({ slotStart, now: Date.parse('2026-12-01T07:59:59.999-03:00') })).toBe('OUTSIDE_BOOKING_WINDOW');
    expect(codeOf({ slotStart, now: Date.parse('2026-12-01T08:00:00-03:00') })).toBe('ok');
  });

  it('OUTSIDE_BOOKING_WINDOW: booking closes 10 minutes before the slot, and past slots are outside', () => {
    const slotStart = '2026-12-01T09:30:00-03:00';
    expect(codeOf({ slotStart, now: DateTime.fromISO('2026-12-01T09:19:59-03:00') })).toBe('ok');
    expect(check({ slotStart, now: DateTime.fromISO('2026-12-01T09:20:00-03:00') })).toEqual({
      ok: false,
      error: { code: 'OUTSIDE_BOOKING_WINDOW', message: 'Booking for this slot closed at 2026-12-01T09:20:00-03:00' },
    });
    expect(codeOf({ slotStart: '2026-12-01T08:30:00-03:00' })).toBe('OUTSIDE_BOOKING_WINDOW');
  });

  it('DUPLICATE_BOOKING comes before capacity: there is no point offering other slots', () => {
    expect(codeOf({ hasActiveBookingForService: true, bookedInSlot: 2 })).toBe('DUPLICATE_BOOKING');
  });

  it('DAY_FULL once the daily cap is used, before SLOT_FULL', () => {
    const capped = { ...settings, dailyAppointmentCap: 4 };
    expect(codeOf({ settings: capped, bookedInDay: 4, bookedInSlot: 2 })).toBe('DAY_FULL');
    expect(codeOf({ settings: capped, bookedInDay: 3, bookedInSlot: 0 })).toBe('ok');
  });

  it('SLOT_FULL when the slot seats are taken, including seats the daily cap took away', () => {
    expect(codeOf({ bookedInSlot: 2, bookedInDay: 2 })).toBe('SLOT_FULL');
    expect(codeOf({ bookedInSlot: 1, bookedInDay: 1 })).toBe('ok');
    // Cap 4 over 3 slots of 2: seats 2, 1, 1; the 09:00 slot holds one.
    expect(codeOf({ settings: { ...settings, dailyAppointmentCap: 4 }, bookedInSlot: 1, bookedInDay: 1 })).toBe('SLOT_FULL');
  });
});

describe('nextSlotsWithRoom', () => {
  const after = '2026-12-02T08:30:00-03:00';

  it('suggests the next three bookable slots with room after the full one, skipping full and closed ones', () => {
    const booked = new Map([['2026-12-02T09:00:00-03:00', 2]]);
    expect(nextSlotsWithRoom({ calendar, settings, after, now, booked })).toEqual([
      { start: '2026-12-02T09:30:00-03:00', end: '2026-12-02T10:00:00-03:00', remaining: 2 },
      { start: '2026-12-03T08:30:00-03:00', end: '2026-12-03T09:00:00-03:00', remaining: 2 },
      { start: '2026-12-03T09:00:00-03:00', end: '2026-12-03T09:30:00-03:00', remaining: 2 },
    ]);
  });

  it('goes no further than the last released date', () => {
    const found = nextSlotsWithRoom({ calendar, settings: { ...settings, bookingHorizonDays: 1 }, after, now, booked: new Map(), limit: 10 });
    expect(found.map((slot) => slot.start)).toEqual(['2026-12-02T09:00:00-03:00', '2026-12-02T09:30:00-03:00']);
  });

  it('suggests nothing for a limit of 0 or a start that is not an instant', () => {
    expect(nextSlotsWithRoom({ calendar, settings, after, now, booked: new Map(), limit: 0 })).toEqual([]);
    expect(nextSlotsWithRoom({ calendar, settings, after: 'soon', now, booked: new Map() })).toEqual([]);
  });
});
