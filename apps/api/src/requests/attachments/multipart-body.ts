import type { Multipart } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { MULTIPART_ROUTES } from '../../common/validation/request-input-guard.js';
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from './attachment-rules.js';

/** The files of a multipart request as read, before sniffing: the route's service checks their types. */
export interface ReceivedFile {
  fileName: string | undefined;
  content: Buffer;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The files of a multipart filing or reply (field `attachments`), in order; undefined for JSON. */
    attachments?: ReceivedFile[];
  }
}

/** The longest value of a form field: a description of 5,000 characters of 4 UTF-8 bytes, and some room. */
const MAX_FIELD_BYTES = 32 * 1024;
/** Form fields that carry booleans ("true"/"false"). */
const BOOLEAN_FIELDS = new Set(['contact.smsConsent']);
/** Form fields that may carry an object as JSON text (`contact={"email":…}`) instead of dotted fields. */
const OBJECT_FIELDS = new Set(['contact']);

const tooMany = () =>
  ApiException.validation([{ field: 'attachments', messages: [`attachments must contain at most ${MAX_ATTACHMENTS} files`] }]);
const tooLarge = () => new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, `Each attachment must be at most ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB`);

/**
 * The @fastify/multipart options: limits hold every multipart request's memory to 3 files of 5 MB
 * and a few small fields. A 4th file, a bigger file or too many fields stop the parsing at once.
 */
export const MULTIPART_OPTIONS = {
  limits: { fieldNameSize: 100, fieldSize: MAX_FIELD_BYTES, fields: 20, fileSize: MAX_ATTACHMENT_BYTES, files: MAX_ATTACHMENTS, parts: 30, headerPairs: 100 },
};

/**
 * multipart/form-data bodies for the routes that take files (POST /requests, POST /requests/reply:
 * common/validation/request-input-guard.ts's MULTIPART_ROUTES): before the input guard and the
 * route's validation, the parts are read into a plain body (the form's fields; `contact.email`
 * becomes `{ contact: { email } }`) and `request.attachments` (the files named `attachments`), so
 * the same DTO validates JSON and forms alike. A 4th file is 400 naming `attachments`, a file over
 * 5 MB 413 PAYLOAD_TOO_LARGE, a file under another name 400 naming it.
 */
export function addMultipartBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    if (!request.isMultipart?.() || !MULTIPART_ROUTES.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
    const { body, files } = await readParts(request);
    request.body = body;
    request.attachments = files;
  });
}

async function readParts(request: FastifyRequest): Promise<{ body: Record<string, unknown>; files: ReceivedFile[] }> {
  const body: Record<string, unknown> = {};
  const files: ReceivedFile[] = [];
  const problems: { field: string; messages: string[] }[] = [];
  try {
    for await (const part of request.parts() as AsyncIterableIterator<Multipart>) {
      if (part.type === 'file') {
        if (part.fieldname !== 'attachments') {
          // Read and dropped: the stream must be consumed for the parsing to go on.
          part.file.resume();
          problems.push({ field: part.fieldname, messages: [`${part.fieldname} is not a file field; send files as attachments`] });
          continue;
        }
        files.push({ fileName: part.filename, content: await part.toBuffer() });
        continue;
      }
      const name = part.fieldname;
      if (part.fieldnameTruncated || part.valueTruncated) {
        problems.push({ field: name, messages: [`${name} is too long`] });
        continue;
      }
      if (name === 'attachments') {
        problems.push({ field: name, messages: ['attachments must be files'] });
        continue;
      }
      const problem = setField(body, name, part.value);
      if (problem) problems.push({ field: name, messages: [problem] });
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw tooMany();
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw ApiException.validation([{ field: 'body', messages: ['the form has too many fields'] }]);
    if (code === 'FST_PROTO_VIOLATION') throw ApiException.validation([{ field: 'body', messages: ['a field name is not allowed'] }]);
    if (code === 'FST_INVALID_JSON_FIELD_ERROR') throw ApiException.validation([{ field: 'body', messages: ['a field declared as JSON is not valid JSON'] }]);
    if (error instanceof ApiException) throw error;
    throw ApiException.validation([{ field: 'body', messages: ['the multipart form could not be read'] }]);
  }
  if (problems.length > 0) throw ApiException.validation(problems);
  return { body, files };
}

/** Puts one form field into the body: dotted names nest (one level), booleans and JSON objects are read as such. */
function setField(body: Record<string, unknown>, name: string, value: unknown): string | undefined {
  const path = name.split('.');
  if (path.length > 2 || path.some((segment) => segment === '' || segment === '__proto__' || segment === 'constructor' || segment === 'prototype')) {
    return `${name} is not a field of this form`;
  }
  let parsed = value;
  if (typeof value === 'string' && BOOLEAN_FIELDS.has(name)) {
    if (value === 'true') parsed = true;
    else if (value === 'false') parsed = false;
  } else if (typeof value === 'string' && OBJECT_FIELDS.has(name) && value.trim().startsWith('{')) {
    try {
      parsed = JSON.parse(value);
    } catch {
      return `${name} is not valid JSON`;
    }
  }
  if (path.length === 1) {
    if (Object.hasOwn(body, name)) return `${name} is given more than once`;
    body[name] = parsed;
    return undefined;
  }
  const [parent, child] = path as [string, string];
  const existing = body[parent];
  if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) return `${parent} is given twice`;
  const object = (existing ?? {}) as Record<string, unknown>;
  if (Object.hasOwn(object, child)) return `${name} is given more than once`;
  object[child] = parsed;
  body[parent] = object;
  return undefined;
}
