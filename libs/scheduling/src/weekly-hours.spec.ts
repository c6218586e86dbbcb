import { describe, expect, it } from 'vitest';
import { weeklyHoursProblems } from './weekly-hours.js';

describe('weeklyHoursProblems', () => {
  it('accepts a split day and a closed weekend', () => {
    expect(
      weeklyHoursProblems({ 1: [{ start: '08:30', end: '13:30' }, { start: '14:30', end: '16:00' }], 6: [] }),
    ).toEqual([]);
  });

  it('names the weekday of an overlap', () => {
    expect(weeklyHoursProblems({ 2: [{ start: '08:30', end: '13:30' }, { start: '13:00', end: '16:00' }] })).toEqual([
      'weekday 2: 08:30–13:30 overlaps 13:00–16:00',
    ]);
  });

  it('refuses an interval that ends before it starts, a bad time and a bad weekday', () => {
    expect(
      weeklyHoursProblems({ 1: [{ start: '14:00', end: '08:30' }], 3: [{ start: '8:30', end: '24:00' }], 8: [] }),
    ).toEqual([
      'weekday 1: 14:00–08:30 ends before it starts',
      'weekday 3: every interval needs start and end as HH:mm',
      '"8" is not an ISO weekday (1 = Monday … 7 = Sunday)',
    ]);
  });

  it('refuses a weekday that is not a list', () => {
    expect(weeklyHoursProblems({ 4: { start: '08:30', end: '14:00' } })).toEqual(['weekday 4 must be a list of intervals']);
  });
});
