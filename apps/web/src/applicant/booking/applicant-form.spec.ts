import { describe, expect, it } from 'vitest';
import { EMPTY_APPLICANT, fieldErrorsFromApi, validateApplicant, validateCompanions } from './applicant-form.js';

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

describe("the holder's document", () => {
  const cases = [
    { documentType: 'RUT', documentNumber: '', error: 'form.errors.documentRequired' },
    { documentType: 'RUT', documentNumber: 'AB123', error: 'form.errors.rutFormat' },
    { documentType: 'RUT', documentNumber: '12.34', error: 'form.errors.rutFormat' },
    { documentType: 'RUT', documentNumber: '12.345.678-4', error: 'form.errors.rutCheckDigit' },
    { documentType: 'PASSPORT', documentNumber: '  ', error: 'form.errors.documentRequired' },
    { documentType: 'PASSPORT', documentNumber: 'AB/12', error: 'form.errors.document' },
    { documentType: 'OTHER', documentNumber: 'x1', error: 'form.errors.document' },
  ] as const;

  it.each(cases)('refuses $documentType $documentNumber as a companion\'s would be', ({ documentType, documentNumber, error }) => {
    expect(validateApplicant({ ...valid, documentType, documentNumber })).toEqual({ documentNumber: error });
    expect(validateCompanions(valid, [{ documentType, documentNumber, fullName: 'Pablo Pérez' }])).toEqual({ 'companions.0.documentNumber': error });
  });

  it.each([
    ['RUT', '12345678-5'],
    ['PASSPORT', 'p 1234567'],
    ['OTHER', 'DNI-123'],
  ] as const)('accepts %s %j', (documentType, documentNumber) => {
    expect(validateApplicant({ ...valid, documentType, documentNumber })).toEqual({});
  });
});

describe('the companions of a group booking (issue #18)', () => {
  const companion = (documentNumber: string, fullName = 'Pedro Pérez Soto') => ({ documentType: 'RUT' as const, documentNumber, fullName });

  it('checks each companion like the holder: the document and the name', () => {
    expect(validateCompanions(valid, [companion('11.111.111-1'), companion('22.222.222-2', 'Ana Pérez')])).toEqual({});
    expect(validateCompanions(valid, [companion(''), companion('11.111.111-2', ' '), companion('123', 'Luis')])).toEqual({
      'companions.0.documentNumber': 'form.errors.documentRequired',
      'companions.1.documentNumber': 'form.errors.rutCheckDigit',
      'companions.1.fullName': 'form.errors.companionName',
      'companions.2.documentNumber': 'form.errors.rutFormat',
    });
    expect(validateCompanions(valid, [{ documentType: 'PASSPORT', documentNumber: 'AB 12345', fullName: 'Jean Louis' }])).toEqual({});
  });

  it('refuses the same document twice in the group, however it is written (the holder counts)', () => {
    expect(validateCompanions(valid, [companion('12345678-5')])).toEqual({ 'companions.0.documentNumber': 'form.errors.companionRepeated' });
    expect(validateCompanions(valid, [companion('11.111.111-1'), companion('111111111')])).toEqual({ 'companions.1.documentNumber': 'form.errors.companionRepeated' });
    // A passport and a RUT with the same characters are different documents.
    expect(validateCompanions(valid, [{ documentType: 'PASSPORT', documentNumber: '123456785', fullName: 'Jean Louis' }])).toEqual({});
  });

  it("reads the API's fields naming a companion: a bad RUT, a name, one who already has a booking", () => {
    expect(fieldErrorsFromApi({ 'companions.1.documentNumber': ['bad'] }, 'INVALID_RUT')).toEqual({ 'companions.1.documentNumber': 'form.errors.rutCheckDigit' });
    expect(fieldErrorsFromApi({ 'companions.0.documentNumber': ['taken'] }, 'DUPLICATE_BOOKING')).toEqual({ 'companions.0.documentNumber': 'form.errors.companionBooked' });
    expect(fieldErrorsFromApi({ 'companions.2.fullName': ['short'], 'applicant.email': ['bad'] })).toEqual({
      'companions.2.fullName': 'form.errors.companionName',
      email: 'form.errors.email',
    });
    expect(fieldErrorsFromApi({ companions: ['too many'] })).toEqual({});
  });
});
