import { describe, expect, it } from 'vitest';
import { holdUntil, slotMatchesWishes, waitlistSlotFacts } from './waitlist.js';

const MIN = 60_000;
const SANTIAGO = 'America/Santiago';

describe('waitlist matching', () => {
  const wishes = { from: '2026-12-07', to: '2026-12-11', weekdays: null, morningOnly: false };

  it('reads a slot in the office zone: date, ISO weekday, morning', () => {
    // 14:30 UTC is 11:30 in Santiago (summer time, -03:00) on Monday 7 December 2026.
    expect(waitlistSlotFacts(new Date('2026-12-07T14:30:00Z'), SANTIAGO)).toEqual({ localDate: '2026-12-07', isoWeekday: 1, morning: true });
    expect(waitlistSlotFacts(new Date('2026-12-07T15:00:00Z'), SANTIAGO)).toEqual({ localDate: '2026-12-07', isoWeekday: 1, morning: false });
    // 02:00 UTC on the 8th is still the 7th in Santiago, and a Monday.
    expect(waitlistSlotFacts(Date.parse('2026-12-08T02:00:00Z'), SANTIAGO)).toMatchObject({ localDate: '2026-12-07', isoWeekday: 1 });
    expect(waitlistSlotFacts(new Date('2026-12-13T13:00:00Z'), SANTIAGO).isoWeekday).toBe(7);
  });

  it('takes a slot inside the range on any weekday, both ends included', () => {
    expect(slotMatchesWishes(wishes, { localDate: '2026-12-07', isoWeekday: 1, morning: false })).toBe(true);
    expect(slotMatchesWishes(wishes, { localDate: '2026-12-11', isoWeekday: 5, morning: true })).toBe(true);
    expect(slotMatchesWishes(wishes, { localDate: '2026-12-06', isoWeekday: 7, morning: true })).toBe(false);
    expect(slotMatchesWishes(wishes, { localDate: '2026-12-12', isoWeekday: 6, morning: true })).toBe(false);
  });

  it('keeps to the weekdays asked for and to mornings when asked', () => {
    const mondaysMornings = { ...wishes, weekdays: [1, 3], morningOnly: true };
    expect(slotMatchesWishes(mondaysMornings, { localDate: '2026-12-07', isoWeekday: 1, morning: true })).toBe(true);
    expect(slotMatchesWishes(mondaysMornings, { localDate: '2026-12-07', isoWeekday: 1, morning: false })).toBe(false);
    expect(slotMatchesWishes(mondaysMornings, { localDate: '2026-12-08', isoWeekday: 2, morning: true })).toBe(false);
    expect(slotMatchesWishes(mondaysMornings, { localDate: '2026-12-09', isoWeekday: 3, morning: true })).toBe(true);
  });
});

describe('waitlist hold window', () => {
  const now = Date.parse('2026-12-07T09:00:00-03:00');

  it('holds for the office hold time when the slot is far', () => {
    expect(holdUntil({ now, slotStart: now + 2 * 24 * 60 * MIN, holdMinutes: 30 })).toBe(now + 30 * MIN);
  });

  it('holds for half the time left when the slot is sooner', () => {
    expect(holdUntil({ now, slotStart: now + 40 * MIN, holdMinutes: 30 })).toBe(now + 20 * MIN);
    expect(holdUntil({ now, slotStart: now + 20 * MIN, holdMinutes: 30 })).toBe(now + 10 * MIN);
  });

  it('offers nothing when less than 10 minutes would be held, or the slot has begun', () => {
    expect(holdUntil({ now, slotStart: now + 19 * MIN, holdMinutes: 30 })).toBeNull();
    expect(holdUntil({ now, slotStart: now, holdMinutes: 30 })).toBeNull();
    expect(holdUntil({ now, slotStart: now - MIN, holdMinutes: 30 })).toBeNull();
    expect(holdUntil({ now, slotStart: now + 60 * MIN, holdMinutes: 5 })).toBeNull();
  });
});
