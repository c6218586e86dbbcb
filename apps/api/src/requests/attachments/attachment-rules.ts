import { fileTypeFromBuffer } from 'file-type';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { ATTACHMENT_MEDIA_TYPES, type AttachmentMediaType } from '../request-attachment.entity.js';

/** At most this many files with a filing or a reply. */
export const MAX_ATTACHMENTS = 3;
/** Each at most 5 MB. */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const EXTENSIONS: Record<AttachmentMediaType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** A file received with a filing or a reply: its bytes, the type sniffed from them, and a safe name. */
export interface IncomingAttachment {
  fileName: string;
  mediaType: AttachmentMediaType;
  content: Buffer;
}

/**
 * The type of a file from its content (magic numbers, `file-type`), never from its name or the
 * client's Content-Type: a PDF, JPEG or PNG, or 415 UNSUPPORTED_ATTACHMENT.
 */
export async function sniffAttachment(content: Buffer, index: number): Promise<AttachmentMediaType> {
  const type = content.length > 0 ? await fileTypeFromBuffer(content) : undefined;
  const mime = type?.mime as string | undefined;
  if (mime && (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(mime)) return mime as AttachmentMediaType;
  throw new ApiException(ErrorCode.UNSUPPORTED_ATTACHMENT, 'Attachments must be PDF, JPEG or PNG files (checked from their content)', [
    { field: `attachments.${index}`, messages: [`attachments.${index} is not a PDF, JPEG or PNG file`] },
  ]);
}

/**
 * A file name safe to store and to put in Content-Disposition: the last path segment, without
 * control characters, quotes or backslashes, at most 100 characters, and with the extension of
 * its sniffed type (a PNG sent as "foto.pdf" is kept as "foto.png").
 */
export function safeFileName(raw: string | undefined, mediaType: AttachmentMediaType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029"\\<>|*?:]+/g, '').replace(/\s+/g, ' ').trim();
  const stem = cleaned.replace(/\.[^.]{0,10}$/, '').replace(/^\.+/, '').slice(0, 90).trim() || 'adjunto';
  return `${stem}.${EXTENSIONS[mediaType]}`;
}

/** Content-Disposition for a download: an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7E]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
