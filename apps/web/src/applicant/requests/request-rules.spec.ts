import { describe, expect, it } from 'vitest';
import { EMPTY_REQUEST, requestErrorsFromApi, toNewRequest, validateRequest } from './request-rules.js';
import { toFormData } from './requests-api.js';

const complaint = { ...EMPTY_REQUEST, officeId: 'o1', kind: 'complaint' as const, topicId: 't1', description: '  Me cobraron dos veces.  ', email: 'ana@example.cl' };

describe('the filing form checks what the API checks', () => {
  it('asks for office, kind, topic and description', () => {
    expect(validateRequest(EMPTY_REQUEST)).toEqual({
      officeId: 'errors.officeRequired',
      kind: 'errors.kindRequired',
      topicId: 'errors.topicRequired',
      description: 'errors.descriptionRequired',
    });
    expect(validateRequest(complaint)).toEqual({});
  });

  it('needs an email or a phone for a complaint or request; a suggestion or commendation may be anonymous', () => {
    expect(validateRequest({ ...complaint, email: '' })).toEqual({ email: 'errors.contactRequired' });
    expect(validateRequest({ ...complaint, kind: 'request', email: '', phone: '9 1234 5678' })).toEqual({});
    expect(validateRequest({ ...complaint, kind: 'suggestion', email: '' })).toEqual({});
    expect(validateRequest({ ...complaint, kind: 'commendation', email: '' })).toEqual({});
  });

  it('counts the description up to 5,000 characters', () => {
    expect(validateRequest({ ...complaint, description: 'x'.repeat(5000) })).toEqual({});
    expect(validateRequest({ ...complaint, description: 'x'.repeat(5001) })).toEqual({ description: 'errors.descriptionTooLong' });
    expect(validateRequest({ ...complaint, description: '   ' })).toEqual({ description: 'errors.descriptionRequired' });
  });

  it('checks email, phone and an optional RUT', () => {
    expect(validateRequest({ ...complaint, email: 'ana@', phone: '123' })).toEqual({ email: 'errors.email', phone: 'errors.phone' });
    expect(validateRequest({ ...complaint, documentNumber: '12.345.678-4' })).toEqual({ documentNumber: 'errors.rutCheckDigit' });
    expect(validateRequest({ ...complaint, documentNumber: '12.34' })).toEqual({ documentNumber: 'errors.rutFormat' });
    expect(validateRequest({ ...complaint, documentNumber: '12345678-5' })).toEqual({});
  });

  it('sends trimmed values, the RUT formatted, SMS consent only with a phone, and no contact when none was given', () => {
    expect(toNewRequest({ ...complaint, fullName: ' Ana Soto ', documentNumber: '123456785', smsConsent: true })).toEqual({
      officeId: 'o1',
      kind: 'complaint',
      topicId: 't1',
      description: 'Me cobraron dos veces.',
      contact: { fullName: 'Ana Soto', email: 'ana@example.cl', documentNumber: '12.345.678-5' },
    });
    expect(toNewRequest({ ...complaint, email: '', phone: '912345678', smsConsent: true }).contact).toEqual({ phone: '912345678', smsConsent: true });
    expect(toNewRequest({ ...complaint, kind: 'suggestion', email: '' })).not.toHaveProperty('contact');
  });

  it("puts the API's field errors next to the form's fields", () => {
    expect(requestErrorsFromApi({ 'contact.email': ['x'], topicId: ['y'], 'attachments[3]': ['z'], unknown: ['w'] })).toEqual({
      email: 'errors.api.email',
      topicId: 'errors.api.topicId',
      attachments: 'errors.api.attachments',
    });
  });

  it('sends the same fields as multipart form fields, then the files', () => {
    const form = toFormData({ ...toNewRequest({ ...complaint, phone: '912345678', smsConsent: true }) }, [new File([new Uint8Array([1])], 'foto.png')]);
    expect([...form.keys()]).toEqual(['officeId', 'kind', 'topicId', 'description', 'contact.email', 'contact.phone', 'contact.smsConsent', 'attachments']);
    expect(form.get('contact.smsConsent')).toBe('true');
    expect((form.get('attachments') as File).name).toBe('foto.png');
  });
});
