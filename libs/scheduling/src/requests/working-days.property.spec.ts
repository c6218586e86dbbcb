import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CHILE_HOLIDAYS, type HolidayRegion } from '../calendar/public-holidays.js';
import { addDays, wallTimeStart } from '../calendar/wall-time.js';
import { deadlineState, pausedWorkingDays, requestDueDate } from './request-deadline.js';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.js';

const ARICA: HolidayRegion = { country: 'CL', region: 'AP' };
const REGIONS: (HolidayRegion | null)[] = [null, CHILE_HOLIDAYS, ARICA];
const ZONES = ['America/Santiago', 'Pacific/Easter', 'America/Punta_Arenas', 'Europe/London', 'UTC'];
/** Local dates around which Santiago and Easter Island change their clocks, and Chilean holidays (2025–2027). */
const SPECIAL_DATES = [
  '2025-04-05', '2025-09-06', '2026-04-04', '2026-09-05', '2027-04-03', '2027-09-04',
  '2026-04-03', '2026-09-18', '2026-10-12', '2026-10-31', '2026-12-08', '2026-12-25', '2027-03-26', '2027-09-17', '2027-10-11', '2027-12-08',
];
const RUNS = { numRuns: 300 };

/** Local dates from 2025 to 2027, biased towards the clock changes and the holidays. */
const localDate = fc.oneof(
  fc.tuple(fc.constantFrom(...SPECIAL_DATES), fc.integer({ min: -3, max: 3 })).map(([date, shift]) => addDays(date, shift)),
  fc.integer({ min: 0, max: 3 * 365 - 1 }).map((days) => addDays('2025-01-01', days)),
);
const region = fc.constantFrom(...REGIONS);
/** Working-day counts: mostly the legal deadlines' size, sometimes a year and more. */
const count = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 400 }));

/**
 * The oracle: the public holidays straight from date-holidays and weekdays from JavaScript's UTC
 * calendar, sharing no code with the functions under test.
 */
const oracleHolidays = new Map<string, Set<string>>();
function oracleWorking(date: string, where: HolidayRegion | null): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  if (!where) return true;
  const key = `${where.country}|${where.region ?? ''}|${date.slice(0, 4)}`;
  let dates = oracleHolidays.get(key);
  if (!dates) {
    const source = where.region ? new Holidays(where.country, where.region, { types: ['public'] }) : new Holidays(where.country, { types: ['public'] });
    dates = new Set((source.getHolidays(Number(date.slice(0, 4))) ?? []).filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
    oracleHolidays.set(key, dates);
  }
  return !dates.has(date);
}
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
function oracleBetween(from: string, to: string, where: HolidayRegion | null): number {
  let total = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (oracleWorking(day, where)) total += 1;
  return total;
}

describe('working days, against an independent day-by-day count', () => {
  it('isWorkingDay agrees with the oracle', () => {
    fc.assert(fc.property(localDate, region, (date, where) => isWorkingDay(date, where) === oracleWorking(date, where)), RUNS);
  });

  it('workingDaysBetween agrees with the oracle and is 0 when to is not after from', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -20, max: 120 }), region, (from, span, where) => {
        const to = addDays(from, span);
        expect(workingDaysBetween(from, to, where)).toBe(span <= 0 ? 0 : oracleBetween(from, to, where));
      }),
      RUNS,
    );
  });
});

describe('addWorkingDays, for any date, count and holiday region', () => {
  it('for n > 0 the result is a working day after the date; n = 0 returns the date', () => {
    fc.assert(
      fc.property(localDate, count, region, (date, n, where) => {
        const due = addWorkingDays(date, n, where);
        if (n === 0) expect(due).toBe(date);
        else {
          expect(due > date).toBe(true);
          expect(oracleWorking(due, where)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n, and the day before the result counts n - 1 (the first such day)', () => {
    fc.assert(
      fc.property(localDate, count, region, (date, n, where) => {
        const due = addWorkingDays(date, n, where);
        expect(workingDaysBetween(date, due, where)).toBe(n);
        if (n > 0) expect(workingDaysBetween(date, addDays(due, -1), where)).toBe(n - 1);
      }),
      RUNS,
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(localDate, count, fc.integer({ min: 1, max: 40 }), region, (date, n, more, where) => {
        expect(addWorkingDays(date, n + more, where) > addWorkingDays(date, n, where)).toBe(true);
      }),
      RUNS,
    );
  });

  it('adds up: a + b working days is a working days, then b more', () => {
    fc.assert(
      fc.property(localDate, count, count, region, (date, a, b, where) => {
        expect(addWorkingDays(addWorkingDays(date, a, where), b, where)).toBe(addWorkingDays(date, a + b, where));
      }),
      RUNS,
    );
  });

  it('holidays only ever push a date later', () => {
    fc.assert(
      fc.property(localDate, count, (date, n) => {
        expect(addWorkingDays(date, n, CHILE_HOLIDAYS) >= addWorkingDays(date, n, null)).toBe(true);
        expect(addWorkingDays(date, n, ARICA) >= addWorkingDays(date, n, CHILE_HOLIDAYS)).toBe(true);
      }),
      RUNS,
    );
  });

  it('workingDaysBetween adds up over a split, and never exceeds the calendar days', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), region, (from, first, second, where) => {
        const middle = addDays(from, first);
        const to = addDays(middle, second);
        const whole = workingDaysBetween(from, to, where);
        expect(whole).toBe(workingDaysBetween(from, middle, where) + workingDaysBetween(middle, to, where));
        expect(whole).toBeLessThanOrEqual(first + second);
      }),
      RUNS,
    );
  });

  it('a negative or fractional n is a RangeError', () => {
    fc.assert(
      fc.property(localDate, fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true })), (date, n) => {
        expect(() => addWorkingDays(date, n, CHILE_HOLIDAYS)).toThrow(RangeError);
      }),
      RUNS,
    );
  });

  it('anything but a real YYYY-MM-DD date is a RangeError', () => {
    const notADate = fc.string().filter((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text));
    const impossible = fc.tuple(fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 29, max: 31 }))
      .map(([year, month, day]) => `${year}-${String(month).padStart(2, '0')}-${day}`)
      .filter((text) => Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text);
    fc.assert(
      fc.property(fc.oneof(notADate, impossible), (date) => {
        expect(() => isWorkingDay(date, null)).toThrow(RangeError);
        expect(() => addWorkingDays(date, 1, null)).toThrow(RangeError);
        expect(() => workingDaysBetween('2026-01-01', date, null)).toThrow(RangeError);
      }),
      RUNS,
    );
  });
});

describe('request deadlines', () => {
  const deadline = fc.record({
    filedOn: localDate,
    workingDays: fc.integer({ min: 1, max: 30 }),
    pausedWorkingDays: fc.integer({ min: 0, max: 40 }),
    holidays: region,
  });

  it('the due date is a working day, workingDays + pausedWorkingDays after filing', () => {
    fc.assert(
      fc.property(deadline, (input) => {
        const due = requestDueDate(input);
        expect(oracleWorking(due, input.holidays)).toBe(true);
        expect(oracleBetween(input.filedOn, due, input.holidays)).toBe(input.workingDays + input.pausedWorkingDays);
      }),
      RUNS,
    );
  });

  it('pauses only ever push the due date later, and a pause of k > 0 days strictly later', () => {
    fc.assert(
      fc.property(deadline, fc.integer({ min: 0, max: 20 }), (input, more) => {
        const before = requestDueDate(input);
        const after = requestDueDate({ ...input, pausedWorkingDays: input.pausedWorkingDays + more });
        expect(after >= before).toBe(true);
        if (more > 0) expect(after > before).toBe(true);
        expect(workingDaysBetween(before, after, input.holidays)).toBe(more);
      }),
      RUNS,
    );
  });

  /** An instant from a local wall-clock reading, resolved by the calendar's own DST-aware code. */
  const localInstant = fc.record({ date: localDate, minute: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 1380, max: 1439 })) });
  const instantIn = (zone: string, { date, minute }: { date: string; minute: number }) => wallTimeStart(zone, date, minute);

  it('a pause counts the working days after the local date it began, up to the local date it ended, in any zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), localInstant, fc.integer({ min: 0, max: 30 }), localInstant.map(({ minute }) => minute), region, (zone, start, span, endMinute, where) => {
        const end = { date: addDays(start.date, span), minute: endMinute };
        const from = instantIn(zone, start);
        const to = instantIn(zone, end);
        fc.pre(to >= from);
        expect(from.setZone(zone).toISODate()).toBe(start.date);
        expect(to.setZone(zone).toISODate()).toBe(end.date);
        const expected = oracleBetween(start.date, end.date, where);
        // The same instants as a Date, a DateTime in UTC and an ISO string with its offset.
        expect(pausedWorkingDays({ from: from.toJSDate(), to: to.toUTC(), timeZone: zone, holidays: where })).toBe(expected);
        expect(pausedWorkingDays({ from: from.toISO()!, to: to.toUTC().toISO()!, timeZone: zone, holidays: where })).toBe(expected);
      }),
      RUNS,
    );
  });

  it('pauses add up when split at any instant in between', () => {
    const instant = fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }).map((millis) => DateTime.fromMillis(millis, { zone: 'UTC' }));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.uniqueArray(instant, { minLength: 3, maxLength: 3, selector: (value) => value.toMillis() }), region, (zone, instants, where) => {
        const [a, b, c] = [...instants].sort((x, y) => x.toMillis() - y.toMillis());
        const pause = (from: DateTime, to: DateTime) => pausedWorkingDays({ from, to, timeZone: zone, holidays: where });
        expect(pause(a, c)).toBe(pause(a, b) + pause(b, c));
        expect(pause(c, a)).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('deadlineState: overdue exactly when the due date is past; the working days left lead back to the due date', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -40, max: 40 }), region, (today, shift, where) => {
        const dueDate = addDays(today, shift);
        const { overdue, workingDaysLeft } = deadlineState({ dueDate, today, holidays: where });
        expect(overdue).toBe(dueDate < today);
        if (!overdue) {
          expect(workingDaysLeft).toBe(oracleBetween(today, dueDate, where));
          if (oracleWorking(dueDate, where)) expect(addWorkingDays(today, workingDaysLeft, where)).toBe(dueDate);
        } else {
          expect(workingDaysLeft).toBe(oracleBetween(dueDate, today, where) === 0 ? 0 : -oracleBetween(dueDate, today, where));
        }
      }),
      RUNS,
    );
  });

  it('deadlineState: the working days left never grow as the days go by', () => {
    fc.assert(
      fc.property(localDate, fc.integer({ min: -30, max: 30 }), fc.integer({ min: 1, max: 10 }), region, (today, shift, later, where) => {
        const dueDate = addDays(today, shift);
        const now = deadlineState({ dueDate, today, holidays: where });
        const then = deadlineState({ dueDate, today: addDays(today, later), holidays: where });
        expect(then.workingDaysLeft).toBeLessThanOrEqual(now.workingDaysLeft);
        if (now.overdue) expect(then.overdue).toBe(true);
      }),
      RUNS,
    );
  });
});
