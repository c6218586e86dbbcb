import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { holdUntil, MIN_HOLD_MINUTES, slotMatchesWishes, waitlistSlotFacts } from './waitlist.js';

const MIN = 60_000;
const RUNS = { numRuns: 500 };
const ZONES = ['America/Santiago', 'Pacific/Easter', 'America/Punta_Arenas', 'UTC'];
const BASE = Date.parse('2026-01-01T00:00:00Z');
/** Instants over three years (both Chilean clock changes each year), to the minute. */
const instant = fc.integer({ min: 0, max: 3 * 366 * 24 * 60 }).map((m) => BASE + m * MIN);
const localDate = fc.integer({ min: 0, max: 3 * 366 }).map((d) => DateTime.fromMillis(BASE, { zone: 'UTC' }).plus({ days: d }).toISODate()!);
const wishes = fc
  .record({
    a: localDate,
    b: localDate,
    weekdays: fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }), { nil: null }),
    morningOnly: fc.boolean(),
  })
  .map(({ a, b, weekdays, morningOnly }) => ({ from: a < b ? a : b, to: a < b ? b : a, weekdays, morningOnly }));

describe('waitlist hold window (properties)', () => {
  it('is never past the hold time nor past half the time to the slot, and at least MIN_HOLD_MINUTES when given', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -600, max: 60 * 24 * 30 }), fc.integer({ min: 5, max: 1440 }), (now, ahead, holdMinutes) => {
        const slotStart = now + ahead * MIN;
        const until = holdUntil({ now, slotStart, holdMinutes });
        if (until === null) {
          // Refused only when neither bound leaves ten minutes.
          expect(Math.min(holdMinutes * MIN, (slotStart - now) / 2)).toBeLessThan(MIN_HOLD_MINUTES * MIN + 1);
          return;
        }
        expect(until - now).toBeGreaterThanOrEqual(MIN_HOLD_MINUTES * MIN);
        expect(until).toBeLessThanOrEqual(now + holdMinutes * MIN);
        expect(until - now).toBeLessThanOrEqual((slotStart - now) / 2);
        expect(until).toBeLessThan(slotStart);
      }),
      RUNS,
    );
  });

  it('gives the full hold time whenever the slot is at least twice as far away', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 10, max: 1440 }), fc.integer({ min: 0, max: 10_000 }), (now, holdMinutes, extra) => {
        expect(holdUntil({ now, slotStart: now + (2 * holdMinutes + extra) * MIN, holdMinutes })).toBe(now + holdMinutes * MIN);
      }),
      RUNS,
    );
  });
});

describe('waitlist matching (properties)', () => {
  it('matches exactly the slots whose local date, weekday and hour fit, read in the office zone', () => {
    fc.assert(
      fc.property(wishes, instant, fc.constantFrom(...ZONES), (w, start, zone) => {
        const facts = waitlistSlotFacts(start, zone);
        const local = DateTime.fromMillis(start, { zone });
        expect(facts.localDate).toBe(local.toISODate());
        expect(facts.isoWeekday).toBe(local.weekday);
        const expected = local.toISODate()! >= w.from && local.toISODate()! <= w.to && (w.weekdays === null || w.weekdays.includes(local.weekday)) && (!w.morningOnly || local.hour < 12);
        expect(slotMatchesWishes(w, facts)).toBe(expected);
      }),
      RUNS,
    );
  });

  it('never matches more with narrower wishes: mornings only and fewer weekdays take a subset', () => {
    fc.assert(
      fc.property(wishes, instant, fc.constantFrom(...ZONES), (w, start, zone) => {
        const facts = waitlistSlotFacts(start, zone);
        const narrower = { ...w, morningOnly: true, weekdays: (w.weekdays ?? [1, 2, 3, 4, 5, 6, 7]).slice(1) };
        if (slotMatchesWishes(narrower, facts)) expect(slotMatchesWishes(w, facts)).toBe(true);
      }),
      RUNS,
    );
  });
});
