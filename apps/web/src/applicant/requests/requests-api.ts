import { call, type Outcome } from '../common/api-call.js';

/**
 * The public side of "Requests and complaints" (API.md), as the booking site uses it. Every call
 * returns an Outcome (never throws). The contact (email or phone) travels in POST bodies only:
 * the code is the only thing in a URL.
 */

export const REQUEST_KINDS = ['request', 'complaint', 'suggestion', 'commendation'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export type RequestStatus = 'received' | 'in_progress' | 'waiting' | 'answered' | 'closed';
/** Kinds that may be filed without any contact. */
export const ANONYMOUS_KINDS: ReadonlySet<RequestKind> = new Set(['suggestion', 'commendation']);
export const DESCRIPTION_MAX = 5000;
export const REPLY_MAX = 5000;
export const RATING_COMMENT_MAX = 1000;

export interface RequestTopic {
  id: string;
  name: string;
  nameEn?: string | null;
}

export interface FiledRequest {
  code: string;
  status: RequestStatus;
  /** The office's local date 'YYYY-MM-DD'. */
  dueDate: string;
}

/** GET /requests/{code}: public fields only. */
export interface RequestSummary {
  code: string;
  kind: RequestKind;
  topic: string | RequestTopic;
  status: RequestStatus;
  filedAt: string;
  dueDate: string;
  answeredAt?: string | null;
  officeId: string;
  officeName: string;
  /** The office's IANA zone: dates and times show in it. */
  timeZone: string;
}

export interface RequestAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  /** The reply event it came with; null for the filing's files. */
  eventId: string | null;
}

export interface RequestEvent {
  id: string;
  type: string;
  at: string;
  actor: 'staff' | 'applicant' | 'system' | string;
  text: string | null;
  attachments: RequestAttachment[];
}

/** POST /requests/lookup: the whole request, for the person who filed it. */
export interface RequestDetail extends RequestSummary {
  /** Null once erased by retention. */
  description: string | null;
  answer: string | null;
  events: RequestEvent[];
  attachments: RequestAttachment[];
  rating: number | null;
  /** A reply is accepted now (waiting, or answered/closed at most 10 working days ago). */
  canReply: boolean;
  /** A rating is accepted now (answered or closed, not rated yet). */
  canRate: boolean;
}

export interface NewRequest {
  officeId: string;
  kind: RequestKind;
  topicId: string;
  description: string;
  contact?: { fullName?: string; email?: string; phone?: string; documentNumber?: string; smsConsent?: boolean };
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; an intranet may serve plain http). */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

type Raw<T> = Promise<{ data?: T; error?: unknown; response: Response }>;

/** fetch in openapi-fetch's result shape, so `call` reads it like the typed client's answers. */
async function send<T>(method: 'GET' | 'POST', path: string, options: { json?: unknown; form?: FormData; idempotencyKey?: string } = {}): Raw<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form) body = options.form; // the browser sets multipart/form-data with its boundary
  else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? newKey();
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page): toApiError reads it as HTTP_<status>.
  }
  return response.ok ? { data: parsed as T, response } : { error: parsed ?? text, response };
}

const codePath = (code: string) => encodeURIComponent(code.trim().toUpperCase());

export function loadTopics(officeId: string): Promise<Outcome<RequestTopic[]>> {
  return call(send<RequestTopic[]>('GET', `/api/v1/offices/${encodeURIComponent(officeId)}/request-topics`));
}

/** The multipart form of a filing or a reply: the same fields as the JSON body, then the files named `attachments`. */
export function toFormData(fields: Record<string, unknown>, files: readonly File[]): FormData {
  const form = new FormData();
  const add = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value === 'object') for (const [key, inner] of Object.entries(value)) add(`${name}.${key}`, inner);
    else form.append(name, String(value));
  };
  for (const [name, value] of Object.entries(fields)) add(name, value);
  for (const file of files) form.append('attachments', file, file.name);
  return form;
}

/** POST /requests: JSON without files, multipart/form-data with them. */
export function fileRequest(request: NewRequest, files: readonly File[], idempotencyKey: string): Promise<Outcome<FiledRequest>> {
  return call(
    files.length > 0
      ? send<FiledRequest>('POST', '/api/v1/requests', { form: toFormData({ ...request }, files), idempotencyKey })
      : send<FiledRequest>('POST', '/api/v1/requests', { json: request, idempotencyKey }),
  );
}

export function trackRequest(code: string): Promise<Outcome<RequestSummary>> {
  return call(send<RequestSummary>('GET', `/api/v1/requests/${codePath(code)}`));
}

export function lookupRequest(code: string, contact: string): Promise<Outcome<RequestDetail>> {
  return call(send<RequestDetail>('POST', '/api/v1/requests/lookup', { json: { code, contact } }));
}

export function replyToRequest(code: string, contact: string, text: string, files: readonly File[], idempotencyKey: string): Promise<Outcome<unknown>> {
  const body = { code, contact, text };
  return call(
    files.length > 0
      ? send('POST', '/api/v1/requests/reply', { form: toFormData(body, files), idempotencyKey })
      : send('POST', '/api/v1/requests/reply', { json: body, idempotencyKey }),
  );
}

export function rateRequest(code: string, contact: string, rating: number, comment: string, idempotencyKey: string): Promise<Outcome<unknown>> {
  return call(send('POST', '/api/v1/requests/rate', { json: { code, contact, rating, ...(comment ? { comment } : {}) }, idempotencyKey }));
}

/** POST /requests/attachment: the file itself (Content-Disposition: attachment), as a Blob. */
export async function downloadAttachment(code: string, contact: string, attachmentId: string): Promise<Outcome<Blob>> {
  try {
    const response = await fetch('/api/v1/requests/attachment', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify({ code, contact, attachmentId }),
      credentials: 'same-origin',
    });
    if (response.ok) return { ok: true, data: await response.blob() };
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // keep the text
    }
    return call(Promise.resolve({ error: parsed, response }));
  } catch {
    return call(Promise.reject(new Error('network')));
  }
}

/** A topic's name in the page's language. */
export function topicName(topic: string | RequestTopic, language: string): string {
  if (typeof topic === 'string') return topic;
  return language === 'en' && topic.nameEn ? topic.nameEn : topic.name;
}
