import { describe, expect, it } from 'vitest';
import { localDateTime, officeInstant } from './office-time.js';

describe("office local date-times (the notices form), in the office's zone", () => {
  it('reads a local date-time as the instant with the offset of that day', () => {
    expect(officeInstant('2026-12-03T09:00', 'America/Santiago')).toBe('2026-12-03T09:00:00-03:00');
    expect(officeInstant('2026-06-17T09:00', 'America/Santiago')).toBe('2026-06-17T09:00:00-04:00');
    expect(officeInstant('2026-12-03T09:00', 'America/Punta_Arenas')).toBe('2026-12-03T09:00:00-03:00');
    expect(officeInstant('2026-12-03T09:00', 'UTC')).toBe('2026-12-03T09:00:00+00:00');
    expect(officeInstant('2026-12-03T09:00', 'Asia/Kolkata')).toBe('2026-12-03T09:00:00+05:30');
  });

  it('across Chile’s DST changes: the skipped hour moves forward, the repeated hour is its first time', () => {
    // 2026-09-06 00:00 → 01:00 (spring forward): 00:30 does not exist; read with the old offset, i.e. 01:30 -03:00.
    expect(officeInstant('2026-09-06T00:30', 'America/Santiago')).toBe('2026-09-06T01:30:00-03:00');
    expect(officeInstant('2026-09-06T02:00', 'America/Santiago')).toBe('2026-09-06T02:00:00-03:00');
    // 2026-04-05 00:00 → 2026-04-04 23:00 (fall back): 23:30 happens twice; the first is -03:00.
    expect(officeInstant('2026-04-04T23:30', 'America/Santiago')).toBe('2026-04-04T23:30:00-03:00');
  });

  it('writes an instant as the local date-time of the zone, whatever the browser’s', () => {
    expect(localDateTime(Date.parse('2026-12-03T12:00:00Z'), 'America/Santiago')).toBe('2026-12-03T09:00');
    expect(localDateTime(Date.parse('2026-12-03T02:30:00Z'), 'America/Santiago')).toBe('2026-12-02T23:30');
  });

  it('refuses text that is not a local date-time', () => {
    expect(officeInstant('', 'America/Santiago')).toBeNull();
    expect(officeInstant('2026-12-03', 'America/Santiago')).toBeNull();
    expect(officeInstant('2026-12-03T09:00:00-03:00', 'America/Santiago')).toBeNull();
  });
});
