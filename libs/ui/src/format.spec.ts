import { describe, expect, it } from 'vitest';
import { formatDate, formatPhone, formatTicketNumber, formatTime, spokenTicketNumber } from './format.js';

describe('office-time and ticket formatting', () => {
  it('shows an instant in the office time zone, whatever the offset it was written with', () => {
    // 12:30 UTC is 09:30 in Santiago in December (summer time, UTC-3).
    expect(formatTime('2026-12-01T12:30:00Z', 'America/Santiago')).toBe('09:30');
    expect(formatTime('2026-12-01T09:30:00-03:00', 'America/Santiago', 'en')).toBe('09:30');
    // In July Santiago is UTC-4.
    expect(formatTime('2026-07-01T12:30:00Z', 'America/Santiago')).toBe('08:30');
  });

  it('shows a calendar date as the office date, never shifted by a time zone', () => {
    expect(formatDate('2026-12-01', 'Pacific/Kiritimati')).toBe('martes, 1 de diciembre de 2026');
    expect(formatDate('2026-12-01', 'America/Santiago', 'en')).toBe('Tuesday, December 1, 2026');
    expect(formatDate('2026-12-01T02:00:00Z', 'America/Santiago', 'es', 'short')).toBe('30-11-26');
  });

  it('keeps a ticket number on one line and reads it without the hyphen', () => {
    expect(formatTicketNumber(' a-012 ')).toBe('A\u2011012');
    expect(spokenTicketNumber('A-012')).toBe('A 12');
    expect(spokenTicketNumber('PD-100')).toBe('PD 100');
    expect(spokenTicketNumber('weird')).toBe('weird');
  });

  it('shows a stored E.164 phone grouped as people read it', () => {
    expect(formatPhone('+56912345678')).toBe('+56 9 1234 5678');
    expect(formatPhone('+56229183746')).toBe('+56 2 2918 3746');
    expect(formatPhone('+50937123456')).toBe('+50937123456');
  });
});
