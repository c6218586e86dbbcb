import { randomInt } from 'node:crypto';
import type { RequestChannel, RequestKind, RequestStatus } from '../requests/request.entity.js';
import type { TestApp } from './test-app.js';

/** Symbols of the tracking codes in these specs (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export interface RequestFields {
  kind?: RequestKind;
  status?: RequestStatus;
  channel?: RequestChannel;
  /** An ISO instant with offset. */
  filedAt?: string;
  dueDate?: string;
  deadlineDays?: number;
  assigneeId?: string | null;
  waitingSince?: string | null;
  email?: string | null;
  phone?: string | null;
  smsConsent?: boolean;
  fullName?: string | null;
  description?: string;
  answeredAt?: string | null;
}

/** Requests and topics written straight into the database, for the staff specs. */
export function requestFixtures(t: TestApp) {
  return {
    topic: async (officeId: string, name = `Tema ${randomInt(1e9)}`, fields: { active?: boolean; sortOrder?: number } = {}): Promise<string> => {
      const [row] = (await t.db.query(`INSERT INTO request_topics (office_id, name, active, sort_order) VALUES ($1, $2, $3, $4) RETURNING id`, [
        officeId,
        name,
        fields.active ?? true,
        fields.sortOrder ?? 0,
      ])) as { id: string }[];
      return row.id;
    },
    request: async (officeId: string, topicId: string, fields: RequestFields = {}): Promise<{ id: string; code: string }> => {
      const code = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      const [row] = (await t.db.query(
        `INSERT INTO requests (office_id, code, kind, topic_id, channel, status, description, contact_name, contact_email, contact_phone, sms_consent,
                               filed_at, due_date, deadline_days, assignee_id, waiting_since, answered_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id`,
        [
          officeId,
          code,
          fields.kind ?? 'complaint',
          topicId,
          fields.channel ?? 'web',
          fields.status ?? 'received',
          fields.description ?? 'Me cobraron dos veces el permiso de circulación.',
          fields.fullName ?? null,
          fields.email === undefined ? 'vecina@example.cl' : fields.email,
          fields.phone ?? null,
          fields.smsConsent ?? false,
          fields.filedAt ?? '2026-09-14T09:00:00-03:00',
          fields.dueDate ?? '2026-10-05',
          fields.deadlineDays ?? 15,
          fields.assigneeId ?? null,
          fields.waitingSince ?? null,
          fields.answeredAt ?? null,
        ],
      )) as { id: string }[];
      return { id: row.id, code };
    },
  };
}
