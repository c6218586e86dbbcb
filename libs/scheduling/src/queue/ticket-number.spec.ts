import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { formatTicketNumber, parseTicketNumber, ticketDay } from './ticket-number.js';

describe('formatTicketNumber', () => {
  it('pads to three digits and grows past 999 instead of wrapping', () => {
    expect(formatTicketNumber('A', 1)).toBe('A-001');
    expect(formatTicketNumber('A', 12)).toBe('A-012');
    expect(formatTicketNumber('A', 999)).toBe('A-999');
    expect(formatTicketNumber('A', 1000)).toBe('A-1000');
    expect(formatTicketNumber(' ex2 ', 7)).toBe('EX2-007');
  });

  it.each([
    ['', 1],
    ['2A', 1],
    ['ABCDE', 1],
    ['A-B', 1],
    ['A', 0],
    ['A', 1.5],
    ['A', -3],
  ])('throws on a bad prefix or sequence (%j, %d): a caller bug', (code, sequence) => {
    expect(() => formatTicketNumber(code, sequence)).toThrow(RangeError);
  });
});

describe('parseTicketNumber', () => {
  it('reads numbers as staff type them', () => {
    expect(parseTicketNumber('A-012')).toEqual({ serviceCode: 'A', sequence: 12 });
    expect(parseTicketNumber(' a - 12 ')).toEqual({ serviceCode: 'A', sequence: 12 });
    expect(parseTicketNumber('EX2-1000')).toEqual({ serviceCode: 'EX2', sequence: 1000 });
  });

  it.each(['A012', 'A-', '-12', 'A-000', 'A-12b', '1-12', 'A-1234567890', ''])('refuses %j', (input) => {
    expect(parseTicketNumber(input)).toBeNull();
  });

  it('round-trips with formatTicketNumber', () => {
    for (const sequence of [1, 9, 42, 999, 1000, 123456]) {
      expect(parseTicketNumber(formatTicketNumber('B', sequence))).toEqual({ serviceCode: 'B', sequence });
    }
  });
});

describe('ticketDay', () => {
  const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

  it('is the office-local date, not the UTC date', () => {
    expect(ticketDay(utc('2026-06-16T02:30:00Z'), 'America/Santiago')).toBe('2026-06-15');
    expect(ticketDay(utc('2026-06-16T04:30:00Z'), 'America/Santiago')).toBe('2026-06-16');
  });

  it('stays on the right day across the April DST end (the local day lasts 25 hours)', () => {
    // 23:30 happens twice on 2026-04-04 in Santiago: once at -03 and once at -04.
    expect(ticketDay(utc('2026-04-05T02:30:00Z'), 'America/Santiago')).toBe('2026-04-04');
    expect(ticketDay(utc('2026-04-05T03:30:00Z'), 'America/Santiago')).toBe('2026-04-04');
    expect(ticketDay(utc('2026-04-05T04:30:00Z'), 'America/Santiago')).toBe('2026-04-05');
  });

  it('stays on the right day across the September DST start (local midnight does not exist)', () => {
    expect(ticketDay(utc('2026-09-06T03:30:00Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(ticketDay(utc('2026-09-06T04:30:00Z'), 'America/Santiago')).toBe('2026-09-06');
  });

  it('throws on an invalid zone or instant: configuration bugs', () => {
    expect(() => ticketDay(utc('2026-06-16T02:30:00Z'), 'CLT')).toThrow(RangeError);
    expect(() => ticketDay(DateTime.invalid('test'), 'America/Santiago')).toThrow(RangeError);
  });
});
