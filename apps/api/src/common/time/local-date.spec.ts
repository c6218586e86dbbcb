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
});
