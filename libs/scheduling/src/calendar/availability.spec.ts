import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service-settings.js';
import { availability, type AvailabilityRequest } from './availability.js';
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
  mode: 'appointment',
  slotMinutes: 30,
  seatsPerSlot: 2,
  bookingHorizonDays: 30,
  bookingOpensAt: '08:00',
  bookingLeadMinutes: 10,
};
const now = DateTime.fromISO('2026-12-01T09:05:00-03:00');
const request = (overrides: Partial<AvailabilityRequest> = {}): AvailabilityRequest => ({ calendar, settings, from: '2026-12-02', to: '2026-12-02', booked: new Map(), now, ...overrides });
const days = (overrides: Partial<AvailabilityRequest> = {}) => {
  const result = availability(request(overrides));
  if (!result.ok) throw new Error(result.error.message);
  return result.value.days;
};

describe('availability', () => {
  it('answers in the shape of API.md: zone, then each day with its slots and what remains', () => {
    expect(availability(request())).toEqual({
      ok: true,
      value: {
        timeZone: 'America/Santiago',
        days: [
          {
            date: '2026-12-02',
            open: true,
            remaining: 6,
            slots: [
              { start: '2026-12-02T08:30:00-03:00', end: '2026-12-02T09:00:00-03:00', remaining: 2 },
              { start: '2026-12-02T09:00:00-03:00', end: '2026-12-02T09:30:00-03:00', remaining: 2 },
              { start: '2026-12-02T09:30:00-03:00', end: '2026-12-02T10:00:00-03:00', remaining: 2 },
            ],
          },
        ],
      },
    });
  });

  it('today: slots past or inside the 10-minute lead time are listed with 0 remaining', () => {
    const [today] = days({ from: '2026-12-01', to: '2026-12-01' });
    expect(today.slots.map((slot) => slot.remaining)).toEqual([0, 0, 2]);
    expect(today.remaining).toBe(2);
  });

  it('a day whose slots have all gone says booking has closed', () => {
    expect(days({ from: '2026-11-30', to: '2026-11-30' })[0]).toMatchObject({ open: true, remaining: 0, reason: 'Booking for this day has closed' });
  });

  it('closed days say why: weekend, holiday', () => {
    expect(days({ from: '2026-12-05', to: '2026-12-08' }).map(({ date, open, reason, remaining, slots }) => ({ date, open, reason, remaining, slots }))).toEqual([
      { date: '2026-12-05', open: false, reason: 'Closed on this weekday', remaining: 0, slots: [] },
      { date: '2026-12-06', open: false, reason: 'Closed on this weekday', remaining: 0, slots: [] },
      { date: '2026-12-07', open: true, reason: undefined, remaining: 6, slots: expect.any(Array) },
      { date: '2026-12-08', open: false, reason: 'La inmaculada concepción', remaining: 0, slots: [] },
    ]);
  });

  it('the horizon: 31 Dec is released on 1 Dec at 08:00; a day past it is open with nothing bookable yet and says when it opens', () => {
    const [december31, january4] = days({ from: '2026-12-31', to: '2027-01-04' }).filter((day) => day.open);
    expect(december31).toMatchObject({ date: '2026-12-31', remaining: 6 });
    expect(january4).toMatchObject({
      date: '2027-01-04',
      open: true,
      remaining: 0,
      reason: 'Booking for this day opens at 2026-12-05T08:00:00-03:00',
      bookingOpensAt: '2026-12-05T08:00:00-03:00',
    });
    expect(january4.slots.every((slot) => slot.remaining === 0)).toBe(true);
  });

  it('bookings are matched by instant, whatever the spelling of the key, and remaining never goes negative', () => {
    const booked = new Map([
      ['2026-12-02T11:30:00Z', 1],
      ['2026-12-02T09:00:00-03:00', 5],
      ['not an instant', 9],
    ]);
    expect(days({ booked })[0]).toMatchObject({ remaining: 3, slots: [{ remaining: 1 }, { remaining: 0 }, { remaining: 2 }] });
  });

  it('bookings may also come from a function of the slot start', () => {
    const booked = (start: string) => (start === '2026-12-02T09:30:00-03:00' ? 2 : Number.NaN);
    expect(days({ booked })[0].slots.map((slot) => slot.remaining)).toEqual([2, 2, 0]);
  });

  it('a daily cap shares its seats over the slots and, once used up, leaves every slot at 0', () => {
    const capped = { ...settings, dailyAppointmentCap: 4 };
    expect(days({ settings: capped })[0]).toMatchObject({ remaining: 4, slots: [{ remaining: 2 }, { remaining: 1 }, { remaining: 1 }] });
    // Two bookings in the first slot leave room for two more, wherever they go.
    expect(days({ settings: capped, booked: new Map([['2026-12-02T08:30:00-03:00', 2]]) })[0]).toMatchObject({
      remaining: 2,
      slots: [{ remaining: 0 }, { remaining: 1 }, { remaining: 1 }],
    });
    // Bookings from before the cap was lowered exceed it: the day shows 0, never less.
    const overbooked = new Map([['2026-12-02T08:30:00-03:00', 2], ['2026-12-02T09:00:00-03:00', 2], ['2026-12-02T09:30:00-03:00', 1]]);
    expect(days({ settings: capped, booked: overbooked })[0]).toMatchObject({ remaining: 0, slots: [{ remaining: 0 }, { remaining: 0 }, { remaining: 0 }] });
  });

  it('an open day where no slot fits the hours says so', () => {
    expect(days({ settings: { ...settings, slotMinutes: 120 } })[0]).toEqual({
      date: '2026-12-02',
      open: true,
      reason: 'No appointment slot fits in the opening hours',
      remaining: 0,
      slots: [],
    });
  });

  it('covers at most 62 days: 62 are answered, 63 are an INVALID_DATE_RANGE error', () => {
    expect(days({ from: '2026-12-01', to: '2027-01-31' })).toHaveLength(62);
    expect(availability(request({ from: '2026-12-01', to: '2027-02-01' }))).toEqual({
      ok: false,
      error: { code: 'INVALID_DATE_RANGE', message: 'A request covers at most 62 days; this one covers 63' },
    });
  });

  it('refuses a reversed or malformed range', () => {
    expect(availability(request({ from: '2026-12-03', to: '2026-12-02' }))).toMatchObject({ ok: false, error: { code: 'INVALID_DATE_RANGE' } });
    expect(availability(request({ from: '2026-12-32' }))).toMatchObject({ ok: false, error: { code: 'INVALID_DATE_RANGE' } });
  });

  it('a walk-in service has no availability to show', () => {
    expect(availability(request({ settings: { ...settings, mode: 'walk_in' } }))).toMatchObject({ ok: false, error: { code: 'SERVICE_NOT_BOOKABLE' } });
  });
});
