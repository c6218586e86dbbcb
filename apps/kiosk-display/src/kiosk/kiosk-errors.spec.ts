import type { ApiError } from '@turnero/api-client';
import { describe, expect, it } from 'vitest';
import { explainError } from './kiosk-errors.js';

const error = (code: string, details?: unknown): ApiError => ({ status: 409, code, message: '', details, fieldErrors: {} });
/** Stands for the office-time formatters: shows which instant was picked. */
const format = { time: (instant: string) => `time(${instant})`, date: (instant: string) => `date(${instant})` };

describe('the kiosk’s errors in plain words', () => {
  it('tells the slot of a too-early booking and from when it can check in', () => {
    const details = { slotStart: '2026-12-01T10:31:00-03:00', window: { from: '2026-12-01T10:01:00-03:00', until: '2026-12-01T10:46:00-03:00' } };
    expect(explainError(error('TOO_EARLY', details), format)).toEqual({
      key: 'TOO_EARLY',
      params: { date: 'date(2026-12-01T10:31:00-03:00)', time: 'time(2026-12-01T10:31:00-03:00)', from: 'time(2026-12-01T10:01:00-03:00)' },
      retry: false,
    });
    expect(explainError(error('TOO_LATE', { slotStart: '2026-12-01T09:00:00-03:00' }), format).params).toEqual({ time: 'time(2026-12-01T09:00:00-03:00)' });
  });

  it('maps every code the kiosk can meet, and anything else to a generic message with a retry', () => {
    expect(explainError(error('BOOKING_NOT_FOUND'), format)).toMatchObject({ key: 'BOOKING_NOT_FOUND', retry: true });
    expect(explainError(error('VALIDATION_FAILED'), format).key).toBe('INVALID_CODE');
    for (const code of ['ALREADY_CHECKED_IN', 'BOOKING_NOT_ACTIVE', 'WALK_IN_CAP_REACHED', 'OFFICE_CLOSED']) expect(explainError(error(code), format)).toMatchObject({ key: code, retry: false });
    expect(explainError(error('RATE_LIMITED'), format)).toMatchObject({ key: 'RATE_LIMITED', retry: true });
    expect(explainError(error('SERVICE_NOT_WALK_IN'), format).key).toBe('SERVICE_NOT_AVAILABLE');
    expect(explainError(error('TOO_EARLY'), format).params).toEqual({ date: '', time: '', from: '' });
    expect(explainError(error('NETWORK_ERROR'), format)).toMatchObject({ key: 'GENERIC', retry: true });
  });
});
