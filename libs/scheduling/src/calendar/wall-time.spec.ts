import { describe, expect, it } from 'vitest';
import { addDays, isoInstant, isoWeekday, parseInstant, resolveWallTime, wallTimeEnd, wallTimeStart } from './wall-time.js';

const SANTIAGO = 'America/Santiago';
const at = (hours: number, minutes = 0) => hours * 60 + minutes;

describe('resolveWallTime', () => {
  it('an ordinary local time is exactly one instant with the offset in force', () => {
    const resolved = resolveWallTime(SANTIAGO, '2026-12-01', at(8, 30));
    expect(resolved.kind).toBe('exact');
    expect(resolved.kind === 'exact' && isoInstant(resolved.instant)).toBe('2026-12-01T08:30:00-03:00');
  });

  it('a time the clock skips (Santiago, 6 Sep 2026, 00:30) is missing and resolves to the jump at 01:00-03:00', () => {
    const resolved = resolveWallTime(SANTIAGO, '2026-09-06', at(0, 30));
    expect(resolved).toMatchObject({ kind: 'missing' });
    expect(resolved.kind === 'missing' && isoInstant(resolved.transition)).toBe('2026-09-06T01:00:00-03:00');
  });

  it('a time the clock reads twice (Santiago, 4 Apr 2026, 23:30) is ambiguous between -03:00 and -04:00', () => {
    const resolved = resolveWallTime(SANTIAGO, '2026-04-04', at(23, 30));
    expect(resolved.kind).toBe('ambiguous');
    if (resolved.kind !== 'ambiguous') return;
    expect([isoInstant(resolved.earlier), isoInstant(resolved.later)]).toEqual(['2026-04-04T23:30:00-03:00', '2026-04-04T23:30:00-04:00']);
  });

  it('midnight of 5 Apr 2026 in Santiago happens once: the repeated hour is the last one of 4 Apr', () => {
    expect(resolveWallTime(SANTIAGO, '2026-04-05', 0)).toMatchObject({ kind: 'exact' });
  });

  it('handles a half-hour shift (Lord Howe, 4 Oct 2026, 02:15 skipped, jump at 02:30+11:00)', () => {
    const resolved = resolveWallTime('Australia/Lord_Howe', '2026-10-04', at(2, 15));
    expect(resolved.kind === 'missing' && isoInstant(resolved.transition)).toBe('2026-10-04T02:30:00+11:00');
  });

  it('an opening starts at the first reading of a repeated time and ends at the last one', () => {
    expect(isoInstant(wallTimeStart(SANTIAGO, '2026-04-04', at(23)))).toBe('2026-04-04T23:00:00-03:00');
    expect(isoInstant(wallTimeEnd(SANTIAGO, '2026-04-04', at(23, 59)))).toBe('2026-04-04T23:59:00-04:00');
    expect(isoInstant(wallTimeEnd(SANTIAGO, '2026-09-06', at(0, 30)))).toBe('2026-09-06T01:00:00-03:00');
  });

  it('refuses an unknown zone and a malformed date: they are configuration bugs, not rules', () => {
    expect(() => resolveWallTime('Mars/Olympus', '2026-01-01', 0)).toThrow(RangeError);
    expect(() => resolveWallTime(SANTIAGO, '2026-02-30', 0)).toThrow(RangeError);
  });
});

describe('local dates', () => {
  it('steps by calendar days and names ISO weekdays, whatever the clock does', () => {
    expect(addDays('2026-09-05', 1)).toBe('2026-09-06');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-09-06', 0)).toBe('2026-09-06');
    expect(isoWeekday('2026-09-06')).toBe(7);
  });
});

describe('parseInstant', () => {
  it('reads an instant with an offset into the office zone and refuses one without', () => {
    expect(isoInstant(parseInstant('2026-12-01T11:30:00Z', SANTIAGO)!)).toBe('2026-12-01T08:30:00-03:00');
    expect(parseInstant('2026-12-01T08:30:00', SANTIAGO)).toBeNull();
    expect(parseInstant('2026-13-01T08:30:00Z', SANTIAGO)).toBeNull();
  });
});
