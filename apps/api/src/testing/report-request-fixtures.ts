import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface ReportRequest {
  kind?: 'request' | 'complaint' | 'suggestion' | 'commendation';
  channel?: 'web' | 'phone' | 'email' | 'letter' | 'counter' | 'open311';
  status?: 'received' | 'in_progress' | 'waiting' | 'answered' | 'closed';
  /** ISO instant with offset. */
  filedAt: string;
  dueDate?: string;
  answeredAt?: string | null;
  answeredBy?: string | null;
  answerWorkingDays?: number | null;
  answeredOnTime?: boolean | null;
  closedAt?: string | null;
  rating?: number | null;
  contactName?: string | null;
  email?: string | null;
  phone?: string | null;
  document?: string | null;
  description?: string | null;
  answer?: string | null;
}

/** Requests written straight into the database with their figures, for the reports, digest and retention specs. */
export function reportRequestFixtures(db: DataSource) {
  return {
    topic: async (officeId: string, name: string, sortOrder = 0): Promise<string> => {
      const [row] = (await db.query(`INSERT INTO request_topics (office_id, name, sort_order) VALUES ($1, $2, $3) RETURNING id`, [officeId, name, sortOrder])) as { id: string }[];
      return row.id;
    },
    request: async (officeId: string, topicId: string, f: ReportRequest): Promise<{ id: string; code: string }> => {
      const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const [row] = (await db.query(
        `INSERT INTO requests (office_id, code, kind, topic_id, channel, status, description, contact_name, contact_email, contact_phone, contact_document, sms_consent,
                               filed_at, due_date, deadline_days, answer, answered_at, answered_by, answer_working_days, answered_on_time, closed_at, rating, rated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10::text IS NOT NULL, $12, $13, 10, $14, $15, $16, $17, $18, $19, $20, CASE WHEN $20::smallint IS NULL THEN NULL ELSE $15::timestamptz END)
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
          f.phone ?? null,
          f.document ?? null,
          f.filedAt,
          f.dueDate ?? '2026-12-31',
          f.answer ?? (f.answeredAt ? 'Le devolvimos el cobro.' : null),
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
