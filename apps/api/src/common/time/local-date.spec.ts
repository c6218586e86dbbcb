import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDateIn } from './local-date.js';

describe('local dates without luxon', () => {
  it('agree with luxon on every hour of a year in several zones, DST changes included', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    for (const zone of ['America/Santiago', 'America/Punta_Arenas', 'Pacific/Easter', 'Europe/Madrid', 'Asia/Kolkata', 'UTC']) {
      for (let hour = 0; hour < 366 * 24; hour += 1) {
        const ms = start + hour * 3_600_000;
        expect(localDateIn(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toISODate());
      }
    }
  });

  it('agree with luxon on random instants, asked twice (the second answer from the per-quarter-hour memory)', () => {
    let seed = 19;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const from = Date.parse('1975-01-01T00:00:00Z');
    const to = Date.parse('2040-01-01T00:00:00Z');
    for (const zone of ['America/Santiago', 'Pacific/Easter', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/St_Johns']) {
      for (let i = 0; i < 4000; i++) {
        const ms = Math.floor(from + random() * (to - from));
        const expected = DateTime.fromMillis(ms, { zone }).toISODate();
        expect(localDateIn(ms, zone)).toBe(expected);
        expect(localDateIn(ms, zone)).toBe(expected);
        // The quarter hour's neighbours at its edges, where a day or an offset changes.
        const edge = Math.floor(ms / 900_000) * 900_000;
        expect(localDateIn(edge - 1, zone)).toBe(DateTime.fromMillis(edge - 1, { zone }).toISODate());
        expect(localDateIn(edge, zone)).toBe(DateTime.fromMillis(edge, { zone }).toISODate());
      }
    }
  });
});
