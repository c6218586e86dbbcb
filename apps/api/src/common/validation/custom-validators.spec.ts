import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isLocalDateString } from './custom-validators.js';

/** What isLocalDateString answered when it asked luxon (before issue #19). */
function byLuxon(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = DateTime.fromISO(value, { zone: 'utc' });
  return date.isValid && date.year >= 1900;
}

describe('isLocalDateString', () => {
  it('agrees with luxon on every written date of years 1890–2110 and each day number 00–39 of every month', () => {
    for (let year = 1890; year <= 2110; year++) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 39; day++) {
          const value = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expect(isLocalDateString(value), value).toBe(byLuxon(value));
        }
      }
    }
  });

  it('agrees with luxon on any string and other values', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/), fc.anything()), (value) => {
        expect(isLocalDateString(value)).toBe(byLuxon(value));
      }),
      { numRuns: 5000, seed: 19 },
    );
    for (const value of ['0000-01-01', '1899-12-31', '1900-01-01', '9999-12-31', '2026-02-29', '2028-02-29', '2026-12-01\n', ' 2026-12-01', '２０２６-12-01']) {
      expect(isLocalDateString(value), value).toBe(byLuxon(value));
    }
  });
});
