import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { officeInstant } from './office-instant.js';

const luxon = (value: Date, timeZone: string) => DateTime.fromJSDate(value, { zone: timeZone }).toISO({ suppressMilliseconds: true });

describe('officeInstant', () => {
  it('writes the instant with the office offset, without milliseconds when they are 0', () => {
    expect(officeInstant(new Date('2026-12-01T11:30:00Z'), 'America/Santiago')).toBe('2026-12-01T08:30:00-03:00');
    expect(officeInstant(new Date('2026-07-01T12:30:00.250Z'), 'America/Santiago')).toBe('2026-07-01T08:30:00.250-04:00');
    expect(officeInstant(new Date('2026-12-01T11:30:00Z'), 'Asia/Kolkata')).toBe('2026-12-01T17:00:00+05:30');
  });

  it('answers as luxon does, on random instants and around offset changes, in zones with :30 and :45 offsets, at UTC and in UTC itself', () => {
    const zones = ['America/Santiago', 'Pacific/Easter', 'America/Punta_Arenas', 'America/St_Johns', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Europe/London', 'UTC', 'Etc/GMT+3', 'Africa/Abidjan'];
    let seed = 19;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const instants: number[] = [];
    for (let i = 0; i < 400; i++) instants.push(Date.UTC(1990, 0, 1) + Math.floor(random() * 60 * 365 * 86_400_000));
    // Around Chile's changes (first Sundays of April and September, 03:00/04:00 UTC) to the millisecond.
    for (const change of ['2026-04-05T03:00:00Z', '2026-09-06T04:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']) {
      for (const delta of [-QUARTER, -1, 0, 1, 999, 1000, QUARTER - 1, QUARTER]) instants.push(Date.parse(change) + delta);
    }
    for (const timeZone of zones) {
      for (const ms of instants) expect(officeInstant(new Date(ms), timeZone), `${new Date(ms).toISOString()} in ${timeZone}`).toBe(luxon(new Date(ms), timeZone));
      // Asked again: from the remembered quarter hours.
      for (const ms of instants) expect(officeInstant(new Date(ms), timeZone)).toBe(luxon(new Date(ms), timeZone));
    }
  });
});

const QUARTER = 15 * 60_000;
