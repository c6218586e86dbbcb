import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.js';
import { es } from '../i18n/es.js';
import { EXPLAINED_CODES, problemKey } from './problem-key.js';

const problem = (code: string, status: number) => ({ code, status, message: '', fieldErrors: {} });

describe('how the applicant pages explain API errors', () => {
  it('has words and a next step, in Spanish and English, for every code it explains', () => {
    for (const code of [...EXPLAINED_CODES, 'GENERIC']) {
      for (const messages of [es, en]) {
        const text = (messages.errors as Record<string, { title?: string; next?: string }>)[code];
        expect(text?.title, code).toBeTruthy();
        expect(text?.next, code).toBeTruthy();
      }
    }
  });

  it('covers every code the booking, "mi reserva" and "mi turno" endpoints answer (API.md)', () => {
    const applicantCodes = [
      'SLOT_FULL', 'DAY_FULL', 'DUPLICATE_BOOKING', 'INVALID_RUT', 'INVALID_DOCUMENT', 'OUTSIDE_BOOKING_WINDOW', 'OFFICE_CLOSED', 'NOT_A_SLOT',
      'SERVICE_NOT_BOOKABLE', 'SERVICE_NOT_FOUND', 'OFFICE_NOT_FOUND', 'BOOKING_NOT_FOUND', 'BOOKING_NOT_ACTIVE', 'VALIDATION_FAILED', 'INVALID_DATE_RANGE',
      'RATE_LIMITED', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR', 'TICKET_NOT_FOUND',
      'MORE_TIME_ALREADY_USED', 'INVALID_TRANSITION', 'SURVEY_ALREADY_ANSWERED', 'SURVEY_NOT_AVAILABLE', 'SURVEY_EXPIRED',
    ];
    for (const code of applicantCodes) expect(problemKey(problem(code, 409)), code).toBe(code);
  });

  it('explains anything else by its status: no answer, too many requests, server trouble', () => {
    expect(problemKey(problem('NETWORK_ERROR', 0))).toBe('NETWORK_ERROR');
    expect(problemKey(problem('HTTP_429', 429))).toBe('RATE_LIMITED');
    expect(problemKey(problem('HTTP_502', 502))).toBe('SERVICE_UNAVAILABLE');
    expect(problemKey(problem('SOMETHING_NEW', 409))).toBe('GENERIC');
  });
});
