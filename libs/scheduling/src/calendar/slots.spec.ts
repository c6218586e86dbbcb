import { describe, expect, it } from 'vitest';
import { spreadDailyCap } from './daily-cap.js';
import type { OfficeCalendar } from './office-calendar.js';
import { slotsForDay } from './slots.js';

const calendar: OfficeCalendar = {
  timeZone: 'America/Santiago',
  weeklyHours: { 1: [{ start: '08:30', end: '09:40' }, { start: '10:00', end: '11:00' }] },
  exceptions: [],
  holidays: null,
};
const settings = { slotMinutes: 20, seatsPerSlot: 2, dailyAppointmentCap: null };
const MONDAY = '2026-12-07';

describe('slotsForDay', () => {
  it('slots fill each interval from its start and none crosses the break or closing time', () => {
    expect(slotsForDay(calendar, settings, MONDAY).map((slot) => `${slot.localTime}-${slot.end.slice(11, 16)}`)).toEqual([
      '08:30-08:50',
      '08:50-09:10',
      '09:10-09:30',
      '10:00-10:20',
      '10:20-10:40',
      '10:40-11:00',
    ]);
  });

  it('every slot carries ISO instants with offset, its local date and time, and its seats', () => {
    expect(slotsForDay(calendar, settings, MONDAY)[0]).toEqual({
      start: '2026-12-07T08:30:00-03:00',
      end: '2026-12-07T08:50:00-03:00',
      localDate: MONDAY,
      localTime: '08:30',
      seats: 2,
    });
  });

  it('a closed day has no slots', () => {
    expect(slotsForDay(calendar, settings, '2026-12-08')).toEqual([]);
  });

  it('a daily cap below the seats is spread evenly, earlier slots taking the extra seats, and sums to the cap', () => {
    const seats = slotsForDay(calendar, { ...settings, dailyAppointmentCap: 8 }, MONDAY).map((slot) => slot.seats);
    expect(seats).toEqual([2, 2, 1, 1, 1, 1]);
  });

  it('a daily cap of 0 leaves every slot without seats; a cap above the seats changes nothing', () => {
    expect(slotsForDay(calendar, { ...settings, dailyAppointmentCap: 0 }, MONDAY).map((slot) => slot.seats)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(slotsForDay(calendar, { ...settings, dailyAppointmentCap: 100 }, MONDAY).map((slot) => slot.seats)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('refuses a slot length that is not a positive whole number of minutes', () => {
    expect(() => slotsForDay(calendar, { ...settings, slotMinutes: 0 }, MONDAY)).toThrow(RangeError);
    expect(() => slotsForDay(calendar, { ...settings, slotMinutes: 7.5 }, MONDAY)).toThrow(RangeError);
  });
});

describe('spreadDailyCap', () => {
  it.each([
    [5, 3, null, [3, 3, 3, 3, 3]],
    [5, 3, 15, [3, 3, 3, 3, 3]],
    [5, 3, 7, [2, 2, 1, 1, 1]],
    [4, 1, 3, [1, 1, 1, 0]],
    [3, 2, 0, [0, 0, 0]],
    [0, 2, 5, []],
  ])('%i slots × %i seats under cap %s → %j', (slots, seats, cap, expected) => {
    expect(spreadDailyCap(slots, seats, cap)).toEqual(expected);
  });
});
