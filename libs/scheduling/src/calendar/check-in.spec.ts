import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkInWindow } from './check-in.js';

const settings = { checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };
const zone = 'America/Santiago';
const codeAt = (slotStart: string, now: string) => {
  const result = checkInWindow({ slotStart, settings, now: DateTime.fromISO(now), zone });
  return result.ok ? 'ok' : result.error.code;
};

describe('checkInWindow', () => {
  const slot = '2026-12-02T09:00:00-03:00';

  it('opens 30 minutes before the slot and stays open 15 minutes after it, both ends included', () => {
    expect(checkInWindow({ slotStart: slot, settings, now: DateTime.fromISO('2026-12-02T08:45:00-03:00'), zone })).toEqual({
      ok: true,
      value: { from: '2026-12-02T08:30:00-03:00', until: '2026-12-02T09:15:00-03:00' },
    });
    expect(codeAt(slot, '2026-12-02T08:29:59-03:00')).toBe('TOO_EARLY');
    expect(codeAt(slot, '2026-12-02T08:30:00-03:00')).toBe('ok');
    expect(codeAt(slot, '2026-12-02T09:15:00-03:00')).toBe('ok');
    expect(codeAt(slot, '2026-12-02T09:15:01-03:00')).toBe('TOO_LATE');
  });

  it('only on the slot own local date: an 00:10 slot cannot check in the evening before', () => {
    expect(codeAt('2026-12-02T00:10:00-03:00', '2026-12-01T23:50:00-03:00')).toBe('TOO_EARLY');
    expect(codeAt('2026-12-02T00:10:00-03:00', '2026-12-02T00:00:00-03:00')).toBe('ok');
  });

  it('only on the slot own local date: a 23:50 slot grace ends at midnight', () => {
    expect(codeAt('2026-12-02T23:50:00-03:00', '2026-12-02T23:59:59-03:00')).toBe('ok');
    expect(codeAt('2026-12-02T23:50:00-03:00', '2026-12-03T00:00:00-03:00')).toBe('TOO_LATE');
  });

  it('on 6 Sep 2026 the local day starts at 01:00-03:00, so a 01:15 slot opens check-in then', () => {
    const result = checkInWindow({ slotStart: '2026-09-06T01:15:00-03:00', settings, now: DateTime.fromISO('2026-09-06T04:00:00Z'), zone });
    expect(result).toEqual({ ok: true, value: { from: '2026-09-06T01:00:00-03:00', until: '2026-09-06T01:30:00-03:00' } });
    expect(codeAt('2026-09-06T01:15:00-03:00', '2026-09-05T23:59:00-04:00')).toBe('TOO_EARLY');
  });

  it('refuses a stored slot start that is not an instant: that is a data bug, not a rule', () => {
    expect(() => checkInWindow({ slotStart: '09:00', settings, now: DateTime.fromISO(slot), zone })).toThrow(RangeError);
  });
});
