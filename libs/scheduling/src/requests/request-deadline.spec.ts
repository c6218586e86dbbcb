import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CHILE_HOLIDAYS } from '../calendar/public-holidays.js';
import { deadlineState, pausedWorkingDays, requestDueDate } from './request-deadline.js';

const CL = CHILE_HOLIDAYS;
const SANTIAGO = 'America/Santiago';
const paused = (from: string | Date | DateTime, to: string | Date | DateTime) => pausedWorkingDays({ from, to, timeZone: SANTIAGO, holidays: CL });

describe('requestDueDate', () => {
  it('a complaint (15 working days) filed on Monday 7 September 2026 is due Tuesday 29 September, Fiestas Patrias skipped', () => {
    expect(requestDueDate({ filedOn: '2026-09-07', workingDays: 15, pausedWorkingDays: 0, holidays: CL })).toBe('2026-09-29');
  });

  it('a request (10 working days) filed on Wednesday 2 December 2026 is due Thursday 17 December, 8 December skipped', () => {
    expect(requestDueDate({ filedOn: '2026-12-02', workingDays: 10, pausedWorkingDays: 0, holidays: CL })).toBe('2026-12-17');
  });

  it('a request filed on a Saturday or a holiday starts counting on the next working day', () => {
    expect(requestDueDate({ filedOn: '2026-09-19', workingDays: 1, pausedWorkingDays: 0, holidays: CL })).toBe('2026-09-21');
    expect(requestDueDate({ filedOn: '2026-04-03', workingDays: 2, pausedWorkingDays: 0, holidays: CL })).toBe('2026-04-07');
  });

  it('a pause across a holiday and a weekend pushes the due date by its working days', () => {
    // Filed Monday 14 September 2026 with 10 working days: due Tuesday 29 September.
    expect(requestDueDate({ filedOn: '2026-09-14', workingDays: 10, pausedWorkingDays: 0, holidays: CL })).toBe('2026-09-29');
    // Staff ask on Thursday 17 at 16:00; the person replies Tuesday 22 at 09:00. Friday 18 is a
    // holiday, 19–20 the weekend: the pause took Monday 21 and Tuesday 22.
    const pause = paused('2026-09-17T16:00:00-03:00', '2026-09-22T09:00:00-03:00');
    expect(pause).toBe(2);
    expect(requestDueDate({ filedOn: '2026-09-14', workingDays: 10, pausedWorkingDays: pause, holidays: CL })).toBe('2026-10-01');
  });

  it('refuses a bad filing date, a deadline below one working day and a negative pause, naming the field', () => {
    expect(() => requestDueDate({ filedOn: '2026-02-29', workingDays: 10, pausedWorkingDays: 0, holidays: CL })).toThrow(/^filedOn must be a real YYYY-MM-DD date/);
    expect(() => requestDueDate({ filedOn: '2026-09-14', workingDays: 0, pausedWorkingDays: 0, holidays: CL })).toThrow(/^workingDays must be a whole number of working days from 1 to/);
    expect(() => requestDueDate({ filedOn: '2026-09-14', workingDays: -3, pausedWorkingDays: 0, holidays: CL })).toThrow(RangeError);
    expect(() => requestDueDate({ filedOn: '2026-09-14', workingDays: 10, pausedWorkingDays: -1, holidays: CL })).toThrow(/^pausedWorkingDays must be a whole number of working days from 0 to/);
    expect(() => requestDueDate({ filedOn: '2026-09-14', workingDays: 6000, pausedWorkingDays: 6000, holidays: CL })).toThrow(/^workingDays \+ pausedWorkingDays must be at most 10000/);
  });
});

describe('pausedWorkingDays', () => {
  it('asked and answered on the same day: 0; Friday to Monday: 1', () => {
    expect(paused('2026-09-15T09:00:00-03:00', '2026-09-15T17:00:00-03:00')).toBe(0);
    expect(paused('2026-09-11T17:00:00-03:00', '2026-09-14T08:00:00-03:00')).toBe(1);
  });

  it('reads the local date in the office zone, not in UTC: Friday 23:30 in Santiago is Saturday in UTC', () => {
    // Monday 21 September 23:30 -03:00 is 02:30Z on Tuesday 22; the pause ends on Monday, locally.
    expect(paused('2026-09-17T12:00:00-03:00', '2026-09-22T02:30:00Z')).toBe(1);
    expect(paused('2026-09-17T12:00:00-03:00', '2026-09-22T03:30:00Z')).toBe(2);
  });

  it('accepts Dates and luxon DateTimes as well as ISO strings', () => {
    expect(paused(new Date('2026-09-11T20:00:00Z'), DateTime.fromISO('2026-09-14T12:00:00Z'))).toBe(1);
  });

  it('to before from is an empty pause', () => {
    expect(paused('2026-09-22T09:00:00-03:00', '2026-09-17T16:00:00-03:00')).toBe(0);
  });

  describe('across the DST changes of America/Santiago', () => {
    it('2026-04-05 (clocks back at local midnight, -03:00 → -04:00): Sunday 23:30 -04:00 is still Sunday', () => {
      // From Thursday 2 April; Good Friday 3 April and the weekend are not working days.
      expect(DateTime.fromISO('2026-04-06T03:30:00Z', { zone: SANTIAGO }).toISO()).toBe('2026-04-05T23:30:00.000-04:00');
      expect(paused('2026-04-02T12:00:00-03:00', '2026-04-06T03:30:00Z')).toBe(0);
      // An hour later it is Monday 00:30 -04:00: one working day.
      expect(paused('2026-04-02T12:00:00-03:00', '2026-04-06T04:30:00Z')).toBe(1);
    });

    it('2026-04-05: the repeated hour before the change belongs to Saturday 4 April', () => {
      // 03:00Z–03:59Z on 5 April read 23:00–23:59 on Saturday a second time (at -04:00).
      expect(paused('2026-04-05T03:30:00Z', '2026-04-06T12:00:00-04:00')).toBe(1);
      expect(paused('2026-04-03T12:00:00-03:00', '2026-04-05T03:30:00Z')).toBe(0);
    });

    it('2026-09-06 (clocks forward, -04:00 → -03:00): Monday 7 September 00:30 -03:00 is Monday', () => {
      expect(DateTime.fromISO('2026-09-07T03:30:00Z', { zone: SANTIAGO }).toISO()).toBe('2026-09-07T00:30:00.000-03:00');
      expect(paused('2026-09-04T15:00:00-04:00', '2026-09-07T03:30:00Z')).toBe(1);
      // Sunday 23:30 -03:00 is 02:30Z on Monday: still Sunday locally.
      expect(paused('2026-09-04T15:00:00-04:00', '2026-09-07T02:30:00Z')).toBe(0);
    });

    it('2026-09-06: Saturday 23:30 -04:00 and Sunday 01:30 -03:00, one real hour apart, are both weekend days', () => {
      expect(paused('2026-09-06T03:30:00Z', '2026-09-06T04:30:00Z')).toBe(0);
      expect(paused('2026-09-04T12:00:00-04:00', '2026-09-06T03:30:00Z')).toBe(0);
      expect(paused('2026-09-06T03:30:00Z', '2026-09-08T12:00:00-03:00')).toBe(2);
    });
  });

  it('refuses invalid instants and unknown zones', () => {
    expect(() => paused('2026-09-15T09:00:00', '2026-09-16T09:00:00-03:00')).toThrow(/^from must be a Date, a luxon DateTime or an ISO 8601 instant with an offset/);
    expect(() => paused('2026-09-15T09:00:00-03:00', new Date('not a date'))).toThrow(/^to is not a valid instant/);
    expect(() => paused('2026-09-15T09:00:00-03:00', '2026-02-30T09:00:00-03:00')).toThrow(/^to is not a valid instant/);
    expect(() => pausedWorkingDays({ from: '2026-09-15T09:00:00Z', to: '2026-09-16T09:00:00Z', timeZone: 'Mars/Olympus', holidays: CL })).toThrow(RangeError);
  });
});

describe('deadlineState', () => {
  const state = (today: string, dueDate = '2026-09-29') => deadlineState({ dueDate, today, holidays: CL });

  it('counts the working days left to the due date', () => {
    expect(state('2026-09-21')).toEqual({ overdue: false, workingDaysLeft: 6 });
    // Due this week: 5 working days or fewer.
    expect(state('2026-09-22')).toEqual({ overdue: false, workingDaysLeft: 5 });
    expect(state('2026-09-17', '2026-09-21')).toEqual({ overdue: false, workingDaysLeft: 1 });
  });

  it('the due date itself is not overdue; the day after is', () => {
    expect(state('2026-09-29')).toEqual({ overdue: false, workingDaysLeft: 0 });
    expect(state('2026-09-30')).toEqual({ overdue: true, workingDaysLeft: -1 });
    expect(state('2026-10-06')).toEqual({ overdue: true, workingDaysLeft: -5 });
  });

  it('the weekend after a Friday due date is overdue with 0 working days past', () => {
    expect(state('2026-09-26', '2026-09-25')).toEqual({ overdue: true, workingDaysLeft: 0 });
    expect(Object.is(state('2026-09-26', '2026-09-25').workingDaysLeft, 0)).toBe(true);
  });

  it('refuses bad dates, naming the field', () => {
    expect(() => state('2026-09-31')).toThrow(/^today must be a real YYYY-MM-DD date/);
    expect(() => state('2026-09-21', '29/09/2026')).toThrow(/^dueDate must be a real YYYY-MM-DD date/);
  });
});
