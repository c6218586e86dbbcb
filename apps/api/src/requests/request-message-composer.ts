import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Config } from '../config/environment.js';
import type { OutgoingEmail } from '../mail/smtp-mailer.js';
import type { Block, MessageContent } from '../notifications/messages/content.js';
import { displayPhone, type Lang, links, longDate, oneLine } from '../notifications/messages/format.js';
import { plainText } from '../notifications/messages/plain-text.js';
import { renderHtml } from '../notifications/messages/render-email.js';
import { countSegments, MAX_SMS_SEGMENTS, toGsm7 } from '../notifications/messages/sms.js';
import type { ClaimedNotification } from '../notifications/notifications.repository.js';
import type { RequestMessageKind } from './request-messages.js';
import type { RequestKind, RequestStatus } from './request.entity.js';

/** Why a request's message is not sent: the request is gone or erased, its contact was never given, or it changed since. */
export type RequestMessageSkip = 'no_request' | 'no_address' | 'no_phone' | 'no_consent' | 'outdated';

/** What a request's message says: read from the request, its topic and office when it is sent. */
export interface RequestMessageData {
  kind: RequestMessageKind;
  publicUrl: string;
  code: string;
  requestKind: RequestKind;
  topic: { name: string; nameEn: string | null };
  dueDate: string;
  office: { name: string; contactPhone: string | null; contactEmail: string | null };
  /** The office's question (request_info_requested) or answer (request_answered), as staff wrote it: email only. */
  text: string | null;
}

interface Row {
  code: string;
  kind: RequestKind;
  status: RequestStatus;
  due_date: string;
  contact_email: string | null;
  contact_phone: string | null;
  sms_consent: boolean;
  erased_at: Date | null;
  answer: string | null;
  question: string | null;
  topic_name: string;
  topic_name_en: string | null;
  office_name: string;
  contact_phone_office: string | null;
  contact_email_office: string | null;
}

const KIND_WORDS: Record<Lang, Record<RequestKind, string>> = {
  es: { request: 'solicitud', complaint: 'reclamo', suggestion: 'sugerencia', commendation: 'felicitación' },
  en: { request: 'request', complaint: 'complaint', suggestion: 'suggestion', commendation: 'commendation' },
};

/** The page of a request: its tracking code is the only thing in the link (/solicitud/{code}). */
export function requestPageUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/solicitud/${encodeURIComponent(code)}`;
}

/** A due date ('YYYY-MM-DD', office-local) in words: "martes, 15 de diciembre de 2026". */
function dueInWords(dueDate: string, lang: Lang): string {
  return longDate(new Date(`${dueDate}T12:00:00Z`), 'UTC', lang);
}

/** "15/12/2026" (SMS). */
function dueShort(dueDate: string): string {
  const [year, month, day] = dueDate.split('-');
  return `${day}/${month}/${year}`;
}

/** Staff-typed text as paragraphs: blank lines separate them, each put on one line. */
function paragraphs(text: string): Block[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => oneLine(part))
    .filter((part) => part.length > 0)
    .map((part) => ({ type: 'paragraph', text: part }) satisfies Block);
}

/** The words of a request's email, Spanish (Chile) first and English below. */
export function requestMessageContent(message: RequestMessageData): MessageContent {
  const office = oneLine(message.office.name);
  const url = requestPageUrl(message.publicUrl, message.code);
  const blocks = (lang: Lang): Block[] => {
    const es = lang === 'es';
    const what = KIND_WORDS[lang][message.requestKind];
    const topic = oneLine(es || !message.topic.nameEn ? message.topic.name : message.topic.nameEn);
    const facts: Block = {
      type: 'facts',
      rows: [
        [es ? 'Código de seguimiento' : 'Tracking code', message.code],
        [es ? 'Tipo' : 'Kind', what],
        [es ? 'Tema' : 'Topic', topic],
        [es ? 'Oficina' : 'Office', office],
        [es ? 'Plazo de respuesta' : 'Answer due by', dueInWords(message.dueDate, lang)],
      ],
    };
    const button: Block = { type: 'button', label: es ? 'Ver mi solicitud' : 'See my request', url };
    const contact = contactBlock(message.office, lang);
    const footer: Block = {
      type: 'small',
      lines: [
        es
          ? 'Para ver el detalle, confirme en esa página el correo o teléfono que dejó. Recibe este mensaje porque dejó esta dirección al ingresar su solicitud. Por favor, no responda a este mensaje.'
          : 'To see the details, confirm on that page the email or phone you gave. You receive this message because this address was given with the request. Please do not reply to this message.',
      ],
    };
    const text = message.text ? paragraphs(message.text) : [];
    switch (message.kind) {
      case 'request_received':
        return [
          { type: 'heading', text: es ? `Recibimos su ${what}` : `We received your ${what}` },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `${office} recibió su ${what} y le responderá a más tardar el ${dueInWords(message.dueDate, lang)}. Guarde su código de seguimiento para consultar el estado.`
              : `${office} received your ${what} and will answer by ${dueInWords(message.dueDate, lang)}. Keep your tracking code to follow its status.`,
          },
          facts,
          button,
          ...(contact ? [contact] : []),
          footer,
        ];
      case 'request_info_requested':
        return [
          { type: 'heading', text: es ? 'Necesitamos más información' : 'We need more information' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Para responder su ${what} ${message.code}, ${office} le pide lo siguiente:`
              : `To answer your ${what} ${message.code}, ${office} asks you for the following:`,
          },
          ...text,
          {
            type: 'paragraph',
            text: es
              ? 'Responda en la página de su solicitud. El plazo de respuesta queda en pausa hasta que lo haga.'
              : 'Reply on the page of your request. The deadline is paused until you do.',
          },
          facts,
          button,
          ...(contact ? [contact] : []),
          footer,
        ];
      case 'request_answered':
        return [
          { type: 'heading', text: es ? `Respuesta a su ${what}` : `Answer to your ${what}` },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          { type: 'paragraph', text: es ? `${office} respondió su ${what} ${message.code}:` : `${office} answered your ${what} ${message.code}:` },
          ...text,
          {
            type: 'paragraph',
            text: es
              ? 'Si la respuesta no resuelve su caso, puede responder en la página de su solicitud dentro de 10 días hábiles, y califique la respuesta: nos ayuda a mejorar.'
              : 'If the answer does not settle your case, you can reply on the page of your request within 10 working days; please rate the answer too, it helps us improve.',
          },
          { ...facts, rows: facts.rows.filter(([label]) => label !== (es ? 'Plazo de respuesta' : 'Answer due by')) },
          button,
          ...(contact ? [contact] : []),
          footer,
        ];
    }
  };
  const what = KIND_WORDS.es[message.requestKind];
  const whatEn = KIND_WORDS.en[message.requestKind];
  const subject = {
    request_received: `Recibimos su ${what} ${message.code} / We received your ${whatEn} – ${office}`,
    request_info_requested: `Necesitamos más información sobre su ${what} ${message.code} / More information needed – ${office}`,
    request_answered: `Respuesta a su ${what} ${message.code} / Your ${whatEn} was answered – ${office}`,
  }[message.kind];
  return { subject, preview: subject.split(' / ')[0]!, es: blocks('es'), en: blocks('en') };
}

/** The SMS: Spanish, GSM-7, at most two segments; the code, the date and the link only (never the texts). */
export function requestSms(message: RequestMessageData): string {
  const url = requestPageUrl(message.publicUrl, message.code);
  const what = KIND_WORDS.es[message.requestKind];
  const variant = (office: string, english: boolean) => {
    switch (message.kind) {
      case 'request_received':
        return `${office}: recibimos su ${what} ${message.code}. Respuesta a mas tardar el ${dueShort(message.dueDate)}. Siga su estado en ${url}${english ? `\nWe received your ${KIND_WORDS.en[message.requestKind]}.` : ''}`;
      case 'request_info_requested':
        return `${office} necesita mas informacion sobre su ${what} ${message.code}. Responda en ${url} (el plazo queda en pausa)${english ? '\nMore information needed.' : ''}`;
      case 'request_answered':
        return `${office} respondio su ${what} ${message.code}. Vea la respuesta en ${url}${english ? `\nYour ${KIND_WORDS.en[message.requestKind]} was answered.` : ''}`;
    }
  };
  const office = oneLine(message.office.name);
  const fits = (text: string) => countSegments(toGsm7(text)).segments <= MAX_SMS_SEGMENTS;
  for (const candidate of [variant(office, true), variant(office, false)]) if (fits(candidate)) return toGsm7(candidate);
  let shortened = office;
  while (shortened.length > 16 && !fits(variant(`${shortened}...`, false))) shortened = shortened.slice(0, -4).trimEnd();
  return toGsm7(variant(shortened === office ? office : `${shortened}...`, false));
}

function contactBlock(office: RequestMessageData['office'], lang: Lang): Block | null {
  const items = [
    ...(office.contactPhone ? [{ text: displayPhone(office.contactPhone), url: links.call(office.contactPhone) }] : []),
    ...(office.contactEmail ? [{ text: oneLine(office.contactEmail), url: links.mail(oneLine(office.contactEmail)) }] : []),
  ];
  return items.length > 0 ? { type: 'contact', label: lang === 'es' ? 'Contacto de la oficina' : 'Office contact', items } : null;
}

/**
 * The messages of a request (kinds request_received, request_info_requested, request_answered),
 * composed from the request, its topic and office as they are when sent (notification-sender.ts
 * hands them here by kind). The outbox row holds neither the address nor any text.
 */
@Injectable()
export class RequestMessageComposer {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: ConfigService<Config, true>,
  ) {
    this.publicUrl = config.get('PUBLIC_URL', { infer: true });
  }

  async compose(n: ClaimedNotification): Promise<{ skip: RequestMessageSkip } | { email: OutgoingEmail } | { sms: { to: string; body: string } }> {
    const [row] = (await this.db.query(
      `SELECT r.code, r.kind::text AS kind, r.status::text AS status, to_char(r.due_date, 'YYYY-MM-DD') AS due_date, r.contact_email, r.contact_phone, r.sms_consent,
              r.erased_at, r.answer,
              (SELECT e.text FROM request_events e WHERE e.request_id = r.id AND e.type = 'asked' ORDER BY e.id DESC LIMIT 1) AS question,
              t.name AS topic_name, t.name_en AS topic_name_en,
              o.name AS office_name, o.contact_phone AS contact_phone_office, o.contact_email AS contact_email_office
         FROM notifications n
         JOIN requests r ON r.id = n.request_id
         JOIN request_topics t ON t.id = r.topic_id
         JOIN offices o ON o.id = r.office_id
        WHERE n.id = $1`,
      [n.id],
    )) as Row[];
    if (!row || row.erased_at) return { skip: 'no_request' };
    const kind = n.kind as RequestMessageKind;
    if (kind === 'request_info_requested' && row.status !== 'waiting') return { skip: 'outdated' };
    if (kind === 'request_answered' && row.status !== 'answered' && row.status !== 'closed') return { skip: 'outdated' };
    const data: RequestMessageData = {
      kind,
      publicUrl: this.publicUrl,
      code: row.code,
      requestKind: row.kind,
      topic: { name: row.topic_name, nameEn: row.topic_name_en },
      dueDate: row.due_date,
      office: { name: row.office_name, contactPhone: row.contact_phone_office, contactEmail: row.contact_email_office },
      text: kind === 'request_answered' ? row.answer : kind === 'request_info_requested' ? row.question : null,
    };
    if (n.channel === 'sms') {
      if (!row.contact_phone) return { skip: 'no_phone' };
      if (!row.sms_consent) return { skip: 'no_consent' };
      return { sms: { to: row.contact_phone, body: requestSms(data) } };
    }
    if (!row.contact_email) return { skip: 'no_address' };
    const content = requestMessageContent(data);
    return { email: { to: row.contact_email, subject: content.subject, text: plainText(content), html: await renderHtml(content), attachments: [], headers: {} } };
  }
}
