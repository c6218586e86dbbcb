import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { AttachmentMediaType } from './request-attachment.entity.js';
import type { RequestEventActor, RequestEventType } from './request-event.entity.js';
import type { RequestChannel, RequestKind, RequestStatus } from './request.entity.js';
import type { IncomingAttachment } from './attachments/attachment-rules.js';
import type { DeadlineOffice } from './deadlines.js';

/** An office as filing and tracking read it. */
export interface OfficeRow extends DeadlineOffice {
  id: string;
  name: string;
}

/** A request with its topic and office, as the public side reads it (no attachment bytes). */
export interface RequestRow {
  id: string;
  office_id: string;
  code: string;
  kind: RequestKind;
  status: RequestStatus;
  channel: RequestChannel;
  description: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  filed_at: Date;
  due_date: string;
  deadline_days: number;
  paused_working_days: number;
  waiting_since: Date | null;
  answer: string | null;
  answered_at: Date | null;
  closed_at: Date | null;
  rating: number | null;
  lookup_failures: number;
  lookup_locked_until: Date | null;
  erased_at: Date | null;
  identity_verified: boolean;
  topic_id: string;
  topic_name: string;
  topic_name_en: string | null;
  office_name: string;
  time_zone: string;
  holiday_country: string | null;
  holiday_region: string | null;
  request_deadline_days: Partial<Record<RequestKind, number>> | null;
}

export interface EventRow {
  id: string;
  at: Date;
  type: RequestEventType;
  actor: RequestEventActor;
  text: string | null;
}

export interface AttachmentRow {
  id: string;
  event_id: string | null;
  file_name: string;
  media_type: AttachmentMediaType;
  size: number;
}

export interface NewRequest {
  officeId: string;
  code: string;
  kind: RequestKind;
  topicId: string;
  channel: RequestChannel;
  description: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  contactDocument: string | null;
  smsConsent: boolean;
  filedAt: Date;
  filedBy: string | null;
  dueDate: string;
  deadlineDays: number;
  /** Filed while signed in with ClaveÚnica: the contact's name and document are the session's (issue #20). */
  identityVerified: boolean;
}

const REQUEST_COLUMNS = `r.id, r.office_id, r.code, r.kind::text AS kind, r.status::text AS status, r.channel::text AS channel, r.description,
  r.contact_email, r.contact_phone, r.filed_at, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.deadline_days, r.paused_working_days, r.waiting_since,
  r.answer, r.answered_at, r.closed_at, r.rating, r.lookup_failures, r.lookup_locked_until, r.erased_at, r.identity_verified,
  t.id AS topic_id, t.name AS topic_name, t.name_en AS topic_name_en,
  o.name AS office_name, o.time_zone, o.holiday_country, o.holiday_region, o.request_deadline_days`;
const REQUEST_JOINS = `FROM requests r JOIN request_topics t ON t.id = r.topic_id JOIN offices o ON o.id = r.office_id`;

/** Failed lookups of one code before its lookups are locked, and for how long. */
export const LOOKUP_MAX_FAILURES = 10;
export const LOOKUP_LOCK_MINUTES = 15;

/** The SQL of requests, topics, events and attachments (the public side; staff/ has its own). */
@Injectable()
export class RequestsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async office(officeId: string, manager: EntityManager = this.db.manager): Promise<OfficeRow | undefined> {
    const [row] = (await manager.query(
      `SELECT id, name, time_zone, holiday_country, holiday_region, request_deadline_days FROM offices WHERE id = $1`,
      [officeId],
    )) as OfficeRow[];
    return row;
  }

  /** An office's active topics, in the catalogue's order. */
  async activeTopics(officeId: string): Promise<{ id: string; name: string; name_en: string | null }[]> {
    return (await this.db.query(
      `SELECT id, name, name_en FROM request_topics WHERE office_id = $1 AND active ORDER BY sort_order, lower(name), id`,
      [officeId],
    )) as { id: string; name: string; name_en: string | null }[];
  }

  /** Whether the topic is one of the office's active ones. */
  async isActiveTopic(manager: EntityManager, officeId: string, topicId: string): Promise<boolean> {
    const rows = (await manager.query(`SELECT 1 FROM request_topics WHERE id = $1 AND office_id = $2 AND active`, [topicId, officeId])) as unknown[];
    return rows.length > 0;
  }

  /** Inserts the request; false when its code is taken (a collision: the caller draws another). */
  async insert(manager: EntityManager, id: string, r: NewRequest): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO requests (id, office_id, code, kind, topic_id, channel, description, contact_name, contact_email, contact_phone, contact_document,
                             sms_consent, filed_at, filed_by, due_date, deadline_days, identity_verified, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $13, $13)
       ON CONFLICT ON CONSTRAINT uq_requests_code DO NOTHING
       RETURNING id`,
      [
        id,
        r.officeId,
        r.code,
        r.kind,
        r.topicId,
        r.channel,
        r.description,
        r.contactName,
        r.contactEmail,
        r.contactPhone,
        r.contactDocument,
        r.smsConsent,
        r.filedAt,
        r.filedBy,
        r.dueDate,
        r.deadlineDays,
        r.identityVerified,
      ],
    )) as unknown[];
    return rows.length > 0;
  }

  async addEvent(
    manager: EntityManager,
    requestId: string,
    event: { at: Date; type: RequestEventType; actor: RequestEventActor; staffUserId?: string | null; text?: string | null; data?: Record<string, unknown> | null },
  ): Promise<string> {
    const [{ id }] = (await manager.query(
      `INSERT INTO request_events (request_id, at, type, actor, staff_user_id, text, data) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [requestId, event.at, event.type, event.actor, event.staffUserId ?? null, event.text ?? null, event.data ? JSON.stringify(event.data) : null],
    )) as { id: string }[];
    return id;
  }

  async addAttachments(manager: EntityManager, requestId: string, eventId: string | null, files: IncomingAttachment[], at: Date): Promise<void> {
    for (const file of files) {
      await manager.query(
        `INSERT INTO request_attachments (request_id, event_id, file_name, media_type, size, content, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [requestId, eventId, file.fileName, file.mediaType, file.content.length, file.content, at],
      );
    }
  }

  async byCode(code: string, manager: EntityManager = this.db.manager, lock = false): Promise<RequestRow | undefined> {
    const [row] = (await manager.query(`SELECT ${REQUEST_COLUMNS} ${REQUEST_JOINS} WHERE r.code = $1${lock ? ' FOR UPDATE OF r' : ''}`, [code])) as RequestRow[];
    return row;
  }

  /** The requests filed with this (normalised) contact document, newest first, at most `limit` ("Mis trámites", issue #20). */
  async byContactDocument(document: string, limit: number): Promise<RequestRow[]> {
    return (await this.db.query(`SELECT ${REQUEST_COLUMNS} ${REQUEST_JOINS} WHERE r.contact_document = $1 ORDER BY r.filed_at DESC, r.id LIMIT $2`, [
      document,
      limit,
    ])) as RequestRow[];
  }

  /**
   * Counts a failed lookup of a request (a wrong contact) in one atomic statement: the 10th since
   * the last lock locks the code's lookups for 15 minutes; the first after a lock ran out starts
   * counting again. Concurrent failures are serialised by the row's lock, so exactly one locks.
   */
  async countLookupFailure(requestId: string, now: Date): Promise<void> {
    await this.db.query(
      `UPDATE requests
          SET lookup_failures = CASE WHEN lookup_failures >= $3 THEN 1 ELSE lookup_failures + 1 END,
              lookup_locked_until = CASE WHEN lookup_failures = $3 - 1 THEN $2::timestamptz + make_interval(mins => $4) ELSE lookup_locked_until END
        WHERE id = $1`,
      [requestId, now, LOOKUP_MAX_FAILURES, LOOKUP_LOCK_MINUTES],
    );
  }

  /** A successful lookup clears the count. */
  async clearLookupFailures(requestId: string): Promise<void> {
    await this.db.query(`UPDATE requests SET lookup_failures = 0, lookup_locked_until = NULL WHERE id = $1 AND (lookup_failures > 0 OR lookup_locked_until IS NOT NULL)`, [
      requestId,
    ]);
  }

  /** The steps the person sees, oldest first. */
  async publicEvents(requestId: string, types: readonly string[]): Promise<EventRow[]> {
    return (await this.db.query(
      `SELECT id, at, type, actor, text FROM request_events WHERE request_id = $1 AND type = ANY($2::text[]) ORDER BY id`,
      [requestId, types],
    )) as EventRow[];
  }

  async attachments(requestId: string): Promise<AttachmentRow[]> {
    return (await this.db.query(
      `SELECT id, event_id, file_name, media_type, size FROM request_attachments WHERE request_id = $1 ORDER BY created_at, id`,
      [requestId],
    )) as AttachmentRow[];
  }

  async attachmentContent(requestId: string, attachmentId: string): Promise<{ file_name: string; media_type: AttachmentMediaType; content: Buffer } | undefined> {
    const [row] = (await this.db.query(`SELECT file_name, media_type, content FROM request_attachments WHERE id = $1 AND request_id = $2`, [attachmentId, requestId])) as {
      file_name: string;
      media_type: AttachmentMediaType;
      content: Buffer;
    }[];
    return row;
  }

  /** A guarded change: applies only while the request is still in `from`; false when it no longer is. */
  async update(manager: EntityManager, requestId: string, from: RequestStatus, sets: string, values: unknown[]): Promise<boolean> {
    const [, affected] = (await manager.query(
      `UPDATE requests SET ${sets}, version = version + 1, updated_at = $3 WHERE id = $1 AND status = $2::request_status`,
      [requestId, from, ...values],
    )) as [unknown, number];
    return affected > 0;
  }
}
