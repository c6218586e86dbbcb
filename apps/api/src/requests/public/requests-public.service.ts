import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { addWorkingDays, normalizeDocument, workingDaysBetween } from '@turnero/scheduling';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { officeInstant } from '../../common/time/office-instant.js';
import { MessageChannels } from '../../notifications/channels/message-channels.js';
import { toE164 } from '../../notifications/sms/phone.js';
import { type IncomingAttachment, sniffAttachment, safeFileName } from '../attachments/attachment-rules.js';
import type { ReceivedFile } from '../attachments/multipart-body.js';
import { deadlineDaysOf, dueDateFrom, officeDate, officeHolidays, pauseLength } from '../deadlines.js';
import {
  type CreateRequestDto,
  type FiledRequestDto,
  type RateRequestDto,
  type RequestAttachmentDto,
  type RequestDetailDto,
  type RequestContactDto,
  type RequestKeyDto,
  type RequestSummaryDto,
  type RequestTopicDto,
  toRequestSummaryDto,
} from '../dto/request-public.dto.js';
import { PUBLIC_REQUEST_EVENT_TYPES } from '../request-event.entity.js';
import { generateRequestCode, normalizeRequestCode } from '../request-code.js';
import { queueRequestMessages } from '../request-messages.js';
import type { AttachmentMediaType } from '../request-attachment.entity.js';
import type { RequestChannel } from '../request.entity.js';
import { type AttachmentRow, type RequestRow, RequestsRepository } from '../requests.repository.js';

/** Kinds that need a way to answer the person: an email or a phone. */
const CONTACT_KINDS = new Set(['request', 'complaint']);
/** A person may reply to (and so reopen) an answered or closed request this many working days after the answer. */
export const REOPEN_WORKING_DAYS = 10;

/**
 * Where a filing comes from: the public site, or staff registering it (filed_by) with the channel
 * it came through; `verified` when the person filed it signed in with ClaveÚnica (their contact's
 * name and document are then the session's, written in by the ApplicantIdentityGuard).
 */
export interface FilingOrigin {
  channel: RequestChannel;
  filedBy: string | null;
  verified?: boolean;
}
export const WEB_FILING: FilingOrigin = { channel: 'web', filedBy: null };

const notFound = () => ApiException.notFound(ErrorCode.REQUEST_NOT_FOUND, 'Request');

/**
 * The public side of requests and complaints (OIRS, issue #17): the topics, filing, the public
 * status by code, and — for whoever gives the email or phone the request was filed with — the
 * whole request, replies, the rating and the files. A wrong contact is the same 404 as an
 * unknown code; 10 of them lock the code's lookups for 15 minutes (in PostgreSQL, so across
 * instances). Logs carry ids, codes and kinds only.
 */
@Injectable()
export class RequestsPublicService {
  private readonly logger = new Logger('Requests');

  constructor(
    private readonly repo: RequestsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly channels: MessageChannels,
  ) {}

  async topics(officeId: string): Promise<RequestTopicDto[]> {
    if (!(await this.repo.office(officeId))) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    return (await this.repo.activeTopics(officeId)).map((t) => ({ id: t.id, name: t.name, nameEn: t.name_en }));
  }

  /**
   * Files a request: on the public site, or (`origin`) registered by staff on the person's behalf
   * with the channel it came through, the same rules and the same 'request_received' message.
   * Also gives the new row's id, for staff (the public answer leaves it out).
   */
  async file(input: CreateRequestDto, received: ReceivedFile[] = [], origin: FilingOrigin = WEB_FILING): Promise<FiledRequestDto & { id: string }> {
    const contact: RequestContactDto = input.contact ?? {};
    const email = contact.email ? contact.email.toLowerCase() : null;
    const phone = contact.phone ?? null;
    if (CONTACT_KINDS.has(input.kind) && !email && !phone) {
      throw new ApiException(ErrorCode.CONTACT_REQUIRED, 'A request or complaint needs an email or a phone to answer to', [
        { field: 'contact', messages: ['contact must give an email or a phone for a request or a complaint'] },
      ]);
    }
    const document = contact.documentNumber ? this.document(contact.documentNumber) : null;
    const files = await this.attachments(received);
    const now = this.clock.now().toJSDate();
    const result = await this.db.transaction(async (manager) => {
      const office = await this.repo.office(input.officeId, manager);
      if (!office) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
      if (!(await this.repo.isActiveTopic(manager, office.id, input.topicId))) {
        throw ApiException.validation([{ field: 'topicId', messages: ["topicId must be one of the office's active topics"] }]);
      }
      const deadlineDays = deadlineDaysOf(office, input.kind);
      const dueDate = dueDateFrom(office, now, deadlineDays);
      const id = randomUUID();
      let code = generateRequestCode();
      // ~49 bits: a collision is rare; the unique constraint decides and another code is drawn.
      for (let attempt = 0; ; attempt++) {
        const inserted = await this.repo.insert(manager, id, {
          officeId: office.id,
          code,
          kind: input.kind,
          topicId: input.topicId,
          channel: origin.channel,
          description: input.description,
          contactName: contact.fullName ?? null,
          contactEmail: email,
          contactPhone: phone,
          contactDocument: document,
          smsConsent: phone !== null && contact.smsConsent === true,
          filedAt: now,
          filedBy: origin.filedBy,
          dueDate,
          deadlineDays,
          identityVerified: origin.verified === true,
        });
        if (inserted) break;
        if (attempt >= 4) throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, 'Could not allot a tracking code; please retry', undefined, { 'Retry-After': '1' });
        code = generateRequestCode();
      }
      await this.repo.addEvent(manager, id, {
        at: now,
        type: 'filed',
        actor: origin.filedBy ? 'staff' : 'applicant',
        staffUserId: origin.filedBy,
        data: { channel: origin.channel },
      });
      await this.repo.addAttachments(manager, id, null, files, now);
      await queueRequestMessages(manager, 'request_received', id, now, this.channels);
      return { id, code, dueDate };
    });
    this.logger.log(`Request ${result.id} filed (${input.kind}, ${files.length} attachment(s))`);
    return { id: result.id, code: result.code, status: 'received', dueDate: result.dueDate };
  }

  async summary(code: string): Promise<RequestSummaryDto> {
    const normalized = normalizeRequestCode(code);
    const row = normalized ? await this.repo.byCode(normalized) : undefined;
    if (!row) throw notFound();
    return this.summaryOf(row);
  }

  async lookup(key: RequestKeyDto): Promise<RequestDetailDto> {
    const row = await this.verify(key);
    return this.detailOf(row);
  }

  /**
   * The person's reply: while the office waits for them (the pause ends: its working days are
   * added to the deadline), or to an answer at most 10 working days old (the request reopens with
   * a new deadline of its kind's working days from today). Otherwise 409 INVALID_TRANSITION.
   */
  async reply(key: RequestKeyDto & { text: string }, received: ReceivedFile[] = []): Promise<RequestSummaryDto> {
    const verified = await this.verify(key);
    const files = await this.attachments(received);
    const now = this.clock.now().toJSDate();
    const outcome = await this.db.transaction(async (manager) => {
      const row = await this.repo.byCode(verified.code, manager, true);
      if (!row) throw notFound();
      if (row.status === 'waiting') {
        const paused = pauseLength(row, row.waiting_since ?? now, now);
        const dueDate = paused > 0 ? addWorkingDays(row.due_date, paused, officeHolidays(row)) : row.due_date;
        const changed = await this.repo.update(
          manager,
          row.id,
          'waiting',
          `status = 'in_progress', waiting_since = NULL, paused_working_days = paused_working_days + $4, due_date = $5::date`,
          [now, paused, dueDate],
        );
        if (!changed) throw invalidTransition(row.status);
        const eventId = await this.repo.addEvent(manager, row.id, { at: now, type: 'replied', actor: 'applicant', text: key.text, data: { pausedWorkingDays: paused } });
        await this.repo.addAttachments(manager, row.id, eventId, files, now);
        return { id: row.id, reopened: false };
      }
      if ((row.status === 'answered' || row.status === 'closed') && this.canReopen(row, now)) {
        const deadlineDays = deadlineDaysOf(row, row.kind);
        const dueDate = dueDateFrom(row, now, deadlineDays);
        const changed = await this.repo.update(
          manager,
          row.id,
          row.status,
          `status = 'in_progress', reopened_count = reopened_count + 1, deadline_days = $4, paused_working_days = 0, due_date = $5::date, closed_at = NULL`,
          [now, deadlineDays, dueDate],
        );
        if (!changed) throw invalidTransition(row.status);
        const eventId = await this.repo.addEvent(manager, row.id, { at: now, type: 'replied', actor: 'applicant', text: key.text });
        await this.repo.addAttachments(manager, row.id, eventId, files, now);
        await this.repo.addEvent(manager, row.id, { at: now, type: 'reopened', actor: 'applicant', data: { from: row.status, dueDate } });
        return { id: row.id, reopened: true };
      }
      throw invalidTransition(row.status);
    });
    this.logger.log(`Request ${outcome.id}: the person replied${outcome.reopened ? ' (reopened)' : ''} with ${files.length} attachment(s)`);
    // Public fields only: an Idempotency-Key stores this answer, and it must hold no personal data.
    return this.summaryOf((await this.repo.byCode(verified.code))!);
  }

  /** The person's rating of the answer (1–5, optional comment), once, after the answer. */
  async rate(input: RateRequestDto): Promise<{ rating: number }> {
    const verified = await this.verify(input);
    const now = this.clock.now().toJSDate();
    await this.db.transaction(async (manager) => {
      const [, affected] = (await manager.query(
        `UPDATE requests SET rating = $2, rated_at = $3, updated_at = $3, version = version + 1
          WHERE id = $1 AND rating IS NULL AND status IN ('answered', 'closed')`,
        [verified.id, input.rating, now],
      )) as [unknown, number];
      if (!affected) {
        const [row] = (await manager.query(`SELECT status::text AS status, rating FROM requests WHERE id = $1`, [verified.id])) as { status: string; rating: number | null }[];
        if (row?.rating != null) throw new ApiException(ErrorCode.SURVEY_ALREADY_ANSWERED, 'This request was already rated');
        throw new ApiException(ErrorCode.INVALID_TRANSITION, 'A request can be rated once it is answered', { status: row?.status });
      }
      await this.repo.addEvent(manager, verified.id, { at: now, type: 'rated', actor: 'applicant', text: input.comment || null, data: { rating: input.rating } });
    });
    this.logger.log(`Request ${verified.id} rated ${input.rating}`);
    return { rating: input.rating };
  }

  /** One of the request's files, for whoever gives its code and contact. */
  async attachment(key: RequestKeyDto & { attachmentId: string }): Promise<{ fileName: string; mediaType: AttachmentMediaType; content: Buffer }> {
    const row = await this.verify(key);
    const file = await this.repo.attachmentContent(row.id, key.attachmentId);
    if (!file) throw ApiException.notFound(ErrorCode.NOT_FOUND, 'Attachment');
    return { fileName: file.file_name, mediaType: file.media_type, content: file.content };
  }

  /**
   * The request of a code, when `contact` is the email or phone it was filed with. Unknown code
   * and wrong contact are the same 404; while the code is locked (10 failures), 429 LOOKUP_LOCKED.
   */
  private async verify(key: RequestKeyDto): Promise<RequestRow> {
    const code = normalizeRequestCode(key.code);
    const row = code ? await this.repo.byCode(code) : undefined;
    if (!row) throw notFound();
    const now = this.clock.now().toJSDate();
    if (row.lookup_locked_until && row.lookup_locked_until.getTime() > now.getTime()) {
      const seconds = Math.ceil((row.lookup_locked_until.getTime() - now.getTime()) / 1000);
      throw new ApiException(ErrorCode.LOOKUP_LOCKED, 'Too many attempts with a wrong email or phone for this code; try again later', { retryAfterSeconds: seconds }, {
        'Retry-After': String(seconds),
      });
    }
    if (!contactMatches(row, key.contact)) {
      await this.repo.countLookupFailure(row.id, now);
      this.logger.log(`Request ${row.id}: lookup with a wrong contact`);
      throw notFound();
    }
    if (row.lookup_failures > 0 || row.lookup_locked_until) await this.repo.clearLookupFailures(row.id);
    return row;
  }

  private canReopen(row: RequestRow, now: Date): boolean {
    if (!row.answered_at) return false;
    return workingDaysBetween(officeDate(row, row.answered_at), officeDate(row, now), officeHolidays(row)) <= REOPEN_WORKING_DAYS;
  }

  private document(value: string): string {
    const rut = normalizeDocument('RUT', value);
    if (rut.ok) return rut.value;
    const other = normalizeDocument('OTHER', value);
    if (other.ok) return other.value;
    throw ApiException.validation([{ field: 'contact.documentNumber', messages: ['contact.documentNumber must be a RUT or 3 to 20 letters, digits or dashes'] }]);
  }

  /** Sniffs every file (415 for one that is not a PDF, JPEG or PNG by its content) before anything is stored. */
  private async attachments(received: ReceivedFile[]): Promise<IncomingAttachment[]> {
    const files: IncomingAttachment[] = [];
    for (const [index, file] of received.entries()) {
      const mediaType = await sniffAttachment(file.content, index);
      files.push({ fileName: safeFileName(file.fileName, mediaType), mediaType, content: file.content });
    }
    return files;
  }

  private summaryOf(row: RequestRow): RequestSummaryDto {
    return toRequestSummaryDto(row);
  }

  private async detailOf(row: RequestRow): Promise<RequestDetailDto> {
    const [events, attachments] = await Promise.all([this.repo.publicEvents(row.id, PUBLIC_REQUEST_EVENT_TYPES), this.repo.attachments(row.id)]);
    const files = attachments.map(attachmentDto);
    const now = this.clock.now().toJSDate();
    return {
      ...this.summaryOf(row),
      description: row.description,
      answer: row.answer,
      events: events.map((e) => ({
        id: String(e.id),
        type: e.type,
        at: officeInstant(e.at, row.time_zone),
        actor: e.actor,
        text: e.text,
        attachments: files.filter((f) => f.eventId === String(e.id)),
      })),
      attachments: files,
      rating: row.rating,
      canReply: row.status === 'waiting' || ((row.status === 'answered' || row.status === 'closed') && this.canReopen(row, now)),
      canRate: (row.status === 'answered' || row.status === 'closed') && row.rating === null,
    };
  }
}

function attachmentDto(a: AttachmentRow): RequestAttachmentDto {
  return { id: a.id, fileName: a.file_name, mediaType: a.media_type, size: a.size, eventId: a.event_id === null ? null : String(a.event_id) };
}

function invalidTransition(status: string): ApiException {
  return new ApiException(ErrorCode.INVALID_TRANSITION, 'A reply is accepted while the office waits for one, or within 10 working days of the answer', { status });
}

/** Whether `contact` is the email (any case) or the phone (any notation) the request was filed with. */
export function contactMatches(row: Pick<RequestRow, 'contact_email' | 'contact_phone'>, contact: string): boolean {
  const given = contact.trim();
  if (given.includes('@')) return row.contact_email !== null && row.contact_email.toLowerCase() === given.toLowerCase();
  const phone = toE164(given);
  return phone !== null && row.contact_phone !== null && row.contact_phone === phone;
}
