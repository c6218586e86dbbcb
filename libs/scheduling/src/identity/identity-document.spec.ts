import { describe, expect, it } from 'vitest';
import { normalizeDocument, type DocumentType } from './identity-document.js';

describe('normalizeDocument', () => {
  it('stores a RUT in its normalized form and keeps INVALID_RUT for a bad one', () => {
    expect(normalizeDocument('RUT', '12.345.678-5')).toEqual({ ok: true, value: '12345678-5' });
    expect(normalizeDocument('RUT', '12.345.678-4')).toMatchObject({ ok: false, error: { code: 'INVALID_RUT' } });
    expect(normalizeDocument('RUT', '1'.repeat(100))).toMatchObject({ ok: false, error: { code: 'INVALID_RUT' } });
  });

  it('trims, removes inner spaces and upper-cases passports and other documents', () => {
    expect(normalizeDocument('PASSPORT', '  ab 123 456 ')).toEqual({ ok: true, value: 'AB123456' });
    expect(normalizeDocument('OTHER', 'dni-4455\t66')).toEqual({ ok: true, value: 'DNI-445566' });
  });

  it.each([
    ['PASSPORT', 'AB'],
    ['PASSPORT', 'A'.repeat(21)],
    ['PASSPORT', 'AB.123'],
    ['OTHER', 'ÑANDÚ123'],
    ['OTHER', 'x'.repeat(65)],
    ['PASSPORT', '   '],
  ] as const)('refuses %s %j with INVALID_DOCUMENT', (type, value) => {
    expect(normalizeDocument(type, value)).toMatchObject({ ok: false, error: { code: 'INVALID_DOCUMENT' } });
  });

  it('refuses an unknown document type', () => {
    expect(normalizeDocument('DNI' as DocumentType, 'AB123')).toMatchObject({ ok: false, error: { code: 'INVALID_DOCUMENT', message: expect.stringMatching(/Unknown document type/) } });
  });
});
