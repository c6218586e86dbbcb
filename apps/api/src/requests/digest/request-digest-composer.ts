import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { OutgoingEmail } from '../../mail/smtp-mailer.js';
import type { Block, MessageContent } from '../../notifications/messages/content.js';
import { type Lang, oneLine } from '../../notifications/messages/format.js';
import { plainText } from '../../notifications/messages/plain-text.js';
import { renderHtml } from '../../notifications/messages/render-email.js';
import type { ClaimedNotification } from '../../notifications/notifications.repository.js';
import { digestWindow } from './request-digest-queue.js';

/** At most this many requests per list; the rest are counted ("y N más"). */
export const DIGEST_LIST_LIMIT = 100;

export interface DigestItem {
  code: string;
  kind: string;
  topic: string;
  topicEn: string | null;
  dueDate: string;
}

export interface DigestData {
  officeName: string;
  today: string;
  overdue: DigestItem[];
  overdueCount: number;
  dueSoon: DigestItem[];
  dueSoonCount: number;
}

const KIND_WORDS: Record<Lang, Record<string, string>> = {
  es: { request: 'Solicitud', complaint: 'Reclamo', suggestion: 'Sugerencia', commendation: 'Felicitación' },
  en: { request: 'Request', complaint: 'Complaint', suggestion: 'Suggestion', commendation: 'Commendation' },
};

/** "15/09/2026". */
function shortDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/**
 * The digest's words, Spanish (Chile) first and English below: the tracking code, kind, topic and
 * due date of each request; never the person's data or the description.
 */
export function digestContent(data: DigestData): MessageContent {
  const office = oneLine(data.officeName);
  const blocks = (lang: Lang): Block[] => {
    const es = lang === 'es';
    const line = (item: DigestItem) =>
      `${item.code} · ${KIND_WORDS[lang][item.kind] ?? item.kind} · ${oneLine(es || !item.topicEn ? item.topic : item.topicEn)} · ${es ? 'vence el' : 'due'} ${shortDate(item.dueDate)}`;
    const more = (shown: number, count: number) => (count > shown ? [es ? `… y ${count - shown} más` : `… and ${count - shown} more`] : []);
    const lists: Block[] = [];
    if (data.overdueCount > 0)
      lists.push({ type: 'list', title: es ? `Vencidas (${data.overdueCount})` : `Overdue (${data.overdueCount})`, items: [...data.overdue.map(line), ...more(data.overdue.length, data.overdueCount)] });
    if (data.dueSoonCount > 0)
      lists.push({
        type: 'list',
        title: es ? `Vencen en los próximos dos días hábiles (${data.dueSoonCount})` : `Due within two working days (${data.dueSoonCount})`,
        items: [...data.dueSoon.map(line), ...more(data.dueSoon.length, data.dueSoonCount)],
      });
    return [
      { type: 'heading', text: es ? 'Solicitudes por vencer' : 'Requests coming due' },
      {
        type: 'paragraph',
        text: es
          ? `Resumen del ${shortDate(data.today)} de ${office}: solicitudes y reclamos abiertos vencidos o que vencen pronto. Revíselos en la bandeja de Solicitudes de la consola.`
          : `${office}, ${shortDate(data.today)}: open requests and complaints overdue or due soon. See them in the console's Requests inbox.`,
      },
      ...lists,
      {
        type: 'small',
        lines: [
          es
            ? 'Recibe este resumen diario como supervisor/a de la oficina. Por favor, no responda a este mensaje.'
            : 'You receive this daily digest as a supervisor of the office. Please do not reply to this message.',
        ],
      },
    ];
  };
  const subject = `Solicitudes: ${data.overdueCount} vencidas, ${data.dueSoonCount} por vencer / Requests due – ${office}`;
  return { subject, preview: subject.split(' / ')[0]!, es: blocks('es'), en: blocks('en') };
}

interface ItemRow {
  code: string;
  kind: string;
  topic: string;
  topic_en: string | null;
  due_date: string;
  overdue: boolean;
  n: number;
}

/**
 * Composes a 'request_digest' (notification-sender.ts hands it here): to the staff user the row
 * names, while they are an active supervisor of the office with an address; the requests overdue
 * or due within two working days are read when it is sent, by the app's clock. Nothing left to
 * list: skipped ('nothing_due').
 */
@Injectable()
export class RequestDigestComposer {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async compose(n: ClaimedNotification, now: DateTime): Promise<{ skip: string } | { email: OutgoingEmail }> {
    if (n.channel !== 'email') return { skip: 'unsupported' };
    const [who] = (await this.db.query(
      `SELECT s.email, o.name AS office_name, o.time_zone, o.holiday_country, o.holiday_region
         FROM notifications n
         JOIN staff_users s ON s.id = n.staff_user_id AND s.office_id = n.office_id AND s.role = 'supervisor' AND s.active
         JOIN offices o ON o.id = n.office_id
        WHERE n.id = $1`,
      [n.id],
    )) as { email: string | null; office_name: string; time_zone: string; holiday_country: string; holiday_region: string | null }[];
    if (!who?.email) return { skip: 'no_address' };
    const holidays = who.holiday_country ? { country: who.holiday_country, region: who.holiday_region } : null;
    const { today, dueBy } = digestWindow(now, { timeZone: who.time_zone, holidays });
    const rows = (await this.db.query(
      `SELECT * FROM (
         SELECT r.code, r.kind::text AS kind, t.name AS topic, t.name_en AS topic_en, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.due_date < $2::date AS overdue,
                row_number() OVER (PARTITION BY r.due_date < $2::date ORDER BY r.due_date, r.code)::int AS rank,
                count(*) OVER (PARTITION BY r.due_date < $2::date)::int AS n
           FROM requests r JOIN request_topics t ON t.id = r.topic_id
          WHERE r.office_id = $1 AND r.status IN ('received', 'in_progress') AND r.due_date <= $3::date
       ) listed WHERE rank <= $4 ORDER BY due_date, code`,
      [n.officeId, today, dueBy, DIGEST_LIST_LIMIT],
    )) as ItemRow[];
    if (rows.length === 0) return { skip: 'nothing_due' };
    const item = (r: ItemRow): DigestItem => ({ code: r.code, kind: r.kind, topic: r.topic, topicEn: r.topic_en, dueDate: r.due_date });
    const overdue = rows.filter((r) => r.overdue);
    const dueSoon = rows.filter((r) => !r.overdue);
    const content = digestContent({
      officeName: who.office_name,
      today,
      overdue: overdue.map(item),
      overdueCount: overdue[0]?.n ?? 0,
      dueSoon: dueSoon.map(item),
      dueSoonCount: dueSoon[0]?.n ?? 0,
    });
    return { email: { to: who.email, subject: content.subject, text: plainText(content), html: await renderHtml(content), attachments: [], headers: {} } };
  }
}
