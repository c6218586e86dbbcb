import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service-settings.js';
import { minutesOfDay, type IsoWeekday, type TimeInterval, type WeeklyHours } from '../weekly-hours.js';
import { availability } from './availability.js';
import { checkBooking } from './booking-rules.js';
import { bookingOpensFor } from './booking-window.js';
import { spreadDailyCap } from './daily-cap.js';
import type { CalendarException, OfficeCalendar } from './office-calendar.js';
import { openingOn } from './opening.js';
import { CHILE_HOLIDAYS } from './public-holidays.js';
import { slotsForDay } from './slots.js';
import { addDays, isoInstant, parseInstant, resolveWallTime, wallTimeStart } from './wall-time.js';

const ZONES = ['America/Santiago', 'Pacific/Easter', 'America/Punta_Arenas', 'Europe/London', 'Australia/Lord_Howe', 'UTC'];
/** Local dates on which one of the zones above changes its clocks (2025–2027). */
const TRANSITION_DATES = [
  '2025-04-05', '2025-09-06', '2026-04-04', '2026-09-05', '2027-04-03', '2027-09-04', // Santiago, Easter (Saturday evening / midnight)
  '2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', // London
  '2025-04-06', '2025-10-05', '2026-04-05', '2026-10-04', '2027-04-04', '2027-10-03', // Lord Howe
];
const MINUTE_MS = 60_000;

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** Minutes of the day, biased towards the hours around midnight and the usual clock-change hours. */
const minute = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 180 }), fc.integer({ min: 1260, max: 1439 }));
/** Non-overlapping intervals, as a valid weekly schedule's day. */
const intervals: fc.Arbitrary<TimeInterval[]> = fc
  .uniqueArray(minute, { minLength: 0, maxLength: 6 })
  .map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const pairs: TimeInterval[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) pairs.push({ start: hhmm(sorted[i]), end: hhmm(sorted[i + 1]) });
    return pairs;
  });
const weeklyHours: fc.Arbitrary<WeeklyHours> = fc.array(intervals, { minLength: 7, maxLength: 7 }).map((days) => {
  const hours: WeeklyHours = {};
  days.forEach((day, index) => {
    if (day.length > 0) hours[(index + 1) as IsoWeekday] = day;
  });
  return hours;
});
const localDate = fc.oneof(
  fc.tuple(fc.constantFrom(...TRANSITION_DATES), fc.integer({ min: -1, max: 1 })).map(([date, shift]) => addDays(date, shift)),
  fc.integer({ min: 0, max: 3 * 365 }).map((days) => addDays('2025-01-01', days)),
);
const exception = (date: string): fc.Arbitrary<CalendarException> =>
  fc.oneof(
    fc.constant<CalendarException>({ kind: 'closed', date, reason: 'Closed for the day' }),
    fc.tuple(minute, minute).filter(([a, b]) => a !== b).map(([a, b]): CalendarException => ({ kind: 'closed', date, start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)), reason: 'Closed for a while' })),
    intervals.map((open): CalendarException => ({ kind: 'open', date, intervals: open, reason: 'Extra opening' })),
  );
const scenario = localDate.chain((date) =>
  fc.record({
    date: fc.constant(date),
    calendar: fc.record({
      timeZone: fc.constantFrom(...ZONES),
      weeklyHours,
      exceptions: fc.array(fc.integer({ min: -1, max: 1 }).chain((shift) => exception(addDays(date, shift))), { maxLength: 3 }),
      holidays: fc.constantFrom(null, CHILE_HOLIDAYS),
    }) as fc.Arbitrary<OfficeCalendar>,
    settings: fc.record({
      mode: fc.constantFrom('appointment' as const, 'both' as const),
      slotMinutes: fc.oneof(fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 90), fc.integer({ min: 1, max: 180 })),
      seatsPerSlot: fc.integer({ min: 0, max: 5 }),
      dailyAppointmentCap: fc.option(fc.integer({ min: 0, max: 80 }), { nil: null }),
      bookingHorizonDays: fc.integer({ min: 0, max: 60 }),
      bookingOpensAt: minute.map(hhmm),
      bookingLeadMinutes: fc.integer({ min: 0, max: 180 }),
    }).map((settings): ServiceSettings => ({ ...DEFAULT_SERVICE_SETTINGS, ...settings })),
  }),
);
const RUNS = { numRuns: 150 };

describe('slots, for any zone, hours, exceptions, settings and date around a clock change', () => {
  it('are sorted, unique, never overlap, last slotMinutes of real time and lie inside the opening hours', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, settings, date }) => {
        const slots = slotsForDay(calendar, settings, date);
        const opening = openingOn(calendar, date);
        const starts = slots.map((slot) => DateTime.fromISO(slot.start).toMillis());
        const ends = slots.map((slot) => DateTime.fromISO(slot.end).toMillis());
        slots.forEach((_, i) => {
          expect(ends[i] - starts[i]).toBe(settings.slotMinutes * MINUTE_MS);
          if (i > 0) expect(starts[i]).toBeGreaterThanOrEqual(ends[i - 1]);
          expect(opening.intervals.some(({ start, end }) => start.toMillis() <= starts[i] && ends[i] <= end.toMillis())).toBe(true);
        });
        expect(new Set(slots.map((slot) => slot.localTime)).size).toBe(slots.length);
      }),
      RUNS,
    );
  });

  it('start at a wall time that exists on their own local date (never in a skipped hour), at its first occurrence, written with the offset then in force', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, settings, date }) => {
        for (const slot of slotsForDay(calendar, settings, date)) {
          const start = parseInstant(slot.start, calendar.timeZone)!;
          expect(slot.localDate).toBe(date);
          expect(start.toFormat('yyyy-MM-dd HH:mm')).toBe(`${date} ${slot.localTime}`);
          expect(isoInstant(start)).toBe(slot.start);
          const resolved = resolveWallTime(calendar.timeZone, date, minutesOfDay(slot.localTime));
          expect(resolved.kind).not.toBe('missing');
          if (resolved.kind === 'ambiguous') expect(resolved.earlier.toMillis()).toBe(start.toMillis());
        }
      }),
      RUNS,
    );
  });

  it('have at most seatsPerSlot seats, shared fairly, and the day holds exactly min(cap, slots × seats)', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, settings, date }) => {
        const seats = slotsForDay(calendar, settings, date).map((slot) => slot.seats);
        const total = seats.reduce((sum, count) => sum + count, 0);
        const uncapped = seats.length * settings.seatsPerSlot;
        expect(total).toBe(settings.dailyAppointmentCap === null ? uncapped : Math.min(settings.dailyAppointmentCap, uncapped));
        expect(seats.every((count) => count >= 0 && count <= settings.seatsPerSlot)).toBe(true);
        if (seats.length > 0) expect(Math.max(...seats) - Math.min(...seats)).toBeLessThanOrEqual(1);
        seats.forEach((count, i) => i === 0 || expect(count).toBeLessThanOrEqual(seats[i - 1]));
      }),
      RUNS,
    );
  });
});

describe('openingOn, for any calendar', () => {
  it('gives non-empty, sorted, disjoint intervals inside the local day, and a reason whenever it is closed', () => {
    fc.assert(
      fc.property(scenario, ({ calendar, date }) => {
        const day = openingOn(calendar, date);
        const dayStart = wallTimeStart(calendar.timeZone, date, 0).toMillis();
        const nextDay = wallTimeStart(calendar.timeZone, addDays(date, 1), 0).toMillis();
        expect(day.open).toBe(day.intervals.length > 0);
        if (!day.open) expect(day.reason).toEqual(expect.any(String));
        day.intervals.forEach(({ start, end }, i) => {
          expect(start.toMillis()).toBeLessThan(end.toMillis());
          expect(start.toMillis()).toBeGreaterThanOrEqual(dayStart);
          expect(end.toMillis()).toBeLessThanOrEqual(nextDay);
          if (i > 0) expect(start.toMillis()).toBeGreaterThanOrEqual(day.intervals[i - 1].end.toMillis());
        });
      }),
      RUNS,
    );
  });
});

describe('availability, for any bookings and any now', () => {
  const withBookings = scenario.chain((input) =>
    fc.record({
      input: fc.constant(input),
      taken: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 60, maxLength: 60 }),
      // Now anywhere from well before the release to after the day.
      nowOffsetMinutes: fc.integer({ min: -62 * 24 * 60, max: 2 * 24 * 60 }),
    }),
  );

  it('never shows negative room, never more than the seats left, only inside the booking window, and agrees with checkBooking', () => {
    fc.assert(
      fc.property(withBookings, ({ input: { calendar, settings, date }, taken, nowOffsetMinutes }) => {
        const now = wallTimeStart(calendar.timeZone, date, 12 * 60).plus({ minutes: nowOffsetMinutes });
        const slots = slotsForDay(calendar, settings, date);
        const booked = new Map(slots.map((slot, i) => [slot.start, taken[i % taken.length]]));
        const result = availability({ calendar, settings, from: date, to: date, booked, now });
        if (!result.ok) throw new Error(result.error.message);
        const [day] = result.value.days;
        const bookedInDay = slots.reduce((sum, slot) => sum + booked.get(slot.start)!, 0);
        const dayRoom = settings.dailyAppointmentCap === null ? Infinity : Math.max(0, settings.dailyAppointmentCap - bookedInDay);
        const opensAt = bookingOpensFor(calendar.timeZone, settings, date);

        expect(day.slots.map((slot) => slot.start)).toEqual(slots.map((slot) => slot.start));
        expect(day.remaining).toBeGreaterThanOrEqual(0);
        expect(day.remaining).toBe(Math.min(dayRoom, day.slots.reduce((sum, slot) => sum + slot.remaining, 0)));
        day.slots.forEach((listed, i) => {
          const inWindow = now >= opensAt && now < DateTime.fromISO(listed.start).minus({ minutes: settings.bookingLeadMinutes });
          expect(listed.remaining).toBeGreaterThanOrEqual(0);
          expect(listed.remaining).toBeLessThanOrEqual(Math.max(0, slots[i].seats - booked.get(listed.start)!));
          if (!inWindow) expect(listed.remaining).toBe(0);
          if (inWindow && bookedInDay === 0) expect(listed.remaining).toBe(slots[i].seats);
          // checkBooking rebuilds the day's slots: a sample of slots keeps this linear, not quadratic.
          if (i % Math.ceil(day.slots.length / 6) !== 0 && i !== day.slots.length - 1) return;
          const check = checkBooking({
            calendar,
            settings,
            slotStart: listed.start,
            now,
            bookedInSlot: booked.get(listed.start)!,
            bookedInDay,
            hasActiveBookingForService: false,
          });
          expect(check.ok).toBe(listed.remaining > 0);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('resolveWallTime, for any zone and minute', () => {
  it('exact and ambiguous readings read back as asked; a missing one lies between the readings either side of the jump', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), localDate, minute, (zone, date, minutes) => {
        const wall = `${date} ${hhmm(minutes)}`;
        const reads = (instant: DateTime) => instant.setZone(zone).toFormat('yyyy-MM-dd HH:mm');
        const resolved = resolveWallTime(zone, date, minutes);
        if (resolved.kind === 'exact') expect(reads(resolved.instant)).toBe(wall);
        if (resolved.kind === 'ambiguous') {
          expect([reads(resolved.earlier), reads(resolved.later)]).toEqual([wall, wall]);
          expect(resolved.earlier < resolved.later).toBe(true);
        }
        if (resolved.kind === 'missing') {
          expect(reads(resolved.transition.minus({ minutes: 1 })) < wall).toBe(true);
          expect(reads(resolved.transition) > wall).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('spreadDailyCap, for any counts', () => {
  it('sums to min(cap, slots × seats) with floor or ceil per slot, earlier slots first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 10 }), fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }), (slots, seats, cap) => {
        const spread = spreadDailyCap(slots, seats, cap);
        expect(spread).toHaveLength(slots);
        expect(spread.reduce((sum, count) => sum + count, 0)).toBe(cap === null ? slots * seats : Math.min(cap, slots * seats));
        spread.forEach((count, i) => {
          expect(count).toBeLessThanOrEqual(seats);
          if (i > 0) expect(count).toBeLessThanOrEqual(spread[i - 1]);
          expect(spread[0] - count).toBeLessThanOrEqual(1);
        });
      }),
    );
  });
});
