import { unwrap } from '@turnero/api-client';
import { staffApi } from '../api.js';

/*
 * The staff side of requests and complaints (issue #17), in one place: the inbox, a request's
 * detail and its steps, registration on the person's behalf, topics and deadlines. Every call of
 * the pages goes through here.
 */

export const KINDS = ['request', 'complaint', 'suggestion', 'commendation'] as const;
export const STATUSES = ['received', 'in_progress', 'waiting', 'answered', 'closed'] as const;
export const CHANNELS = ['web', 'phone', 'email', 'letter', 'counter', 'open311'] as const;
/** How a request reaches the office when the staff register it for the person. */
export const STAFF_CHANNELS = ['phone', 'email', 'letter', 'counter'] as const;

export type RequestKind = (typeof KINDS)[number];
export type RequestStatus = (typeof STATUSES)[number];
export type RequestChannel = (typeof CHANNELS)[number];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export const OPEN: readonly RequestStatus[] = ['received', 'in_progress', 'waiting'];

export interface Named {
  id: string;
  name: string;
}
export interface StaffRef {
  id: string;
  username: string;
}

export interface InboxItem {
  id: string;
  code: string;
  kind: RequestKind;
  topic: Named;
  status: RequestStatus;
  channel: RequestChannel;
  filedAt: string;
  dueDate: string;
  overdue: boolean;
  assignee: StaffRef | null;
  waitingSince: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxQuery {
  status?: RequestStatus | readonly RequestStatus[];
  kind?: RequestKind;
  topicId?: string;
  overdue?: boolean;
  due?: 'week';
  /** 'me', 'none' or a staff user's id. */
  assignee?: string;
  channel?: RequestChannel;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface RequestEvent {
  id: string;
  at: string;
  type: 'filed' | 'assigned' | 'note' | 'asked' | 'replied' | 'answered' | 'closed' | 'reopened' | 'rated' | 'erased';
  actor: 'staff' | 'applicant' | 'system';
  /** The staff user who acted. */
  staff: StaffRef | null;
  text: string | null;
  /** A note: never shown to the person. */
  internal: boolean;
  /** E.g. { from, to } of an assignment (staff ids). */
  data: Record<string, unknown> | null;
}

export interface RequestAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  /** The person's reply it came with; null when filed with the request. */
  eventId: string | null;
}

export interface RequestContact {
  fullName?: string | null;
  email?: string | null;
  phone?: string | null;
  documentNumber?: string | null;
  /** Text messages to the phone only with the person's consent. */
  smsConsent?: boolean;
}

export interface RequestDetail extends InboxItem {
  officeId: string;
  timeZone: string;
  /** Null once retention erased it. */
  description: string | null;
  contact: RequestContact;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: StaffRef | null;
  /** Working days from filing to the answer, pauses excluded. */
  answerWorkingDays: number | null;
  answeredOnTime: boolean | null;
  closedAt: string | null;
  reopenedCount: number;
  rating: number | null;
  erasedAt: string | null;
  deadlineDays: number;
  pausedWorkingDays: number;
  workingDaysLeft: number;
  filedBy: StaffRef | null;
  version: number;
  /** Oldest first. */
  events: RequestEvent[];
  attachments: RequestAttachment[];
}

export interface Topic {
  id: string;
  name: string;
  nameEn?: string | null;
  active: boolean;
  sortOrder: number;
  /** Requests filed under it. */
  requests?: number;
}

export interface Registration {
  kind: RequestKind;
  topicId: string;
  channel: StaffChannel;
  description: string;
  contact?: RequestContact;
}

export interface Registered {
  id?: string;
  code: string;
  status: RequestStatus;
  dueDate: string;
}

export type DeadlineDays = Record<RequestKind, number>;

// The generated client learns these paths with `npm run api:client`; until then, untyped.
type Call = Promise<{ data?: unknown; error?: unknown; response: Response }>;
const call = <T>(promise: unknown) => unwrap(promise as Call) as Promise<T>;
const loose = staffApi as unknown as {
  GET(path: string, init?: unknown): Call;
  POST(path: string, init?: unknown): Call;
  PATCH(path: string, init?: unknown): Call;
};

export function listRequests(officeId: string, query: InboxQuery): Promise<InboxPage> {
  const params = Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined && value !== '' && value !== false)
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value]),
  );
  return call(loose.GET('/api/v1/offices/{officeId}/requests', { params: { path: { officeId }, query: params } }));
}

export function getRequest(requestId: string): Promise<RequestDetail> {
  return call(loose.GET('/api/v1/requests/by-id/{requestId}', { params: { path: { requestId } } }));
}

export function assignRequest(requestId: string, staffUserId: string | null, expectedAssigneeId: string | null): Promise<unknown> {
  return call(loose.POST('/api/v1/requests/by-id/{requestId}/assign', { params: { path: { requestId } }, body: { staffUserId, expectedAssigneeId } }));
}

export type TextStep = 'notes' | 'ask' | 'answer';

export function textStep(requestId: string, step: TextStep, text: string): Promise<unknown> {
  return call(loose.POST(`/api/v1/requests/by-id/{requestId}/${step}`, { params: { path: { requestId } }, body: { text } }));
}

export function statusStep(requestId: string, step: 'close' | 'reopen'): Promise<unknown> {
  return call(loose.POST(`/api/v1/requests/by-id/{requestId}/${step}`, { params: { path: { requestId } } }));
}

export function registerRequest(officeId: string, body: Registration): Promise<Registered> {
  return call(loose.POST('/api/v1/offices/{officeId}/requests', { params: { path: { officeId } }, body }));
}

/** The office's active topics (what the person chooses from). */
export function activeTopics(officeId: string): Promise<Named[]> {
  return call(loose.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId } } }));
}

/** Every topic, inactive ones too (supervisors). */
export function manageTopics(officeId: string): Promise<Topic[]> {
  return call(loose.GET('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } } }));
}

export function createTopic(officeId: string, body: { name: string; nameEn?: string | null; sortOrder?: number }): Promise<Topic> {
  return call(loose.POST('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } }, body }));
}

export function updateTopic(topicId: string, body: Partial<Omit<Topic, 'id' | 'requests'>>): Promise<Topic> {
  return call(loose.PATCH('/api/v1/request-topics/{topicId}', { params: { path: { topicId } }, body }));
}

export function saveDeadlines(officeId: string, requestDeadlineDays: DeadlineDays): Promise<unknown> {
  return call(loose.PATCH('/api/v1/offices/{officeId}', { params: { path: { officeId } }, body: { requestDeadlineDays } }));
}

/** Who the office's requests can be assigned to (its active agents and supervisors): every member of its staff may ask. */
export async function colleagues(officeId: string): Promise<StaffRef[]> {
  const assignees = await unwrap(staffApi.GET('/api/v1/offices/{officeId}/requests/assignees', { params: { path: { officeId } } }));
  return assignees.map((a) => ({ id: a.id, username: a.username }));
}

/** Saves an attachment: fetched with the session's token, handed to the browser as a download. */
export async function downloadAttachment(requestId: string, attachment: RequestAttachment): Promise<void> {
  const blob = await call<Blob>(
    loose.GET('/api/v1/requests/by-id/{requestId}/attachments/{attachmentId}', { params: { path: { requestId, attachmentId: attachment.id } }, parseAs: 'blob' }),
  );
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
