import { type paths, type Schema, unwrap } from '@turnero/api-client';
import { staffApi } from '../api.js';

/*
 * The staff side of requests and complaints (issue #17), in one place: the inbox, a request's
 * detail and its steps, registration on the person's behalf, topics and deadlines. Every call of
 * the pages goes through here, on the typed client; the API's shapes come from its OpenAPI schema.
 */

export type RequestKind = Schema<'InboxItemDto'>['kind'];
export type RequestStatus = Schema<'InboxItemDto'>['status'];
export type RequestChannel = Schema<'InboxItemDto'>['channel'];
export type StaffChannel = Schema<'RegisterRequestDto'>['channel'];

/** In the order the pages offer them. */
export const KINDS = ['request', 'complaint', 'suggestion', 'commendation'] as const satisfies readonly RequestKind[];
export const STATUSES = ['received', 'in_progress', 'waiting', 'answered', 'closed'] as const satisfies readonly RequestStatus[];
export const CHANNELS = ['web', 'phone', 'email', 'letter', 'counter', 'open311'] as const satisfies readonly RequestChannel[];
/** How a request reaches the office when the staff register it for the person. */
export const STAFF_CHANNELS = ['phone', 'email', 'letter', 'counter'] as const satisfies readonly StaffChannel[];

export const OPEN: readonly RequestStatus[] = ['received', 'in_progress', 'waiting'];

/** An active topic, as the person chooses from. */
export type Named = Schema<'RequestTopicDto'>;
export type StaffRef = Schema<'StaffRefDto'>;
export type InboxItem = Schema<'InboxItemDto'>;
export type InboxPage = Schema<'InboxPageDto'>;
export type RequestDetail = Schema<'StaffRequestDto'>;
export type RequestEvent = Schema<'StaffRequestEventDto'>;
export type RequestAttachment = Schema<'StaffAttachmentDto'>;
/** A topic of the catalogue, inactive ones too, with the requests filed under it. */
export type Topic = Schema<'StaffTopicDto'>;
export type Registration = Schema<'RegisterRequestDto'>;
export type Registered = Schema<'RegisteredRequestDto'>;
export type StepResult = Schema<'TransitionResultDto'>;
export type DeadlineDays = Schema<'RequestDeadlineDaysDto'>;

/** The inbox's filters as the page holds them (one value per filter, the open statuses as a list). */
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

type ListQuery = NonNullable<paths['/api/v1/offices/{officeId}/requests']['get']['parameters']['query']>;

const asList = <T extends string>(value: T | readonly T[] | undefined): T[] | undefined => (value === undefined ? undefined : typeof value === 'string' ? [value] : [...value]);

export function listRequests(officeId: string, filters: InboxQuery): Promise<InboxPage> {
  const query: ListQuery = {
    status: asList(filters.status),
    kind: asList(filters.kind),
    topicId: filters.topicId || undefined,
    overdue: filters.overdue ? 'true' : undefined,
    due: filters.due,
    assignee: filters.assignee || undefined,
    channel: asList(filters.channel),
    q: filters.q || undefined,
    page: filters.page,
    pageSize: filters.pageSize,
  };
  // Lists comma-separated (status=received,in_progress), as the console has always sent them.
  return unwrap(staffApi.GET('/api/v1/offices/{officeId}/requests', { params: { path: { officeId }, query }, querySerializer: { array: { style: 'form', explode: false } } }));
}

export function getRequest(requestId: string): Promise<RequestDetail> {
  return unwrap(staffApi.GET('/api/v1/requests/by-id/{requestId}', { params: { path: { requestId } } }));
}

export function assignRequest(requestId: string, staffUserId: string | null, expectedAssigneeId: string | null): Promise<StepResult> {
  return unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/assign', { params: { path: { requestId } }, body: { staffUserId, expectedAssigneeId } }));
}

export type TextStep = 'notes' | 'ask' | 'answer';

export function textStep(requestId: string, step: TextStep, text: string): Promise<StepResult> {
  const init = { params: { path: { requestId } }, body: { text } };
  switch (step) {
    case 'notes':
      return unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/notes', init));
    case 'ask':
      return unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/ask', init));
    case 'answer':
      return unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/answer', init));
  }
}

export function statusStep(requestId: string, step: 'close' | 'reopen'): Promise<StepResult> {
  const init = { params: { path: { requestId } } };
  return step === 'close' ? unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/close', init)) : unwrap(staffApi.POST('/api/v1/requests/by-id/{requestId}/reopen', init));
}

export function registerRequest(officeId: string, body: Registration): Promise<Registered> {
  return unwrap(staffApi.POST('/api/v1/offices/{officeId}/requests', { params: { path: { officeId } }, body }));
}

/** The office's active topics (what the person chooses from). */
export function activeTopics(officeId: string): Promise<Named[]> {
  return unwrap(staffApi.GET('/api/v1/offices/{officeId}/request-topics', { params: { path: { officeId } } }));
}

/** Every topic, inactive ones too (supervisors). */
export function manageTopics(officeId: string): Promise<Topic[]> {
  return unwrap(staffApi.GET('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } } }));
}

export function createTopic(officeId: string, body: Schema<'CreateTopicDto'>): Promise<Topic> {
  return unwrap(staffApi.POST('/api/v1/offices/{officeId}/request-topics/manage', { params: { path: { officeId } }, body }));
}

export function updateTopic(topicId: string, body: Schema<'UpdateTopicDto'>): Promise<Topic> {
  return unwrap(staffApi.PATCH('/api/v1/request-topics/{topicId}', { params: { path: { topicId } }, body }));
}

export function saveDeadlines(officeId: string, requestDeadlineDays: DeadlineDays): Promise<Schema<'OfficeDto'>> {
  return unwrap(staffApi.PATCH('/api/v1/offices/{officeId}', { params: { path: { officeId } }, body: { requestDeadlineDays } }));
}

/** Who the office's requests can be assigned to (its active agents and supervisors): every member of its staff may ask. */
export async function colleagues(officeId: string): Promise<StaffRef[]> {
  const assignees = await unwrap(staffApi.GET('/api/v1/offices/{officeId}/requests/assignees', { params: { path: { officeId } } }));
  return assignees.map((a) => ({ id: a.id, username: a.username }));
}

/** Saves an attachment: fetched with the session's token, handed to the browser as a download. */
export async function downloadAttachment(requestId: string, attachment: RequestAttachment): Promise<void> {
  const blob = await unwrap(staffApi.GET('/api/v1/requests/by-id/{requestId}/attachments/{attachmentId}', { params: { path: { requestId, attachmentId: attachment.id } }, parseAs: 'blob' }));
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
