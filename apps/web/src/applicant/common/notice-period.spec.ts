import { describe, expect, it } from 'vitest';
import { noticePeriod } from './notice-period.js';

const SANTIAGO = 'America/Santiago';

describe("an office notice's period, in the office's time zone", () => {
  it('reads whole local days as dates only, the last day included', () => {
    // Wednesday 2 December 2026 in Santiago (UTC-3 in summer): 00:00 to Thursday 00:00.
    expect(noticePeriod({ from: '2026-12-02T03:00:00Z', to: '2026-12-03T03:00:00Z' }, SANTIAGO, 'es')).toEqual({
      kind: 'day',
      values: { date: 'miércoles, 2 de diciembre de 2026' },
    });
    expect(noticePeriod({ from: '2026-12-02T00:00:00-03:00', to: '2026-12-05T00:00:00-03:00' }, SANTIAGO, 'en')).toEqual({
      kind: 'days',
      values: { first: 'Wednesday, December 2, 2026', last: 'Friday, December 4, 2026' },
    });
  });

  it('reads a period within one day as the day and its hours, an end at midnight as 24:00', () => {
    expect(noticePeriod({ from: '2026-12-02T08:30:00-03:00', to: '2026-12-02T13:00:00-03:00' }, SANTIAGO, 'es')).toEqual({
      kind: 'hours',
      values: { date: 'miércoles, 2 de diciembre de 2026', start: '08:30', end: '13:00' },
    });
    expect(noticePeriod({ from: '2026-12-02T14:00:00-03:00', to: '2026-12-03T00:00:00-03:00' }, SANTIAGO, 'en').values).toEqual({
      date: 'Wednesday, December 2, 2026',
      start: '14:00',
      end: '24:00',
    });
  });

  it('reads a period over several days from a time to a time', () => {
    // Published now (Tuesday 09:03) for the rest of today and all of tomorrow.
    expect(noticePeriod({ from: '2026-12-01T09:03:00-03:00', to: '2026-12-03T00:00:00-03:00' }, SANTIAGO, 'es')).toEqual({
      kind: 'span',
      values: { fromDate: 'martes, 1 de diciembre de 2026', fromTime: '09:03', toDate: 'miércoles, 2 de diciembre de 2026', toTime: '24:00' },
    });
  });

  it("uses the office's zone, not the browser's or UTC", () => {
    // 02:00 UTC on 3 December is still 2 December, 23:00 in Santiago.
    const period = noticePeriod({ from: '2026-12-02T12:00:00Z', to: '2026-12-03T02:00:00Z' }, SANTIAGO, 'es');
    expect(period).toEqual({ kind: 'hours', values: { date: 'miércoles, 2 de diciembre de 2026', start: '09:00', end: '23:00' } });
    // The same instants in Auckland (UTC+13) cross midnight.
    expect(noticePeriod({ from: '2026-12-02T12:00:00Z', to: '2026-12-03T02:00:00Z' }, 'Pacific/Auckland', 'en').kind).toBe('hours');
    expect(noticePeriod({ from: '2026-12-02T08:00:00Z', to: '2026-12-03T02:00:00Z' }, 'Pacific/Auckland', 'en').kind).toBe('span');
  });

  it('keeps whole days whole across the April change of clocks in Chile (a 25-hour day)', () => {
    // Saturday 4 April 2026: clocks go back at 24:00 (UTC-3 → UTC-4), so Sunday 5 April starts at 04:00 UTC.
    expect(noticePeriod({ from: '2026-04-04T00:00:00-03:00', to: '2026-04-06T00:00:00-04:00' }, SANTIAGO, 'es')).toEqual({
      kind: 'days',
      values: { first: 'sábado, 4 de abril de 2026', last: 'domingo, 5 de abril de 2026' },
    });
  });
});
