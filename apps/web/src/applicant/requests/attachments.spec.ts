import { describe, expect, it } from 'vitest';
import { attachmentProblem, formatFileSize, MAX_ATTACHMENT_BYTES, sniffMediaType } from './attachments.js';

const bytes = (...values: number[]) => new Uint8Array(values);
const PNG_HEAD = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPEG_HEAD = bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46);
const PDF_HEAD = new TextEncoder().encode('%PDF-1.7');

describe("the browser's check of a request's attachments", () => {
  it('reads the type from the first bytes, as the API does', () => {
    expect(sniffMediaType(PNG_HEAD)).toBe('image/png');
    expect(sniffMediaType(JPEG_HEAD)).toBe('image/jpeg');
    expect(sniffMediaType(PDF_HEAD)).toBe('application/pdf');
    expect(sniffMediaType(new TextEncoder().encode('hello, w'))).toBeNull();
    expect(sniffMediaType(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61))).toBeNull(); // GIF89a
    expect(sniffMediaType(bytes())).toBeNull();
  });

  it('refuses an empty file, one over 5 MB, and one of another type whatever its name', () => {
    expect(attachmentProblem({ size: 2048, head: PNG_HEAD })).toBeNull();
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES, head: PDF_HEAD })).toBeNull();
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES + 1, head: PDF_HEAD })).toBe('size');
    expect(attachmentProblem({ size: 0, head: bytes() })).toBe('empty');
    expect(attachmentProblem({ size: 100, head: new TextEncoder().encode('not a pdf') })).toBe('type');
  });

  it('says sizes as people read them, in each language', () => {
    expect(formatFileSize(MAX_ATTACHMENT_BYTES, 'es')).toBe('5 MB');
    expect(formatFileSize(2.5 * 1024 * 1024, 'es')).toBe('2,5 MB');
    expect(formatFileSize(2.5 * 1024 * 1024, 'en')).toBe('2.5 MB');
    expect(formatFileSize(300, 'es')).toBe('1 KB');
    expect(formatFileSize(850 * 1024, 'en')).toBe('850 KB');
  });
});
