import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addWorkingDays, deadlineState, workingDaysBetween } from '@turnero/scheduling';
import { DataSource, type EntityManager } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess } from '../../auth/authenticated-user.js';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { MessageChannels } from '../../notifications/channels/message-channels.js';
import { deadlineDaysOf, dueDateFrom, officeHolidays } from '../deadlines.js';
import { localDateIn } from '../../common/time/local-date.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { RequestsPublicService } from '../public/requests-public.service.js';
import { queueRequestMessages, type RequestMessageKind } from '../request-messages.js';
import { PUBLIC_REQUEST_EVENT_TYPES, type RequestEventActor, type RequestEventType } from '../request-event.entity.js';
import type { RequestChannel, RequestKind, RequestStatus } from '../request.entity.js';
import {
  type AssigneeDto,
  type AssignRequestDto,
  type CreateTopicDto,
  INBOX_DEFAULT_PAGE_SIZE,
  type InboxItemDto,
  type InboxPageDto,
  type InboxQueryDto,
  type RegisterRequestDto,
  type RegisteredRequestDto,
  type StaffRequestDto,
  type StaffTextDto,
  type StaffTopicDto,
  type TransitionResultDto,
  type UpdateTopicDto,
} from './dto/staff-request.dto.js';

/** The states in which a request counts for its deadline (waiting: paused for the person). */
const RUNNING = ['received', 'in_progress'] as const;
/** The states in which staff may still assign it. */
const OPEN = ['received', 'in_progress', 'waiting'] as const;
/** Working days ahead that "due this week" covers. */
const DUE_SOON_WORKING_DAYS = 5;

/** What a staff step reads of its request and office, under the row's lock. */
interface LockedRequest {
  id: string;
  office_id: string;
  kind: RequestKind;
  status: RequestStatus;
  assignee_id: string | null;
  filed_at: Date;
  due_date: string;
  deadline_days: number;
  paused_working_days: number;
  time_zone: string;
  holiday_country: string | null;
  holiday_region: string | null;
  request_deadline_days: Partial<Record<RequestKind, number>>;
}

interface ItemRow {
  id: string;
  code: string;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  filed_at: Date;
  due_date: string;
  waiting_since: Date | null;
  topic_id: string;
  topic_name: string;
  assignee_id: string | null;
  assignee_username: string | null;
  version: number;
}

const ITEM_COLUMNS = `r.id, r.code, r.kind::text AS kind, r.status::text AS status, r.channel::text AS channel, r.filed_at,
       to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.waiting_since, r.version,
       t.id AS topic_id, t.name AS topic_name, s.id AS assignee_id, s.username AS assignee_username`;
const ITEM_JOINS = `JOIN request_topics t ON t.id = r.topic_id LEFT JOIN staff_users s ON s.id = r.assignee_id`;

/**
 * The staff side of requests and complaints (issue #17): the office's inbox, a request's whole
 * file, and the steps staff take on it. Each step is one transaction that locks the request's row,
 * checks the state it may start from (409 INVALID_TRANSITION), changes it with an UPDATE guarded by
 * the same states, writes its event and queues the person's message: all or nothing.
 * Nothing personal or free text is logged.
 */
@Injectable()
export class RequestsInboxService {
  private readonly logger = new Logger(RequestsInboxService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
    private readonly filing: RequestsPublicService,
  ) {}

  /**
   * Registers a request on the person's behalf (it came by phone, email, letter or to the counter):
   * the public filing's rules and message, with the channel and the staff user who registered it.
   */
  async register(actor: AuthenticatedUser, officeId: string, body: RegisterRequestDto): Promise<RegisteredRequestDto> {
    assertOfficeAccess(actor, officeId);
    const { channel, ...fields } = body;
    const filed = await this.filing.file({ ...fields, officeId }, [], { channel, filedBy: actor.id });
    this.logger.log(`Request ${filed.id} of office ${officeId} registered by staff ${actor.id} (${channel})`);
    return { id: filed.id, code: filed.code, status: 'received', dueDate: filed.dueDate };
  }

  /**
   * Who a request of the office can be assigned to (the assign step's rule: its active agents and
   * supervisors), for every member of its staff: an agent hands a request to a colleague too.
   */
  async assignees(actor: AuthenticatedUser, officeId: string): Promise<AssigneeDto[]> {
    assertOfficeAccess(actor, officeId);
    await this.office(officeId);
    return (await this.db.query(
      `SELECT id, username, role::text AS role FROM staff_users WHERE office_id = $1 AND active AND role IN ('agent', 'supervisor') ORDER BY username`,
      [officeId],
    )) as AssigneeDto[];
  }

  /** The office's inbox: filtered, ordered by due date then filing time, paged. */
  async list(actor: AuthenticatedUser, officeId: string, query: InboxQueryDto): Promise<InboxPageDto> {
    assertOfficeAccess(actor, officeId);
    const office = await this.office(officeId);
    const today = localDateIn(this.clock.now().toMillis(), office.time_zone);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? INBOX_DEFAULT_PAGE_SIZE;

    const where = ['r.office_id = $1'];
    const params: unknown[] = [officeId];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status?.length) where.push(`r.status = ANY(${param(query.status)}::request_status[])`);
    if (query.kind?.length) where.push(`r.kind = ANY(${param(query.kind)}::request_kind[])`);
    if (query.channel?.length) where.push(`r.channel = ANY(${param(query.channel)}::request_channel[])`);
    if (query.topicId) where.push(`r.topic_id = ${param(query.topicId)}::uuid`);
    if (query.q) where.push(`r.code = ${param(query.q)}`);
    if (query.assignee === 'none') where.push('r.assignee_id IS NULL');
    else if (query.assignee === 'me') where.push(`r.assignee_id = ${param(actor.id)}::uuid`);
    else if (query.assignee) where.push(`r.assignee_id = ${param(query.assignee.toLowerCase())}::uuid`);
    if (query.overdue === 'true' || query.due === 'week') where.push(`r.status IN ('received', 'in_progress')`);
    if (query.overdue === 'true') where.push(`r.due_date < ${param(today)}::date`);
    if (query.due === 'week') {
      where.push(`r.due_date >= ${param(today)}::date`);
      where.push(`r.due_date <= ${param(addWorkingDays(today, DUE_SOON_WORKING_DAYS, officeHolidays(office)))}::date`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM requests r WHERE ${filter}`, params)) as { total: number }[];
    const rows: ItemRow[] =
      total > (page - 1) * pageSize
        ? await this.db.query(
            // The page is chosen on requests alone (the office's rows sorted, or read in index
            // order when a filter narrows them), then joined to topic and assignee: 100,000 rows
            // of one office sort without dragging the joins along.
            `SELECT ${ITEM_COLUMNS}
               FROM (SELECT r.id, r.code, r.kind, r.status, r.channel, r.filed_at, r.due_date, r.waiting_since, r.version, r.topic_id, r.assignee_id
                       FROM requests r WHERE ${filter} ORDER BY r.due_date, r.filed_at, r.id LIMIT ${param(pageSize)} OFFSET ${param((page - 1) * pageSize)}) r
               ${ITEM_JOINS}
              ORDER BY r.due_date, r.filed_at, r.id`,
            params,
          )
        : [];
    return { items: rows.map((row) => this.item(row, office.time_zone, today)), total, page, pageSize };
  }

  /** A request's whole file for its office's staff: contact, texts, every event (notes included), attachments. */
  async detail(actor: AuthenticatedUser, requestId: string): Promise<StaffRequestDto> {
    const [row] = (await this.db.query(
      `SELECT ${ITEM_COLUMNS}, r.office_id, o.time_zone, o.holiday_country, o.holiday_region,
              r.deadline_days, r.paused_working_days, r.contact_name, r.contact_email, r.contact_phone, r.contact_document, r.identity_verified,
              r.description, r.answer, r.answered_at, r.answer_working_days, r.answered_on_time, r.closed_at, r.reopened_count,
              r.rating, r.erased_at, fb.id AS filed_by_id, fb.username AS filed_by_username, ab.id AS answered_by_id, ab.username AS answered_by_username
         FROM requests r ${ITEM_JOINS}
         JOIN offices o ON o.id = r.office_id
         LEFT JOIN staff_users fb ON fb.id = r.filed_by
         LEFT JOIN staff_users ab ON ab.id = r.answered_by
        WHERE r.id = $1`,
      [requestId],
    )) as (ItemRow & Record<string, unknown>)[];
    if (!row) throw ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');
    const officeId = row.office_id as string;
    assertOfficeAccess(actor, officeId);
    const timeZone = row.time_zone as string;
    const today = localDateIn(this.clock.now().toMillis(), timeZone);
    const holidays = officeHolidays(row as unknown as { holiday_country: string | null; holiday_region: string | null });
    const events = (await this.db.query(
      `SELECT e.id::text AS id, e.type, e.actor, e.at, e.text, e.data, s.id AS staff_id, s.username AS staff_username
         FROM request_events e LEFT JOIN staff_users s ON s.id = e.staff_user_id
        WHERE e.request_id = $1 ORDER BY e.id`,
      [requestId],
    )) as { id: string; type: RequestEventType; actor: RequestEventActor; at: Date; text: string | null; data: Record<string, unknown> | null; staff_id: string | null; staff_username: string | null }[];
    const attachments = (await this.db.query(
      `SELECT id, file_name, media_type, size, event_id::text AS event_id, created_at FROM request_attachments WHERE request_id = $1 ORDER BY created_at, id`,
      [requestId],
    )) as { id: string; file_name: string; media_type: string; size: number; event_id: string | null; created_at: Date }[];
    const item = this.item(row, timeZone, today);
    const ref = (id: unknown, username: unknown) => (id ? { id: id as string, username: username as string } : null);
    const instant = (value: unknown) => (value ? officeInstant(value as Date, timeZone) : null);
    return {
      ...item,
      officeId,
      timeZone,
      filedBy: ref(row.filed_by_id, row.filed_by_username),
      deadlineDays: row.deadline_days as number,
      pausedWorkingDays: row.paused_working_days as number,
      workingDaysLeft: deadlineState({ dueDate: row.due_date, today, holidays }).workingDaysLeft,
      contact: {
        fullName: (row.contact_name as string | null) ?? null,
        email: (row.contact_email as string | null) ?? null,
        phone: (row.contact_phone as string | null) ?? null,
        documentNumber: (row.contact_document as string | null) ?? null,
        identityVerified: row.identity_verified === true,
      },
      description: (row.description as string | null) ?? null,
      answer: (row.answer as string | null) ?? null,
      answeredAt: instant(row.answered_at),
      answeredBy: ref(row.answered_by_id, row.answered_by_username),
      answerWorkingDays: (row.answer_working_days as number | null) ?? null,
      answeredOnTime: (row.answered_on_time as boolean | null) ?? null,
      closedAt: instant(row.closed_at),
      reopenedCount: row.reopened_count as number,
      rating: (row.rating as number | null) ?? null,
      erasedAt: instant(row.erased_at),
      version: row.version,
      events: events.map((event) => ({
        id: event.id,
        type: event.type,
        actor: event.actor,
        at: officeInstant(event.at, timeZone),
        staff: ref(event.staff_id, event.staff_username),
        text: event.text,
        internal: !(PUBLIC_REQUEST_EVENT_TYPES as readonly string[]).includes(event.type),
        data: event.data,
      })),
      attachments: attachments.map((file) => ({
        id: file.id,
        fileName: file.file_name,
        mediaType: file.media_type,
        size: file.size,
        eventId: file.event_id,
        createdAt: officeInstant(file.created_at, timeZone),
      })),
    };
  }

  /** One attachment's bytes, for the office's staff. */
  async attachment(actor: AuthenticatedUser, requestId: string, attachmentId: string): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
    const [request] = (await this.db.query(`SELECT office_id FROM requests WHERE id = $1`, [requestId])) as { office_id: string }[];
    if (!request) throw ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');
    assertOfficeAccess(actor, request.office_id);
    const [file] = (await this.db.query(`SELECT file_name, media_type, content FROM request_attachments WHERE id = $1 AND request_id = $2`, [
      attachmentId,
      requestId,
    ])) as { file_name: string; media_type: string; content: Buffer }[];
    if (!file) throw ApiException.notFound(ErrorCode.NOT_FOUND, 'Attachment');
    return { fileName: file.file_name, mediaType: file.media_type, content: file.content };
  }

  /**
   * Assigns the request to an active agent or supervisor of its office, or to nobody (null), in
   * any open state; a request nobody had acted on becomes in progress. The caller states who they
   * believe holds it (default nobody): if someone else does by the time the row is locked, 409
   * ASSIGNMENT_CONFLICT says who, so two staff taking the same request at once get one 200 and one 409.
   */
  async assign(actor: AuthenticatedUser, requestId: string, body: AssignRequestDto): Promise<TransitionResultDto> {
    const to = body.staffUserId?.toLowerCase() ?? null;
    const expected = body.expectedAssigneeId?.toLowerCase() ?? null;
    return this.step(actor, requestId, 'assigned', async (manager, request) => {
      assertFrom(request, OPEN, 'assign');
      if (to) {
        const [assignee] = (await manager.query(`SELECT 1 FROM staff_users WHERE id = $1 AND office_id = $2 AND active AND role IN ('agent', 'supervisor')`, [
          to,
          request.office_id,
        ])) as unknown[];
        if (!assignee) throw ApiException.validation([{ field: 'staffUserId', messages: ["staffUserId must be an active agent or supervisor of the request's office"] }]);
      }
      if (request.assignee_id !== expected) {
        throw new ApiException(ErrorCode.ASSIGNMENT_CONFLICT, 'Someone else holds this request now: reload it', { assigneeId: request.assignee_id });
      }
      await this.update(
        manager,
        request,
        OPEN,
        `assignee_id = $3::uuid, status = CASE WHEN status = 'received' AND $3::uuid IS NOT NULL THEN 'in_progress'::request_status ELSE status END`,
        [to],
      );
      return { data: { from: request.assignee_id, to } };
    });
  }

  /** An internal note, in any state: never shown to the person, never sent. */
  async note(actor: AuthenticatedUser, requestId: string, body: StaffTextDto): Promise<TransitionResultDto> {
    return this.step(actor, requestId, 'note', async (manager, request) => {
      await this.update(manager, request, null, 'status = status', []);
      return { text: body.text };
    });
  }

  /**
   * Asks the person for more information (received or in progress → waiting): the deadline pauses
   * until they reply on the tracking page; 'request_info_requested' is queued with the question.
   */
  async ask(actor: AuthenticatedUser, requestId: string, body: StaffTextDto): Promise<TransitionResultDto> {
    return this.step(actor, requestId, 'asked', async (manager, request, now) => {
      assertFrom(request, RUNNING, 'ask the person');
      await this.update(manager, request, RUNNING, `status = 'waiting', waiting_since = $3`, [now]);
      return { text: body.text, message: 'request_info_requested' };
    });
  }

  /**
   * Answers (received or in progress → answered): stores the answer, the working days it took
   * (pauses excluded) and whether it came by the due date; 'request_answered' is queued.
   */
  async answer(actor: AuthenticatedUser, requestId: string, body: StaffTextDto): Promise<TransitionResultDto> {
    return this.step(actor, requestId, 'answered', async (manager, request, now) => {
      assertFrom(request, RUNNING, 'answer');
      const holidays = officeHolidays(request);
      const answeredOn = localDateIn(now.getTime(), request.time_zone);
      const filedOn = localDateIn(request.filed_at.getTime(), request.time_zone);
      const workingDays = Math.max(0, workingDaysBetween(filedOn, answeredOn, holidays) - request.paused_working_days);
      await this.update(
        manager,
        request,
        RUNNING,
        `status = 'answered', answer = $3, answered_at = $4, answered_by = $5, answer_working_days = $6, answered_on_time = $7, waiting_since = NULL`,
        [body.text, now, actor.id, workingDays, answeredOn <= request.due_date],
      );
      return { text: body.text, message: 'request_answered' };
    });
  }

  /** Closes an answered request; a suggestion or commendation may also be closed unanswered. */
  async close(actor: AuthenticatedUser, requestId: string): Promise<TransitionResultDto> {
    return this.step(actor, requestId, 'closed', async (manager, request, now) => {
      const from: readonly RequestStatus[] = request.kind === 'suggestion' || request.kind === 'commendation' ? ['answered', ...RUNNING] : ['answered'];
      assertFrom(request, from, 'close');
      await this.update(manager, request, from, `status = 'closed', closed_at = $3`, [now]);
      return {};
    });
  }

  /**
   * Reopens an answered or closed request (→ in progress): it gets the office's deadline for its
   * kind again, counted from today.
   */
  async reopen(actor: AuthenticatedUser, requestId: string): Promise<TransitionResultDto> {
    return this.step(actor, requestId, 'reopened', async (manager, request, now) => {
      const from = ['answered', 'closed'] as const;
      assertFrom(request, from, 'reopen');
      const deadlineDays = deadlineDaysOf(request, request.kind);
      const dueDate = dueDateFrom(request, now, deadlineDays);
      // As when the person's reply reopens it (public/): a fresh deadline, no pause carried over.
      await this.update(
        manager,
        request,
        from,
        `status = 'in_progress', closed_at = NULL, reopened_count = reopened_count + 1, deadline_days = $3, paused_working_days = 0, due_date = $4::date`,
        [deadlineDays, dueDate],
      );
      return { data: { from: request.status, dueDate } };
    });
  }

  /** Every topic of the office, active or not, with the number of requests filed under each. */
  async topics(actor: AuthenticatedUser, officeId: string): Promise<StaffTopicDto[]> {
    assertOfficeAccess(actor, officeId);
    await this.office(officeId);
    const rows = (await this.db.query(
      `SELECT t.id, t.name, t.name_en, t.active, t.sort_order, (SELECT count(*)::int FROM requests r WHERE r.topic_id = t.id) AS requests
         FROM request_topics t WHERE t.office_id = $1 ORDER BY t.sort_order, lower(t.name), t.id`,
      [officeId],
    )) as TopicRow[];
    return rows.map(toTopicDto);
  }

  async createTopic(actor: AuthenticatedUser, officeId: string, body: CreateTopicDto): Promise<StaffTopicDto> {
    assertOfficeAccess(actor, officeId);
    await this.office(officeId);
    await this.assertTopicNameFree(officeId, body.name);
    const [row] = (await this.db.query(
      `INSERT INTO request_topics (office_id, name, name_en, active, sort_order) VALUES ($1, $2, $3, $4, $5)
       RETURNING id, name, name_en, active, sort_order, 0 AS requests`,
      [officeId, body.name, body.nameEn ?? null, body.active ?? true, body.sortOrder ?? 0],
    )) as TopicRow[];
    this.logger.log(`Office ${officeId}: request topic ${row.id} created`);
    return toTopicDto(row);
  }

  async updateTopic(actor: AuthenticatedUser, topicId: string, body: UpdateTopicDto): Promise<StaffTopicDto> {
    const [topic] = (await this.db.query(`SELECT office_id, lower(name) AS name FROM request_topics WHERE id = $1`, [topicId])) as { office_id: string; name: string }[];
    if (!topic) throw ApiException.notFound(ErrorCode.TOPIC_NOT_FOUND, 'Topic');
    assertOfficeAccess(actor, topic.office_id);
    if (body.name !== undefined && body.name.toLowerCase() !== topic.name) await this.assertTopicNameFree(topic.office_id, body.name, topicId);
    const sets: string[] = [];
    const params: unknown[] = [topicId];
    const set = (column: string, value: unknown) => sets.push(`${column} = $${params.push(value)}`);
    if (body.name !== undefined) set('name', body.name);
    if (body.nameEn !== undefined) set('name_en', body.nameEn);
    if (body.active !== undefined) set('active', body.active);
    if (body.sortOrder !== undefined) set('sort_order', body.sortOrder);
    const [rows] = (await this.db.query(
      `UPDATE request_topics t SET ${sets.length ? sets.join(', ') : 'name = t.name'} WHERE t.id = $1
       RETURNING t.id, t.name, t.name_en, t.active, t.sort_order, (SELECT count(*)::int FROM requests r WHERE r.topic_id = t.id) AS requests`,
      params,
    )) as [TopicRow[], number];
    this.logger.log(`Office ${topic.office_id}: request topic ${topicId} changed`);
    return toTopicDto(rows[0]);
  }

  private async assertTopicNameFree(officeId: string, name: string, exceptId?: string): Promise<void> {
    const [taken] = (await this.db.query(`SELECT 1 FROM request_topics WHERE office_id = $1 AND lower(name) = lower($2) AND id IS DISTINCT FROM $3::uuid`, [
      officeId,
      name,
      exceptId ?? null,
    ])) as unknown[];
    if (taken) throw new ApiException(ErrorCode.DUPLICATE_TOPIC_NAME, 'This office already has a topic with this name', [{ field: 'name', messages: ['already used by another topic of the office'] }]);
  }

  /**
   * One staff step: locks the request's row (after the office check: staff of another office get
   * 403, not a lock), lets `change` check and apply it, writes the step's event and queues the
   * person's message, then answers the request as the inbox lists it. One transaction.
   */
  private async step(
    actor: AuthenticatedUser,
    requestId: string,
    type: RequestEventType,
    change: (manager: EntityManager, request: LockedRequest, now: Date) => Promise<{ text?: string; data?: Record<string, unknown>; message?: RequestMessageKind }>,
  ): Promise<TransitionResultDto> {
    const [found] = (await this.db.query(`SELECT office_id FROM requests WHERE id = $1`, [requestId])) as { office_id: string }[];
    if (!found) throw ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');
    assertOfficeAccess(actor, found.office_id);
    const result = await this.db.transaction(async (manager) => {
      const [request] = (await manager.query(
        `SELECT r.id, r.office_id, r.kind::text AS kind, r.status::text AS status, r.assignee_id, r.filed_at, to_char(r.due_date, 'YYYY-MM-DD') AS due_date,
                r.deadline_days, r.paused_working_days, o.time_zone, o.holiday_country, o.holiday_region, o.request_deadline_days
           FROM requests r JOIN offices o ON o.id = r.office_id
          WHERE r.id = $1 FOR UPDATE OF r`,
        [requestId],
      )) as LockedRequest[];
      if (!request) throw ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');
      const now = this.clock.now().toJSDate();
      const { text, data, message } = await change(manager, request, now);
      await manager.query(`INSERT INTO request_events (request_id, at, type, actor, staff_user_id, text, data) VALUES ($1, $2, $3, 'staff', $4, $5, $6)`, [
        requestId,
        now,
        type,
        actor.id,
        text ?? null,
        data ? JSON.stringify(data) : null,
      ]);
      if (message) await queueRequestMessages(manager, message, requestId, now, this.channels);
      const [row] = (await manager.query(`SELECT ${ITEM_COLUMNS} FROM requests r ${ITEM_JOINS} WHERE r.id = $1`, [requestId])) as ItemRow[];
      return { row, request };
    });
    this.logger.log(`Request ${requestId} of office ${result.request.office_id}: ${type} by staff ${actor.id} (${result.request.status} → ${result.row.status})`);
    const today = localDateIn(this.clock.now().toMillis(), result.request.time_zone);
    return { ...this.item(result.row, result.request.time_zone, today), version: result.row.version };
  }

  /** The guarded UPDATE of a step: `from` null allows any state. Bumps the version; a lost guard is 409. */
  private async update(manager: EntityManager, request: LockedRequest, from: readonly RequestStatus[] | null, sets: string, values: unknown[]): Promise<void> {
    const [, affected] = (await manager.query(
      `UPDATE requests SET ${sets}, version = version + 1, updated_at = now()
        WHERE id = $1 AND ($2::request_status[] IS NULL OR status = ANY($2::request_status[]))`,
      [request.id, from, ...values],
    )) as [unknown, number];
    if (!affected) throw invalidTransition(request.status, 'change');
  }

  private async office(officeId: string): Promise<{ time_zone: string; holiday_country: string | null; holiday_region: string | null }> {
    const [office] = (await this.db.query(`SELECT time_zone, holiday_country, holiday_region FROM offices WHERE id = $1`, [officeId])) as {
      time_zone: string;
      holiday_country: string | null;
      holiday_region: string | null;
    }[];
    if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return office;
  }

  private item(row: ItemRow, timeZone: string, today: string): InboxItemDto {
    return {
      id: row.id,
      code: row.code,
      kind: row.kind,
      topic: { id: row.topic_id, name: row.topic_name },
      status: row.status,
      channel: row.channel,
      filedAt: officeInstant(row.filed_at, timeZone),
      dueDate: row.due_date,
      overdue: (RUNNING as readonly string[]).includes(row.status) && row.due_date < today,
      assignee: row.assignee_id ? { id: row.assignee_id, username: row.assignee_username! } : null,
      waitingSince: row.waiting_since ? officeInstant(row.waiting_since, timeZone) : null,
    };
  }
}

interface TopicRow {
  id: string;
  name: string;
  name_en: string | null;
  active: boolean;
  sort_order: number;
  requests: number;
}

function toTopicDto(row: TopicRow): StaffTopicDto {
  return { id: row.id, name: row.name, nameEn: row.name_en, active: row.active, sortOrder: row.sort_order, requests: Number(row.requests) };
}

function invalidTransition(status: RequestStatus, what: string): ApiException {
  return new ApiException(ErrorCode.INVALID_TRANSITION, `Cannot ${what} a request that is ${status.replace('_', ' ')}`, { status });
}

function assertFrom(request: LockedRequest, from: readonly RequestStatus[], what: string): void {
  if (!from.includes(request.status)) throw invalidTransition(request.status, what);
}
