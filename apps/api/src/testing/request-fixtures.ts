import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RequestChannel, RequestKind, RequestStatus } from '../requests/request.entity.js';

/** Symbols of the tracking codes in these specs (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A request row's fields; what is left out takes the factory's defaults, then those below. */
export interface RequestFields {
  kind?: RequestKind;
  status?: RequestStatus;
  channel?: RequestChannel;
  /** An ISO instant with offset (default 2026-09-14 09:00 in Santiago). */
  filedAt?: string;
  /** Default 2026-10-05. */
  dueDate?: string;
  /** Default 15. */
  deadlineDays?: number;
  assigneeId?: string | null;
  waitingSince?: string | null;
  contactName?: string | null;
  /** Default vecina@example.cl; null: none. */
  email?: string | null;
  phone?: string | null;
  /** Default: consent exactly when a phone is given. */
  smsConsent?: boolean;
  document?: string | null;
  /** Default a short complaint; null: erased. */
  description?: string | null;
  /** Default a short answer when `answeredAt` is given. */
  answer?: string | null;
  answeredAt?: string | null;
  answeredBy?: string | null;
  answerWorkingDays?: number | null;
  answeredOnTime?: boolean | null;
  closedAt?: string | null;
  /** 1–5, rated at `answeredAt`. */
  rating?: number | null;
}

/**
 * Topics and requests written straight into the database (their figures included), for the specs
 * of the staff steps, the inbox, the reports, the digest and retention. `defaults` apply to every
 * request this factory writes.
 */
export function requestFixtures(db: DataSource, defaults: RequestFields = {}) {
  return {
    topic: async (officeId: string, name = `Tema ${randomInt(1e9)}`, fields: { active?: boolean; sortOrder?: number } = {}): Promise<string> => {
      const [row] = (await db.query(`INSERT INTO request_topics (office_id, name, active, sort_order) VALUES ($1, $2, $3, $4) RETURNING id`, [
        officeId,
        name,
        fields.active ?? true,
        fields.sortOrder ?? 0,
      ])) as { id: string }[];
      return row.id;
    },
    request: async (officeId: string, topicId: string, own: RequestFields = {}): Promise<{ id: string; code: string }> => {
      const f = { ...defaults, ...own };
      const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const phone = f.phone ?? null;
      const [row] = (await db.query(
        `INSERT INTO requests (office_id, code, kind, topic_id, channel, status, description, contact_name, contact_email, contact_phone, contact_document, sms_consent,
                               filed_at, due_date, deadline_days, assignee_id, waiting_since, answer, answered_at, answered_by, answer_working_days, answered_on_time,
                               closed_at, rating, rated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
                 CASE WHEN $24::smallint IS NULL THEN NULL ELSE $19::timestamptz END)
         RETURNING id`,
        [
          officeId,
          code,
          f.kind ?? 'complaint',
          topicId,
          f.channel ?? 'web',
          f.status ?? 'received',
          f.description === undefined ? 'Me cobraron dos veces el permiso de circulación.' : f.description,
          f.contactName ?? null,
          f.email === undefined ? 'vecina@example.cl' : f.email,
          phone,
          f.document ?? null,
          f.smsConsent ?? phone !== null,
          f.filedAt ?? '2026-09-14T09:00:00-03:00',
          f.dueDate ?? '2026-10-05',
          f.deadlineDays ?? 15,
          f.assigneeId ?? null,
          f.waitingSince ?? null,
          f.answer === undefined ? (f.answeredAt ? 'Le devolvimos el cobro.' : null) : f.answer,
          f.answeredAt ?? null,
          f.answeredBy ?? null,
          f.answerWorkingDays ?? null,
          f.answeredOnTime ?? null,
          f.closedAt ?? null,
          f.rating ?? null,
        ],
      )) as { id: string }[];
      return { id: row.id, code };
    },
  };
}
