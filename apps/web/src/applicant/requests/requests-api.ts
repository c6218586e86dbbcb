import type { Schema } from '@turnero/api-client';
import { api } from '../../api.js';
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

export type RequestTopic = Schema<'RequestTopicDto'>;
export type FiledRequest = Schema<'FiledRequestDto'>;
/** GET /requests/{code}: public fields only, with the office's name and IANA zone (dates show in it). */
export type RequestSummary = Schema<'RequestSummaryDto'>;
export type RequestAttachment = Schema<'RequestAttachmentDto'>;
export type RequestEvent = Schema<'RequestEventDto'>;
/** POST /requests/lookup: the whole request, for the person who filed it (`canReply`, `canRate` say what is allowed now). */
export type RequestDetail = Schema<'RequestDetailDto'>;
export type NewRequest = Schema<'CreateRequestDto'>;

export function loadTopics(officeId: string): Promise<Outcome<RequestTopic[]>> {
  return call(api.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId } } }));
}

/** The multipart form of a filing or a reply: the same fields as the JSON body (`contact.email`…), then the files named `attachments`. */
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

/** POST /requests: JSON without files, multipart/form-data with them (the browser sets its boundary). */
export function fileRequest(request: NewRequest, files: readonly File[], idempotencyKey: string): Promise<Outcome<FiledRequest>> {
  return call(
    api.POST('/api/v1/requests', {
      body: request,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(files.length > 0 ? { bodySerializer: () => toFormData({ ...request }, files) } : {}),
    }),
  );
}

export function trackRequest(code: string): Promise<Outcome<RequestSummary>> {
  return call(api.GET('/api/v1/requests/{code}', { params: { path: { code: code.trim().toUpperCase() } } }));
}

export function lookupRequest(code: string, contact: string): Promise<Outcome<RequestDetail>> {
  return call(api.POST('/api/v1/requests/lookup', { body: { code, contact } }));
}

export function replyToRequest(code: string, contact: string, text: string, files: readonly File[], idempotencyKey: string): Promise<Outcome<RequestSummary>> {
  const body = { code, contact, text };
  return call(
    api.POST('/api/v1/requests/reply', {
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
      ...(files.length > 0 ? { bodySerializer: () => toFormData(body, files) } : {}),
    }),
  );
}

export function rateRequest(code: string, contact: string, rating: number, comment: string, idempotencyKey: string): Promise<Outcome<unknown>> {
  return call(api.POST('/api/v1/requests/rate', { body: { code, contact, rating, ...(comment ? { comment } : {}) }, headers: { 'Idempotency-Key': idempotencyKey } }));
}

/** POST /requests/attachment: the file itself (Content-Disposition: attachment), as a Blob. */
export function downloadAttachment(code: string, contact: string, attachmentId: string): Promise<Outcome<Blob>> {
  return call(api.POST('/api/v1/requests/attachment', { body: { code, contact, attachmentId }, parseAs: 'blob' })) as Promise<Outcome<Blob>>;
}

/** A topic's name in the page's language. */
export function topicName(topic: RequestTopic, language: string): string {
  return language === 'en' && topic.nameEn ? topic.nameEn : topic.name;
}
