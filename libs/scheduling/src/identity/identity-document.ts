import { fail, ok, type Result } from '../errors.js';
import { parseRut } from './rut.js';

export const DOCUMENT_TYPES = ['RUT', 'PASSPORT', 'OTHER'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const MAX_RAW_LENGTH = 64;
const OTHER_DOCUMENT_PATTERN = /^[A-Z0-9-]{3,20}$/;

/**
 * The one form a document number is stored and compared in, so "ab 123" and "AB123" find the same
 * booking (duplicate-booking checks and lookups depend on it). A RUT keeps its own error code
 * (`INVALID_RUT`), which the API reports as such.
 */
export function normalizeDocument(type: DocumentType, value: string): Result<string> {
  if (value.length > MAX_RAW_LENGTH) return fail(type === 'RUT' ? 'INVALID_RUT' : 'INVALID_DOCUMENT', 'Document number is far too long');
  if (type === 'RUT') {
    const rut = parseRut(value);
    return rut.ok ? ok(rut.value.normalized) : rut;
  }
  if (!DOCUMENT_TYPES.includes(type)) return fail('INVALID_DOCUMENT', `Unknown document type; expected one of ${DOCUMENT_TYPES.join(', ')}`);
  const normalized = value.replace(/\s+/g, '').toUpperCase();
  if (!OTHER_DOCUMENT_PATTERN.test(normalized)) {
    return fail('INVALID_DOCUMENT', 'Document number must be 3 to 20 letters, digits or dashes');
  }
  return ok(normalized);
}
