import { describe, expect, it } from 'vitest';
import { addDays, addMonths, monthEnd, monthGrid, weekdayIndex } from './calendar-dates.js';

describe('calendar dates of the booking calendar', () => {
  it('moves by days and months across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01');
    expect(addMonths('2027-01-31', -1)).toBe('2026-12-01');
    expect(monthEnd('2028-02-10')).toBe('2028-02-29');
  });

  it('lays out a month in weeks from Monday', () => {
    // 1 December 2026 is a Tuesday.
    expect(weekdayIndex('2026-12-01')).toBe(1);
    const weeks = monthGrid('2026-12-01');
    expect(weeks[0]).toEqual([null, '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(weeks.at(-1)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', null, null, null]);
  });
});
