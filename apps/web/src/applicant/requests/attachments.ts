/**
 * The browser's own check of a request's attachments, before sending (the API decides again from
 * the content: 415 UNSUPPORTED_ATTACHMENT, 413 PAYLOAD_TOO_LARGE). Pure, so it runs in Node tests.
 */

export const MAX_ATTACHMENTS = 3;
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const ACCEPTED_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentMediaType = (typeof ACCEPTED_MEDIA_TYPES)[number];
/** For `<input type="file" accept>`: the types and their usual extensions (phones offer the camera for image/*). */
export const ACCEPT_ATTRIBUTE = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
/** How many leading bytes `sniffMediaType` needs. */
export const SNIFF_BYTES = 8;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((byte, i) => bytes[i] === byte);

/** The file's type by its first bytes (what the API's `file-type` also reads), never by its name. */
export function sniffMediaType(head: Uint8Array): AttachmentMediaType | null {
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PDF)) return 'application/pdf';
  return null;
}

/** Why a file cannot go along: an i18n key under `requests.attachments.errors`. */
export type AttachmentProblem = 'type' | 'size' | 'empty';

export function attachmentProblem(file: { size: number; head: Uint8Array }): AttachmentProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'size';
  if (!sniffMediaType(file.head)) return 'type';
  return null;
}

/** '2,4 MB' / '2.4 MB', '850 KB': a file's size as people read it. */
export function formatFileSize(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-US' : 'es-CL';
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

/** Reads the first bytes of a browser File for `attachmentProblem`. */
export async function headOf(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
}
