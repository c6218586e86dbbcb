import { describe, expect, it } from 'vitest';
import { CHILE_HOLIDAYS, type HolidayRegion } from '../calendar/public-holidays.js';
import { addWorkingDays, isWorkingDay, MAX_WORKING_DAYS, workingDaysBetween } from './working-days.js';

const CL = CHILE_HOLIDAYS;
const ARICA: HolidayRegion = { country: 'CL', region: 'AP' };

describe('isWorkingDay with Chilean holidays', () => {
  it.each([
    ['2026-04-03', 'Good Friday 2026'],
    ['2027-03-26', 'Good Friday 2027'],
    ['2026-09-18', 'Fiestas Patrias 2026 (Friday)'],
    ['2027-09-17', 'the extra Fiestas Patrias holiday of 2027 (Friday)'],
    ['2026-10-12', 'Encuentro de Dos Mundos 2026 (Monday)'],
    ['2027-10-11', 'Encuentro de Dos Mundos 2027, moved to Monday'],
    ['2028-10-27', 'Iglesias Evangélicas 2028 (31 October is a Tuesday: moved to Friday 27)'],
    ['2026-12-08', 'Inmaculada Concepción 2026 (Tuesday)'],
    ['2027-12-08', 'Inmaculada Concepción 2027 (Wednesday)'],
    ['2026-12-25', 'Christmas 2026 (Friday)'],
    ['2027-01-01', 'New Year 2027 (Friday)'],
  ])('%s is no working day: %s', (date) => {
    expect(isWorkingDay(date, CL)).toBe(false);
    // Without a holiday region only the weekends are off, and these are all weekdays.
    expect(isWorkingDay(date, null)).toBe(true);
  });

  it.each([
    ['2026-09-19', 'Glorias del Ejército 2026, a Saturday'],
    ['2026-10-31', 'Iglesias Evangélicas 2026, a Saturday'],
    ['2027-10-31', 'Iglesias Evangélicas 2027, a Sunday'],
    ['2027-12-25', 'Christmas 2027, a Saturday'],
    ['2026-09-12', 'a plain Saturday'],
    ['2026-09-13', 'a plain Sunday'],
  ])('%s is no working day with or without holidays: %s', (date) => {
    expect(isWorkingDay(date, CL)).toBe(false);
    expect(isWorkingDay(date, null)).toBe(false);
  });

  it('ordinary weekdays around the holidays are working days', () => {
    for (const date of ['2026-09-17', '2026-09-21', '2026-10-13', '2026-12-07', '2026-12-09', '2026-12-24', '2027-09-16', '2027-09-20', '2027-11-02']) {
      expect(isWorkingDay(date, CL), date).toBe(true);
    }
  });

  it('a regional holiday counts only in its region: Arica (AP), Monday 7 June 2027', () => {
    expect(isWorkingDay('2027-06-07', ARICA)).toBe(false);
    expect(isWorkingDay('2027-06-07', CL)).toBe(true);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-09-11', 5, '2026-09-21', 'Friday + 5 skips Fiestas Patrias (Fri 18) and the weekend'],
    ['2026-09-17', 1, '2026-09-21', 'Thursday + 1 skips Fiestas Patrias and the weekend'],
    ['2027-09-16', 1, '2027-09-20', 'Thursday + 1 skips the extra Friday 17 September 2027'],
    ['2026-10-09', 1, '2026-10-13', 'Friday + 1 skips Monday 12 October'],
    ['2027-10-08', 1, '2027-10-12', 'Friday + 1 skips the moved Monday 11 October 2027'],
    ['2027-10-29', 1, '2027-11-02', 'Friday + 1 skips Sunday 31 October and Monday 1 November 2027'],
    ['2026-12-07', 1, '2026-12-09', 'Monday + 1 skips 8 December'],
    ['2026-12-24', 1, '2026-12-28', 'Thursday + 1 skips Christmas Friday and the weekend'],
    ['2026-12-31', 1, '2027-01-04', 'across the new year: Friday 1 January 2027 is a holiday'],
    ['2026-04-02', 1, '2026-04-06', 'Thursday + 1 skips Good Friday'],
    ['2027-03-25', 1, '2027-03-29', 'Thursday + 1 skips Good Friday 2027'],
    ['2026-09-07', 15, '2026-09-29', 'a complaint filed Monday 7 September 2026 (15 working days)'],
    ['2026-12-02', 10, '2026-12-17', 'a request filed Wednesday 2 December 2026 (10 working days)'],
    ['2026-09-12', 1, '2026-09-14', 'from a Saturday, the next Monday is the first working day'],
    ['2026-09-18', 1, '2026-09-21', 'from a holiday, the next working day'],
  ])('%s + %i working days = %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n, CL)).toBe(expected);
  });

  it('without holidays only the weekend is skipped', () => {
    expect(addWorkingDays('2026-09-17', 1, null)).toBe('2026-09-18');
    expect(addWorkingDays('2026-09-11', 5, null)).toBe('2026-09-18');
  });

  it('a regional holiday moves a deadline only in its region', () => {
    expect(addWorkingDays('2027-06-04', 1, ARICA)).toBe('2027-06-08');
    expect(addWorkingDays('2027-06-04', 1, CL)).toBe('2027-06-07');
  });

  it('n = 0 returns the date unchanged, working day or not', () => {
    expect(addWorkingDays('2026-09-18', 0, CL)).toBe('2026-09-18');
    expect(addWorkingDays('2026-09-15', 0, CL)).toBe('2026-09-15');
  });

  it.each([
    [-1, 'negative'],
    [1.5, 'not whole'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'infinite'],
    [MAX_WORKING_DAYS + 1, 'beyond the limit'],
  ])('n = %s (%s) is a RangeError naming n', (n) => {
    expect(() => addWorkingDays('2026-09-15', n, CL)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-09-15', n, CL)).toThrow(/^n must be a whole number of working days from 0 to 10000/);
  });

  it.each(['2026-02-29', '2026-13-01', '2026-9-15', '15-09-2026', '2026-09-15T10:00:00Z', '', 'tomorrow'])('date "%s" is a RangeError naming date', (date) => {
    expect(() => addWorkingDays(date, 1, CL)).toThrow(RangeError);
    expect(() => addWorkingDays(date, 1, CL)).toThrow(/^date must be a real YYYY-MM-DD date/);
  });
});

describe('workingDaysBetween counts d with from < d <= to', () => {
  it.each([
    ['2026-09-11', '2026-09-14', 1, 'Friday to Monday'],
    ['2026-09-17', '2026-09-21', 1, 'Thursday to Monday over Fiestas Patrias'],
    ['2026-09-07', '2026-09-29', 15, 'a complaint\'s whole deadline'],
    ['2026-12-23', '2027-01-04', 6, 'over Christmas and New Year: 24, 28, 29, 30, 31 Dec and 4 Jan'],
    ['2026-09-15', '2026-09-15', 0, 'the same day'],
    ['2026-09-18', '2026-09-20', 0, 'a holiday and a weekend'],
    ['2026-09-21', '2026-09-14', 0, 'to before from'],
  ])('%s → %s = %i (%s)', (from, to, expected) => {
    expect(workingDaysBetween(from, to, CL)).toBe(expected);
  });

  it('without holidays Fiestas Patrias counts', () => {
    expect(workingDaysBetween('2026-09-17', '2026-09-21', null)).toBe(2);
  });

  it('a bad date is a RangeError naming the argument', () => {
    expect(() => workingDaysBetween('2026-09-31', '2026-10-05', CL)).toThrow(/^from must be a real YYYY-MM-DD date, got "2026-09-31"/);
    expect(() => workingDaysBetween('2026-09-01', '2026/10/05', CL)).toThrow(/^to must be a real YYYY-MM-DD date, got "2026\/10\/05"/);
    expect(() => isWorkingDay('2026-02-30', CL)).toThrow(RangeError);
  });
});
