import { turnPageUrl } from '../../mail/rating-email.template.js';
import { SURVEY_WINDOW_DAYS } from '../../surveys/survey-window.js';
import { displayPhone, type Lang, links, longDate, minutesAfter, minutesBefore, oneLine, time } from './format.js';
import type { MessageBookingRef, MessageData, MessageOffice, MessageService, Rating } from './message-data.js';

/**
 * A message as blocks, one list per language: the plain text and the React (HTML) template are
 * both drawn from them, so the two parts of an email always say the same.
 */
export type Block =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  /** The booking code, large, with the QR image beside it in the HTML. */
  | { type: 'code'; label: string; code: string; qrAlt: string }
  | { type: 'facts'; rows: [label: string, value: string][] }
  | { type: 'list'; title: string; items: string[] }
  | { type: 'button'; label: string; url: string }
  | { type: 'link'; before: string; label: string; url: string }
  /** The rating email's five scores, each a link that preselects it. */
  | { type: 'scores'; items: { score: number; label: string; url: string }[] }
  | { type: 'small'; lines: string[] }
  /** The office's contact: a phone (tel: link) and an email address (mailto: link), on one line. */
  | { type: 'contact'; label: string; items: { text: string; url: string }[] };

export interface MessageContent {
  subject: string;
  /** The inbox preview line (Spanish). */
  preview: string;
  es: Block[];
  en: Block[];
}

const RATINGS: Record<Lang, string[]> = {
  es: ['Muy mala', 'Mala', 'Regular', 'Buena', 'Muy buena'],
  en: ['Very poor', 'Poor', 'Fair', 'Good', 'Very good'],
};

const WHY_BOOKING: Record<Lang, string> = {
  es: 'Recibe este correo porque dejó esta dirección al reservar. Por favor, no responda a este mensaje.',
  en: 'You receive this email because this address was given when booking. Please do not reply to this message.',
};

/** The message's words in both languages, with the office's contact when it has one. */
export function messageContent(message: MessageData): MessageContent {
  const content = kindContent(message);
  const contact = (lang: Lang) => contactBlock(message.office, lang);
  return { ...content, es: withContact(content.es, contact('es')), en: withContact(content.en, contact('en')) };
}

/** What each kind says. Everything staff typed is put on one line first. */
function kindContent(message: MessageData): MessageContent {
  const office = oneLine(message.office.name);
  switch (message.kind) {
    case 'booking_confirmed': {
      const c = (lang: Lang) => {
        const es = lang === 'es';
        return [
          { type: 'heading', text: es ? 'Su hora está reservada' : 'Your appointment is booked' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? 'Su reserva quedó confirmada. Al llegar a la oficina, muestre este código o el código QR.'
              : 'Your booking is confirmed. When you arrive at the office, show this code or the QR code.',
          },
          ...codeBlock(message.booking.code, lang),
          visitFacts(message, lang),
          ...checkInAndBring(message.service, message.booking, message.office.timeZone, lang),
          { type: 'button', label: es ? 'Ver mi reserva' : 'See my booking', url: links.booking(message.publicUrl, message.booking.code) },
          ...changeOrCancel(message.publicUrl, lang),
          { type: 'paragraph', text: es ? 'Adjuntamos el evento para su calendario (reserva.ics).' : 'The calendar event is attached (reserva.ics).' },
          { type: 'small', lines: [WHY_BOOKING[lang]] },
        ] satisfies Block[];
      };
      return { subject: `Reserva confirmada ${message.booking.code} / Booking confirmed – ${office}`, preview: previewOf(message, 'es'), es: c('es'), en: c('en') };
    }
    case 'booking_rescheduled': {
      const c = (lang: Lang) => {
        const es = lang === 'es';
        const before = `${longDate(message.previousSlotStart, message.office.timeZone, lang)}, ${time(message.previousSlotStart, message.office.timeZone)}`;
        return [
          { type: 'heading', text: es ? 'Su hora cambió' : 'Your appointment was moved' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Su reserva ${message.booking.code} ya no es el ${before}. Esta es su nueva hora:`
              : `Your booking ${message.booking.code} is no longer on ${before}. This is your new time:`,
          },
          ...codeBlock(message.booking.code, lang),
          visitFacts(message, lang),
          ...checkInAndBring(message.service, message.booking, message.office.timeZone, lang),
          { type: 'button', label: es ? 'Ver mi reserva' : 'See my booking', url: links.booking(message.publicUrl, message.booking.code) },
          ...changeOrCancel(message.publicUrl, lang),
          {
            type: 'paragraph',
            text: es ? 'Adjuntamos el evento actualizado para su calendario (reserva.ics).' : 'The updated calendar event is attached (reserva.ics).',
          },
          { type: 'small', lines: [WHY_BOOKING[lang]] },
        ] satisfies Block[];
      };
      return { subject: `Hora cambiada ${message.booking.code} / Appointment moved – ${office}`, preview: previewOf(message, 'es'), es: c('es'), en: c('en') };
    }
    case 'booking_cancelled': {
      const c = (lang: Lang) => {
        const es = lang === 'es';
        return [
          { type: 'heading', text: es ? 'Su reserva fue cancelada' : 'Your booking was cancelled' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Como lo pidió, cancelamos su reserva ${message.booking.code}. La hora quedó libre para otra persona.`
              : `As you asked, we cancelled your booking ${message.booking.code}. The time is now free for someone else.`,
          },
          visitFacts(message, lang, true),
          { type: 'button', label: es ? 'Reservar otra hora' : 'Book another time', url: links.bookAgain(message.publicUrl, message.officeId, message.service.id) },
          { type: 'small', lines: [WHY_BOOKING[lang]] },
        ] satisfies Block[];
      };
      return { subject: `Reserva cancelada ${message.booking.code} / Booking cancelled – ${office}`, preview: previewOf(message, 'es'), es: c('es'), en: c('en') };
    }
    case 'booking_cancelled_by_office': {
      const reason = oneLine(message.reason);
      const address = message.office.address ? oneLine(message.office.address) : null;
      const c = (lang: Lang) => {
        const es = lang === 'es';
        return [
          { type: 'heading', text: es ? 'La oficina canceló su hora' : 'The office cancelled your appointment' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Lamentamos informarle que ${office} no podrá atenderle en la hora reservada, por lo que su reserva ${message.booking.code} fue cancelada.`
              : `We are sorry: ${office} cannot see you at the booked time, so your booking ${message.booking.code} was cancelled.`,
          },
          { type: 'paragraph', text: `${es ? 'Motivo' : 'Reason'}: ${reason}` },
          visitFacts(message, lang, true),
          {
            type: 'paragraph',
            text: es ? 'Puede elegir otra hora para el mismo trámite, sin volver a empezar:' : 'You can pick another time for the same procedure:',
          },
          { type: 'button', label: es ? 'Elegir otra hora' : 'Pick another time', url: links.bookAgain(message.publicUrl, message.officeId, message.service.id) },
          {
            type: 'paragraph',
            text: address
              ? es
                ? `Si tiene dudas, consulte en la oficina: ${office}, ${address}.`
                : `If you have questions, ask at the office: ${office}, ${address}.`
              : es
                ? `Si tiene dudas, consulte en la oficina ${office}.`
                : `If you have questions, ask at the office ${office}.`,
          },
          { type: 'small', lines: [WHY_BOOKING[lang]] },
        ] satisfies Block[];
      };
      return {
        subject: `Su hora fue cancelada por la oficina ${message.booking.code} / Appointment cancelled by the office – ${office}`,
        preview: previewOf(message, 'es'),
        es: c('es'),
        en: c('en'),
      };
    }
    case 'reminder': {
      const c = (lang: Lang) => {
        const es = lang === 'es';
        const { slotStart } = message.booking;
        const zone = message.office.timeZone;
        return [
          { type: 'heading', text: es ? 'Recordatorio de su hora' : 'Appointment reminder' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Le recordamos su hora del ${longDate(slotStart, zone, lang)} a las ${time(slotStart, zone)}.`
              : `This is a reminder of your appointment on ${longDate(slotStart, zone, lang)} at ${time(slotStart, zone)}.`,
          },
          ...codeBlock(message.booking.code, lang),
          visitFacts(message, lang),
          ...checkInAndBring(message.service, message.booking, zone, lang),
          {
            type: 'link',
            before: es
              ? '¿No podrá asistir? Cancele su hora para que otra persona pueda usarla, en'
              : 'Cannot come? Cancel your appointment so that someone else can have it, in',
            label: es ? 'Mi reserva' : 'My booking',
            url: links.myBooking(message.publicUrl),
          },
          {
            type: 'small',
            lines: [WHY_BOOKING[lang], es ? `Para no recibir más recordatorios: ${message.unsubscribeUrl}` : `To stop receiving reminders: ${message.unsubscribeUrl}`],
          },
        ] satisfies Block[];
      };
      const zone = message.office.timeZone;
      return {
        subject: `Recordatorio: su hora del ${longDate(message.booking.slotStart, zone, 'es')} a las ${time(message.booking.slotStart, zone)} / Reminder – ${office}`,
        preview: previewOf(message, 'es'),
        es: c('es'),
        en: c('en'),
      };
    }
    case 'office_notice': {
      const text = oneLine(message.message);
      const zone = message.office.timeZone;
      const c = (lang: Lang) => {
        const es = lang === 'es';
        const from = `${longDate(message.from, zone, lang)}, ${time(message.from, zone)}`;
        const to = `${longDate(message.to, zone, lang)}, ${time(message.to, zone)}`;
        return [
          { type: 'heading', text: es ? `Aviso de ${office}` : `Notice from ${office}` },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          { type: 'paragraph', text },
          { type: 'paragraph', text: es ? `Vigente desde el ${from} hasta el ${to}.` : `In force from ${from} until ${to}.` },
          ...(message.appointment
            ? ([
                { type: 'paragraph', text: es ? 'Usted tiene una hora reservada en ese periodo:' : 'You have an appointment in that period:' },
                visitFacts({ office: message.office, ...message.appointment }, lang, true),
              ] satisfies Block[])
            : ([{ type: 'facts', rows: [[es ? 'Oficina' : 'Office', office], ...addressRow(message.office.address, lang)] }] satisfies Block[])),
          { type: 'button', label: es ? 'Ver horas disponibles' : 'See available times', url: links.office(message.publicUrl, message.officeId) },
          ...changeOrCancel(message.publicUrl, lang),
          {
            type: 'small',
            lines: [
              es
                ? 'Recibe este aviso porque tiene una hora reservada en esta oficina. Por favor, no responda a este mensaje.'
                : 'You receive this notice because you have an appointment at this office. Please do not reply to this message.',
            ],
          },
        ] satisfies Block[];
      };
      const code = message.appointment ? ` (${message.appointment.booking.code})` : '';
      return { subject: `Aviso de ${office}${code} / Notice from ${office}`, preview: text, es: c('es'), en: c('en') };
    }
    case 'rating':
      return ratingContent(message, office);
  }
}

/** The rating email (apps/api/src/mail/rating-email.template.ts), with the same subject, links and scores. */
function ratingContent(message: Rating, office: string): MessageContent {
  const address = message.office.address ? oneLine(message.office.address) : null;
  const service = oneLine(message.serviceName);
  const number = oneLine(message.number);
  const zone = message.office.timeZone;
  const url = turnPageUrl(message.publicUrl, message.trackingCode);
  // The window is exact hours (surveyWindowOpen), not calendar days: across a DST change they differ.
  const until = minutesAfter(message.completedAt, 24 * 60 * SURVEY_WINDOW_DAYS);
  const where = address ? `${office} (${address})` : office;
  const date = (instant: Date, lang: Lang) => longDate(instant, zone, lang);
  const c = (lang: Lang): Block[] => {
    const es = lang === 'es';
    return [
      { type: 'heading', text: es ? '¿Cómo fue su atención?' : 'How was your visit?' },
      {
        type: 'paragraph',
        text: es
          ? `Gracias por su visita a ${where} el ${date(message.completedAt, lang)}, por el trámite «${service}» (número ${number}).`
          : `Thank you for visiting ${where} on ${date(message.completedAt, lang)} for “${service}” (number ${number}).`,
      },
      {
        type: 'paragraph',
        text: es
          ? 'Califique la atención de 1 a 5 y, si quiere, déjenos un comentario: le toma un minuto y nos ayuda a mejorar.'
          : 'Rate the service from 1 to 5 and, if you like, leave a comment: it takes a minute and helps us improve.',
      },
      { type: 'scores', items: RATINGS[lang].map((label, i) => ({ score: i + 1, label, url: turnPageUrl(message.publicUrl, message.trackingCode, i + 1) })) },
      { type: 'link', before: '', label: es ? 'Calificar mi atención' : 'Rate my visit', url },
      {
        type: 'small',
        lines: [
          es
            ? `Puede responder una sola vez, hasta el ${date(until, lang)} a las ${time(until, zone)}.`
            : `You can answer once, until ${time(until, zone)} on ${date(until, lang)}.`,
          es
            ? 'Recibe este correo porque dejó su dirección al reservar. Por favor, no responda a este mensaje.'
            : 'You receive this email because you gave your address when booking. Please do not reply to this message.',
        ],
      },
    ];
  };
  return { subject: `¿Cómo fue su atención? / How was your visit? – ${office}`, preview: `Gracias por su visita a ${office}.`, es: c('es'), en: c('en') };
}

/** The office's phone and email address, when it has either (offices.contact_phone / contact_email). */
function contactBlock(office: MessageOffice, lang: Lang): Block | null {
  const items = [
    ...(office.contactPhone ? [{ text: displayPhone(office.contactPhone), url: links.call(office.contactPhone) }] : []),
    ...(office.contactEmail ? [{ text: oneLine(office.contactEmail), url: links.mail(oneLine(office.contactEmail)) }] : []),
  ];
  return items.length > 0 ? { type: 'contact', label: lang === 'es' ? 'Contacto de la oficina' : 'Office contact', items } : null;
}

/** The contact goes just above the footer (the last small print), or last when there is none. */
function withContact(blocks: Block[], contact: Block | null): Block[] {
  if (!contact) return blocks;
  const footer = blocks.at(-1)?.type === 'small' ? blocks.length - 1 : blocks.length;
  return [...blocks.slice(0, footer), contact, ...blocks.slice(footer)];
}

function codeBlock(code: string, lang: Lang): Block[] {
  return [
    lang === 'es'
      ? { type: 'code', label: 'Código de reserva', code, qrAlt: `Código QR de la reserva ${code}` }
      : { type: 'code', label: 'Booking code', code, qrAlt: `QR code of booking ${code}` },
  ];
}

function addressRow(address: string | null, lang: Lang): [string, string][] {
  return address ? [[lang === 'es' ? 'Dirección' : 'Address', oneLine(address)]] : [];
}

/** Procedure, day, time and place of an appointment. */
function visitFacts(message: { office: MessageOffice; service: Pick<MessageService, 'name'>; booking: MessageBookingRef }, lang: Lang, withCode = false): Block {
  const es = lang === 'es';
  const zone = message.office.timeZone;
  return {
    type: 'facts',
    rows: [
      [es ? 'Trámite' : 'Procedure', oneLine(message.service.name)],
      // A group's one message (to its holder) says how many are expected; one person's says nothing of it.
      ...((message.booking.partySize ?? 1) > 1 ? [[es ? 'Personas' : 'People', String(message.booking.partySize)] satisfies [string, string]] : []),
      [es ? 'Fecha' : 'Date', longDate(message.booking.slotStart, zone, lang)],
      [es ? 'Hora' : 'Time', time(message.booking.slotStart, zone)],
      [es ? 'Oficina' : 'Office', oneLine(message.office.name)],
      ...addressRow(message.office.address, lang),
      // The emails that show the code above (with its QR) don't repeat it.
      ...(withCode ? [[es ? 'Código' : 'Code', message.booking.code] satisfies [string, string]] : []),
    ],
  };
}

/** When the office takes the arrival (services' check-in window) and what to bring. */
function checkInAndBring(service: Omit<MessageService, 'id'>, booking: MessageBookingRef, zone: string, lang: Lang): Block[] {
  const es = lang === 'es';
  const from = time(minutesBefore(booking.slotStart, service.checkInBeforeMinutes), zone);
  const until = time(minutesAfter(booking.slotStart, service.checkInGraceMinutes), zone);
  const blocks: Block[] = [
    {
      type: 'paragraph',
      text: es
        ? `Registre su llegada en la oficina entre las ${from} y las ${until}; después de esa hora, la reserva ya no se puede usar.`
        : `Check in at the office between ${from} and ${until}; after that, the booking can no longer be used.`,
    },
  ];
  const requirements = service.requirements.map(oneLine).filter(Boolean);
  if (requirements.length > 0) blocks.push({ type: 'list', title: es ? 'Traiga:' : 'Bring:', items: requirements });
  return blocks;
}

function changeOrCancel(publicUrl: string, lang: Lang): Block[] {
  return [
    lang === 'es'
      ? { type: 'link', before: 'Para cambiar la hora o cancelarla, entre con su código y su documento a', label: 'Mi reserva', url: links.myBooking(publicUrl) }
      : { type: 'link', before: 'To change or cancel it, sign in with your code and your document at', label: 'My booking', url: links.myBooking(publicUrl) },
  ];
}

function previewOf(message: { office: MessageOffice; booking: MessageBookingRef }, lang: Lang): string {
  const zone = message.office.timeZone;
  return `${message.booking.code} · ${longDate(message.booking.slotStart, zone, lang)}, ${time(message.booking.slotStart, zone)} · ${oneLine(message.office.name)}`;
}
