import { DateTime } from 'luxon';
import { SURVEY_WINDOW_DAYS } from '../surveys/survey-window.js';

/** What the email says: the visit, never the person (no name, no document). */
export interface RatingEmailFacts {
  officeName: string;
  officeAddress: string | null;
  serviceName: string;
  /** The ticket's number ("R-012"). */
  number: string;
  completedAt: Date;
  timeZone: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  trackingCode: string;
}

export interface RatingEmailMessage {
  subject: string;
  text: string;
  html: string;
}

/**
 * The turn page's query parameter that preselects a score (`/turno/{code}?calificacion=4`): the
 * person still presses "send", so a link opened by a mail scanner answers nothing.
 */
export const RATING_PARAM = 'calificacion';

const RATINGS = {
  es: ['Muy mala', 'Mala', 'Regular', 'Buena', 'Muy buena'],
  en: ['Very poor', 'Poor', 'Fair', 'Good', 'Very good'],
} as const;

/** The link to the turn page, where the rating form is: the ticket's tracking code and nothing about the person. */
export function turnPageUrl(publicUrl: string, trackingCode: string, rating?: number): string {
  const url = `${publicUrl}/turno/${encodeURIComponent(trackingCode)}`;
  return rating === undefined ? url : `${url}?${RATING_PARAM}=${rating}`;
}

/** The email that asks for a rating: Spanish (Chile) first, English below; plain text and simple HTML. */
export function ratingEmail(facts: RatingEmailFacts): RatingEmailMessage {
  const office = oneLine(facts.officeName);
  const address = facts.officeAddress ? oneLine(facts.officeAddress) : null;
  const service = oneLine(facts.serviceName);
  const number = oneLine(facts.number);
  const url = turnPageUrl(facts.publicUrl, facts.trackingCode);
  const visit = DateTime.fromJSDate(facts.completedAt, { zone: facts.timeZone });
  // The window is exact hours (surveyWindowOpen), not calendar days: across a DST change they differ.
  const until = visit.plus({ hours: 24 * SURVEY_WINDOW_DAYS });
  const date = (at: DateTime, locale: string) => at.setLocale(locale).toLocaleString(DateTime.DATE_FULL);
  const time = until.toFormat('HH:mm');
  const where = (text: string) => (address ? `${text} (${address})` : text);

  const es = {
    title: '¿Cómo fue su atención?',
    visit: `Gracias por su visita a ${where(office)} el ${date(visit, 'es-CL')}, por el trámite «${service}» (número ${number}).`,
    ask: 'Califique la atención de 1 a 5 y, si quiere, déjenos un comentario: le toma un minuto y nos ayuda a mejorar.',
    link: 'Calificar mi atención',
    until: `Puede responder una sola vez, hasta el ${date(until, 'es-CL')} a las ${time}.`,
    why: 'Recibe este correo porque dejó su dirección al reservar. Por favor, no responda a este mensaje.',
  };
  const en = {
    title: 'How was your visit?',
    visit: `Thank you for visiting ${where(office)} on ${date(visit, 'en-GB')} for “${service}” (number ${number}).`,
    ask: 'Rate the service from 1 to 5 and, if you like, leave a comment: it takes a minute and helps us improve.',
    link: 'Rate my visit',
    until: `You can answer once, until ${time} on ${date(until, 'en-GB')}.`,
    why: 'You receive this email because you gave your address when booking. Please do not reply to this message.',
  };

  const text = [
    es.title,
    '',
    es.visit,
    es.ask,
    '',
    `${es.link}: ${url}`,
    '',
    es.until,
    es.why,
    '',
    '----',
    '',
    en.title,
    '',
    en.visit,
    en.ask,
    '',
    `${en.link}: ${url}`,
    '',
    en.until,
    en.why,
    '',
  ].join('\n');

  const section = (lang: 'es' | 'en', words: typeof es) => `<div lang="${lang === 'es' ? 'es-CL' : 'en'}">
<h1 style="font-size:20px;margin:0 0 12px">${escapeHtml(words.title)}</h1>
<p>${escapeHtml(words.visit)}</p>
<p>${escapeHtml(words.ask)}</p>
<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:separate;border-spacing:6px 0;margin:0 0 12px -6px"><tr>
${RATINGS[lang]
  .map(
    (label, i) =>
      `<td><a href="${escapeHtml(turnPageUrl(facts.publicUrl, facts.trackingCode, i + 1))}" style="display:block;min-width:64px;padding:8px 6px;border:1px solid #1f5c99;border-radius:6px;color:#1f5c99;text-decoration:none;text-align:center"><strong style="font-size:18px">${i + 1}</strong><br><span style="font-size:12px">${escapeHtml(label)}</span></a></td>`,
  )
  .join('\n')}
</tr></table>
<p><a href="${escapeHtml(url)}" style="color:#1f5c99">${escapeHtml(words.link)}</a></p>
<p style="color:#555;font-size:13px">${escapeHtml(words.until)}<br>${escapeHtml(words.why)}</p>
</div>`;

  const html = `<!doctype html>
<html lang="es-CL">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(es.title)} / ${escapeHtml(en.title)}</title></head>
<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a">
<div style="max-width:560px;margin:0 auto">
${section('es', es)}
<hr style="border:0;border-top:1px solid #ccc;margin:24px 0">
${section('en', en)}
</div>
</body>
</html>
`;

  return { subject: `${es.title} / ${en.title} – ${office}`, text, html };
}

/** Staff-entered names on one line: no line break can reach a header or reshape the text. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
