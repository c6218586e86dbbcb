import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service-settings.js';
import { availability } from './availability.js';
import type { CalendarException, OfficeCalendar } from './office-calendar.js';
import { openingOn } from './opening.js';
import { CHILE_HOLIDAYS } from './public-holidays.js';
import { slotsForDay } from './slots.js';
import { isoInstant } from './wall-time.js';

const settings: ServiceSettings = { ...DEFAULT_SERVICE_SETTINGS, mode: 'appointment', slotMinutes: 15 };
const nightOwl = [{ start: '00:00', end: '02:00' }];
const santiago = (overrides: Partial<OfficeCalendar> = {}): OfficeCalendar => ({
  timeZone: 'America/Santiago',
  weeklyHours: { 1: [{ start: '08:30', end: '14:00' }] },
  exceptions: [],
  holidays: CHILE_HOLIDAYS,
  ...overrides,
});
const open = (date: string, intervals = nightOwl): CalendarException => ({ kind: 'open', date, intervals, reason: 'Night operation' });
const starts = (calendar: OfficeCalendar, date: string, slotSettings = settings) => slotsForDay(calendar, slotSettings, date).map((slot) => slot.start);

describe('America/Santiago, clocks forward on Sunday 6 September 2026 (00:00–00:59 does not exist)', () => {
  it('an office open Sundays 00:00–02:00 gets no slot in the skipped hour, only 01:00–01:45 at -03:00', () => {
    const calendar = santiago({ weeklyHours: { 7: nightOwl } });
    expect(starts(calendar, '2026-09-06')).toEqual([
      '2026-09-06T01:00:00-03:00',
      '2026-09-06T01:15:00-03:00',
      '2026-09-06T01:30:00-03:00',
      '2026-09-06T01:45:00-03:00',
    ]);
    expect(isoInstant(openingOn(calendar, '2026-09-06').intervals[0].start)).toBe('2026-09-06T01:00:00-03:00');
  });

  it('the same office the Sunday before keeps all eight slots at -04:00', () => {
    const slots = starts(santiago({ weeklyHours: { 7: nightOwl } }), '2026-08-30');
    expect(slots).toHaveLength(8);
    expect(slots.every((start) => start.endsWith('-04:00'))).toBe(true);
  });

  it('an extra opening on the transition day behaves the same as Sunday hours', () => {
    expect(starts(santiago({ exceptions: [open('2026-09-06')] }), '2026-09-06')).toHaveLength(4);
  });

  it('hour-long slots: Saturday night keeps -04:00 and ends by closing; on Sunday the grid resumes after the jump', () => {
    const calendar = santiago({ exceptions: [open('2026-09-05', [{ start: '22:30', end: '23:59' }]), open('2026-09-06', [{ start: '00:00', end: '03:00' }])] });
    const hourly = { ...settings, slotMinutes: 60 };
    expect(slotsForDay(calendar, hourly, '2026-09-05').map((slot) => [slot.start, slot.end])).toEqual([['2026-09-05T22:30:00-04:00', '2026-09-05T23:30:00-04:00']]);
    // 00:00 is skipped, so the grid's first real slot is 01:00-03:00, a plain hour.
    expect(slotsForDay(calendar, hourly, '2026-09-06').map((slot) => slot.localTime)).toEqual(['01:00', '02:00']);
  });

  it('Europe/London, 29 Mar 2026: a grid squeezed by the skipped hour drops the slot that would overlap its predecessor', () => {
    const calendar: OfficeCalendar = { timeZone: 'Europe/London', weeklyHours: { 7: [{ start: '00:00', end: '04:00' }] }, exceptions: [], holidays: null };
    const slots = slotsForDay(calendar, { ...settings, slotMinutes: 45 }, '2026-03-29');
    // 00:45 lasts 45 real minutes, to 02:30 BST; 01:30 does not exist; 02:15 would start inside 00:45's slot.
    expect(slots.map((slot) => [slot.start, slot.end])).toEqual([
      ['2026-03-29T00:00:00+00:00', '2026-03-29T00:45:00+00:00'],
      ['2026-03-29T00:45:00+00:00', '2026-03-29T02:30:00+01:00'],
      ['2026-03-29T03:00:00+01:00', '2026-03-29T03:45:00+01:00'],
    ]);
  });
});

describe('America/Santiago, clocks back at the end of Saturday 4 April 2026 (23:00–23:59 happens twice)', () => {
  it('Sunday 5 April 2026 is Easter (Pascua), a public holiday: closed unless an extra opening says otherwise', () => {
    expect(openingOn(santiago({ weeklyHours: { 7: nightOwl } }), '2026-04-05')).toMatchObject({ open: false, reason: 'Pascua' });
    const slots = starts(santiago({ exceptions: [open('2026-04-05')] }), '2026-04-05');
    // 5 April itself is an ordinary 24-hour day in tzdata: midnight happens once, at -04:00.
    expect(slots).toHaveLength(8);
    expect(slots[0]).toBe('2026-04-05T00:00:00-04:00');
  });

  it('an extra opening 22:00–23:59 on the Saturday gives each repeated wall time one slot, at its first occurrence', () => {
    const slots = slotsForDay(santiago({ exceptions: [open('2026-04-04', [{ start: '22:00', end: '23:59' }])] }), settings, '2026-04-04');
    expect(slots.map((slot) => slot.localTime)).toEqual(['22:00', '22:15', '22:30', '22:45', '23:00', '23:15', '23:30', '23:45']);
    expect(new Set(slots.map((slot) => slot.localTime)).size).toBe(slots.length);
    expect(slots.at(-1)).toMatchObject({ start: '2026-04-04T23:45:00-03:00', end: '2026-04-04T23:00:00-04:00' });
  });

  it('the 4 April opening ends at the second 23:59, when the wall clock finally reads it', () => {
    const day = openingOn(santiago({ exceptions: [open('2026-04-04', [{ start: '22:00', end: '23:59' }])] }), '2026-04-04');
    expect(isoInstant(day.intervals[0].end)).toBe('2026-04-04T23:59:00-04:00');
  });
});

describe('Pacific/Easter changes at 22:00 local on the Saturday', () => {
  it('an office open 21:00–23:59 on 5 Sep 2026 gets nothing in the skipped 22:00–22:59', () => {
    const calendar: OfficeCalendar = { timeZone: 'Pacific/Easter', weeklyHours: { 6: [{ start: '21:00', end: '23:59' }] }, exceptions: [], holidays: null };
    expect(slotsForDay(calendar, { ...settings, slotMinutes: 30 }, '2026-09-05').map((slot) => `${slot.localTime}${slot.start.slice(-6)}`)).toEqual([
      '21:00-06:00',
      '21:30-06:00',
      '23:00-05:00',
    ]);
  });
});

describe('zones without daylight saving', () => {
  it('America/Bogota: every slot of the year keeps -05:00', () => {
    const calendar: OfficeCalendar = { timeZone: 'America/Bogota', weeklyHours: { 1: [{ start: '08:00', end: '10:00' }] }, exceptions: [], holidays: null };
    for (const monday of ['2026-04-06', '2026-09-07']) {
      const slots = starts(calendar, monday, { ...settings, slotMinutes: 30 });
      expect(slots).toEqual([`${monday}T08:00:00-05:00`, `${monday}T08:30:00-05:00`, `${monday}T09:00:00-05:00`, `${monday}T09:30:00-05:00`]);
    }
  });

  it('UTC: instants carry +00:00', () => {
    const calendar: OfficeCalendar = { timeZone: 'UTC', weeklyHours: { 7: nightOwl }, exceptions: [], holidays: null };
    expect(starts(calendar, '2026-09-06', { ...settings, slotMinutes: 60 })).toEqual(['2026-09-06T00:00:00+00:00', '2026-09-06T01:00:00+00:00']);
  });
});

describe('availability across the September change', () => {
  it('lists every local date once, the 23-hour Sunday included, with its slots', () => {
    const calendar = santiago({ weeklyHours: { 6: nightOwl, 7: nightOwl } });
    const now = DateTime.fromISO('2026-09-01T09:00:00-04:00');
    const result = availability({ calendar, settings, from: '2026-09-04', to: '2026-09-07', booked: new Map(), now });
    expect(result.ok && result.value.days.map((day) => [day.date, day.slots.length, day.remaining])).toEqual([
      ['2026-09-04', 0, 0],
      ['2026-09-05', 8, 8],
      ['2026-09-06', 4, 4],
      ['2026-09-07', 0, 0],
    ]);
  });
});

describe('Pacific/Easter, clocks back at 22:00 on Saturday 5 April 2025 (21:00–21:59 happens twice)', () => {
  it('keeps back-to-back intervals in the repeated hour from overlapping', () => {
    const calendar = {
      timeZone: 'Pacific/Easter',
      weeklyHours: { 6: [{ start: '00:00', end: '21:00' }, { start: '21:01', end: '21:02' }] },
      exceptions: [],
      holidays: null,
    };
    const day = openingOn(calendar, '2025-04-05');
    day.intervals.forEach((interval, i) => {
      expect(interval.start.toMillis()).toBeLessThan(interval.end.toMillis());
      if (i > 0) expect(interval.start.toMillis()).toBeGreaterThanOrEqual(day.intervals[i - 1].end.toMillis());
    });
  });
});
