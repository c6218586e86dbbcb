import { describe, expect, it } from 'vitest';
import { EMPTY_APPLICANT, validateApplicant } from './applicant-form.js';

const valid = { ...EMPTY_APPLICANT, documentNumber: '12.345.678-5', fullName: 'María José Pérez' };

describe('the booking form checks the phone as the API does', () => {
  it.each(['', '9 1234 5678', '912345678', '+56 9 1234 5678', '56912345678', '+56 2 2918 3746', '+54 9 11 1234-5678'])('accepts %j', (phone) => {
    expect(validateApplicant({ ...valid, phone })).toEqual({});
  });

  it.each(['12345', '4155550100', '+56 9 1234 567', '9 1234 5678 ext 2', '+0 123 456 789'])('refuses %j', (phone) => {
    expect(validateApplicant({ ...valid, phone })).toEqual({ phone: 'form.errors.phone' });
  });

  it('starts without consent to SMS', () => {
    expect(EMPTY_APPLICANT.smsConsent).toBe(false);
  });
});
