import type { AvailabilityDay } from '@turnero/api-client';
import { describe, expect, it } from 'vitest';
import { EMPTY_APPLICANT } from '../booking/applicant-form.js';
import { dayKind } from '../calendar/day-status.js';
import { validateJoin } from './join-form.js';

const range = { first: '2026-12-01', last: '2027-01-30' };
const person = { ...EMPTY_APPLICANT, documentNumber: '12.345.678-5', fullName: 'María José Pérez', email: 'maria@example.cl' };

describe('the waitlist form checks what the API checks (issue #18)', () => {
  it('accepts a range within today and the horizon, with an email or a phone', () => {
    expect(validateJoin('2026-12-11', '2026-12-11', range, person)).toEqual({});
    expect(validateJoin('2026-12-01', '2027-01-30', range, { ...person, email: '', phone: '9 1234 5678' })).toEqual({});
  });

  it('refuses days before today, past the horizon, or a last day before the first', () => {
    expect(validateJoin('2026-11-30', '2026-12-05', range, person)).toEqual({ from: 'waitlist.join.errors.from' });
    expect(validateJoin('2026-12-05', '2027-01-31', range, person)).toEqual({ to: 'waitlist.join.errors.to' });
    expect(validateJoin('2026-12-10', '2026-12-09', range, person)).toEqual({ to: 'waitlist.join.errors.to' });
    expect(validateJoin('', '', range, person)).toEqual({ from: 'waitlist.join.errors.from', to: 'waitlist.join.errors.to' });
  });

  it('needs a way to tell the person: an email or a phone (CONTACT_REQUIRED), named on the email', () => {
    expect(validateJoin('2026-12-11', '2026-12-11', range, { ...person, email: '' })).toEqual({ email: 'waitlist.join.errors.contact' });
    expect(validateJoin('2026-12-11', '2026-12-11', range, { ...person, email: 'maria@' })).toEqual({ email: 'form.errors.email' });
    expect(validateJoin('2026-12-11', '2026-12-11', range, { ...person, documentNumber: '12.345.678-4', fullName: '' })).toEqual({
      documentNumber: 'form.errors.rutCheckDigit',
      fullName: 'form.errors.fullName',
    });
  });

  it('signed in with ClaveÚnica, checks only the days and the contact: the document and name are the session’s', () => {
    const verified = { fullName: 'Ignacio Rojas', documentType: 'RUT' as const, documentNumber: '12345678-5', expiresAt: '2026-12-01T12:30:00Z' };
    const empty = { ...EMPTY_APPLICANT, documentNumber: '', fullName: '', email: 'ignacio@example.cl' };
    expect(validateJoin('2026-12-11', '2026-12-11', range, empty, verified)).toEqual({});
    expect(validateJoin('2026-12-11', '2026-12-11', range, empty)).toMatchObject({ documentNumber: expect.any(String), fullName: 'form.errors.fullName' });
    expect(validateJoin('2026-12-11', '2026-12-11', range, { ...empty, email: '' }, verified)).toEqual({ email: 'waitlist.join.errors.contact' });
  });
});

describe('a day in the calendar for a group', () => {
  const day = (remaining: number, slots: number[]): AvailabilityDay => ({
    date: '2026-12-11',
    open: true,
    remaining,
    slots: slots.map((left, i) => ({ start: `2026-12-11T0${8 + i}:00:00-03:00`, end: `2026-12-11T0${8 + i}:15:00-03:00`, remaining: left })),
  });

  it('is available for one person with any seat, for a group only with a slot that has room for all', () => {
    expect(dayKind(day(3, [1, 1, 1]))).toBe('available');
    expect(dayKind(day(3, [1, 1, 1]), 3)).toBe('full');
    expect(dayKind(day(4, [1, 3]), 3)).toBe('available');
    expect(dayKind(day(2, [3]), 3)).toBe('full'); // the day's cap leaves two
    expect(dayKind(day(0, [0]))).toBe('full');
  });
});
