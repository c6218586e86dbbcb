import type { Block, MessageContent } from './content.js';
import { dayMonth, displayPhone, type Lang, links, longDate, oneLine, time } from './format.js';
import type { MessageOffice } from './message-data.js';
import { countSegments, MAX_SMS_SEGMENTS, toGsm7 } from './sms.js';

/** The waitlist's messages (issue #18), as the outbox kinds name them. */
export const WAITLIST_MESSAGE_KINDS = ['waitlist_joined', 'waitlist_offer', 'waitlist_offer_expired', 'waitlist_removed'] as const;
export type WaitlistMessageKind = (typeof WAITLIST_MESSAGE_KINDS)[number];

/**
 * What a waitlist message says: the entry's code, procedure, office and range; for an offer, the
 * slot and until when it is held. Never the person's name, document or contact.
 */
export interface WaitlistMessageData {
  kind: WaitlistMessageKind;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  officeId: string;
  office: MessageOffice;
  service: { id: string; name: string };
  code: string;
  /** The wished range, office-local dates. */
  from: string;
  to: string;
  /** The held seat (waitlist_offer). */
  offer?: { slotStart: Date; expiresAt: Date };
  /** waitlist_offer_expired: the entry was removed by this expiry (its second miss), rather than kept in line. */
  removed?: boolean;
}

/** `/lista-espera/{code}`: the entry's page, which asks for the document before showing anything. */
export function waitlistPageUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/lista-espera/${encodeURIComponent(code)}`;
}

/** A local date ('YYYY-MM-DD') in words ("lunes, 7 de diciembre de 2026"). */
function dateInWords(localDate: string, lang: Lang): string {
  return longDate(new Date(`${localDate}T12:00:00Z`), 'UTC', lang);
}

/** "07/12" (SMS). */
function dateShort(localDate: string): string {
  const [, month, day] = localDate.split('-');
  return `${day}/${month}`;
}

const WHY: Record<Lang, string> = {
  es: 'Recibe este mensaje porque dejó esta dirección al inscribirse en la lista de espera. Por favor, no responda a este mensaje.',
  en: 'You receive this message because this address was given when joining the waitlist. Please do not reply to this message.',
};

/** The email's words, Spanish (Chile) first and English below. */
export function waitlistMessageContent(message: WaitlistMessageData): MessageContent {
  const office = oneLine(message.office.name);
  const service = oneLine(message.service.name);
  const zone = message.office.timeZone;
  const url = waitlistPageUrl(message.publicUrl, message.code);
  const blocks = (lang: Lang): Block[] => {
    const es = lang === 'es';
    const range = es
      ? `del ${dateInWords(message.from, lang)} al ${dateInWords(message.to, lang)}`
      : `from ${dateInWords(message.from, lang)} to ${dateInWords(message.to, lang)}`;
    const facts: Block = {
      type: 'facts',
      rows: [
        [es ? 'Código de la lista de espera' : 'Waitlist code', message.code],
        [es ? 'Trámite' : 'Procedure', service],
        [es ? 'Oficina' : 'Office', office],
        ...(message.office.address ? [[es ? 'Dirección' : 'Address', oneLine(message.office.address)] satisfies [string, string]] : []),
      ],
    };
    const page: Block = { type: 'button', label: es ? 'Ver mi lugar en la lista' : 'See my place in line', url };
    const again: Block = { type: 'button', label: es ? 'Ver horas disponibles' : 'See available times', url: links.bookAgain(message.publicUrl, message.officeId, message.service.id) };
    const contact = contactBlock(message.office, lang);
    const tail = [...(contact ? [contact] : []), { type: 'small', lines: [WHY[lang]] } satisfies Block];
    switch (message.kind) {
      case 'waitlist_joined':
        return [
          { type: 'heading', text: es ? 'Está en la lista de espera' : 'You are on the waitlist' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Si se libera una hora de «${service}» ${range} que le sirva, se la reservaremos por un tiempo y le avisaremos para que la confirme. Guarde su código: con él y su documento puede ver su lugar en la lista o salir de ella.`
              : `If a time for “${service}” ${range} that suits you is freed, we will hold it for you for a while and let you know so that you can confirm it. Keep your code: with it and your document you can see your place in line or leave it.`,
          },
          facts,
          page,
          ...tail,
        ];
      case 'waitlist_offer': {
        const offer = message.offer!;
        const slot = `${longDate(offer.slotStart, zone, lang)}, ${time(offer.slotStart, zone)}`;
        const until = es
          ? `${time(offer.expiresAt, zone)} del ${longDate(offer.expiresAt, zone, lang)}`
          : `${time(offer.expiresAt, zone)} on ${longDate(offer.expiresAt, zone, lang)}`;
        return [
          { type: 'heading', text: es ? 'Se liberó una hora para usted' : 'A time was freed for you' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? `Le reservamos esta hora hasta las ${until}. Confírmela antes en la página de su lista de espera (le pediremos su documento); si no la confirma, pasará a la siguiente persona.`
              : `We hold this time for you until ${until}. Confirm it before then on your waitlist page (you will be asked for your document); otherwise it goes to the next person.`,
          },
          { type: 'facts', rows: [[es ? 'Hora' : 'Time', slot], ...(facts.type === 'facts' ? facts.rows : [])] },
          { type: 'button', label: es ? 'Confirmar hora' : 'Confirm this time', url },
          {
            type: 'paragraph',
            text: es ? 'Si esta hora no le sirve, puede rechazarla en la misma página y seguirá en la lista.' : 'If this time does not suit you, you can decline it on the same page and stay in line.',
          },
          ...tail,
        ];
      }
      case 'waitlist_offer_expired':
        return message.removed
          ? [
              { type: 'heading', text: es ? 'Salió de la lista de espera' : 'You left the waitlist' },
              { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
              {
                type: 'paragraph',
                text: es
                  ? 'La hora que le reservamos no fue confirmada a tiempo y pasó a la siguiente persona. Como es la segunda hora que no se usa, su inscripción en la lista de espera terminó. Puede buscar otra hora o volver a inscribirse.'
                  : 'The time we held for you was not confirmed in time and went to the next person. As it is the second time not taken, your place on the waitlist has ended. You can look for another time or join again.',
              },
              facts,
              again,
              ...tail,
            ]
          : [
              { type: 'heading', text: es ? 'La hora reservada venció' : 'The held time has expired' },
              { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
              {
                type: 'paragraph',
                text: es
                  ? 'La hora que le reservamos no fue confirmada a tiempo y pasó a la siguiente persona. Usted sigue en la lista, en el mismo lugar; si la próxima hora ofrecida tampoco se confirma, saldrá de la lista.'
                  : 'The time we held for you was not confirmed in time and went to the next person. You stay in line, in the same place; if the next time offered is not confirmed either, you will leave the list.',
              },
              facts,
              page,
              ...tail,
            ];
      case 'waitlist_removed':
        return [
          { type: 'heading', text: es ? 'Salió de la lista de espera' : 'You left the waitlist' },
          { type: 'paragraph', text: es ? 'Estimado/a:' : 'Hello,' },
          {
            type: 'paragraph',
            text: es
              ? 'Como no tomó dos de las horas que le ofrecimos, su inscripción en la lista de espera terminó. Puede buscar otra hora o volver a inscribirse.'
              : 'As two of the times we offered you were not taken, your place on the waitlist has ended. You can look for another time or join again.',
          },
          facts,
          again,
          ...tail,
        ];
    }
  };
  const subject = {
    waitlist_joined: `Lista de espera ${message.code} / You are on the waitlist – ${office}`,
    waitlist_offer: `Se liberó una hora: confírmela / A time was freed for you – ${office}`,
    waitlist_offer_expired: message.removed
      ? `Salió de la lista de espera ${message.code} / You left the waitlist – ${office}`
      : `La hora reservada venció ${message.code} / The held time expired – ${office}`,
    waitlist_removed: `Salió de la lista de espera ${message.code} / You left the waitlist – ${office}`,
  }[message.kind];
  return { subject, preview: subject.split(' / ')[0]!, es: blocks('es'), en: blocks('en') };
}

/** The SMS: Spanish, GSM-7, at most two segments; the code, the times and the link only. */
export function waitlistSms(message: WaitlistMessageData): string {
  const url = waitlistPageUrl(message.publicUrl, message.code);
  const zone = message.office.timeZone;
  const variant = (office: string, english: boolean) => {
    switch (message.kind) {
      case 'waitlist_joined':
        return `${office}: esta en la lista de espera (${dateShort(message.from)}-${dateShort(message.to)}), codigo ${message.code}. Le avisaremos si se libera una hora: ${url}${english ? '\nYou are on the waitlist.' : ''}`;
      case 'waitlist_offer': {
        const { slotStart, expiresAt } = message.offer!;
        return `${office}: se libero una hora para usted, ${dayMonth(slotStart, zone)} a las ${time(slotStart, zone)}. Confirmela antes de las ${time(expiresAt, zone)} del ${dayMonth(expiresAt, zone)} en ${url}${english ? `\nA time was freed for you; confirm by ${time(expiresAt, zone)}.` : ''}`;
      }
      case 'waitlist_offer_expired':
        return message.removed
          ? `${office}: la hora reservada no se confirmo a tiempo y salio de la lista de espera ${message.code}.${english ? '\nYou left the waitlist.' : ''}`
          : `${office}: la hora reservada no se confirmo a tiempo. Sigue en la lista de espera ${message.code}: ${url}${english ? '\nThe held time expired; you stay in line.' : ''}`;
      case 'waitlist_removed':
        return `${office}: salio de la lista de espera ${message.code} por no tomar dos horas ofrecidas.${english ? '\nYou left the waitlist.' : ''}`;
    }
  };
  const office = oneLine(message.office.name);
  const fits = (text: string) => countSegments(toGsm7(text)).segments <= MAX_SMS_SEGMENTS;
  for (const candidate of [variant(office, true), variant(office, false)]) if (fits(candidate)) return toGsm7(candidate);
  let shortened = office;
  while (shortened.length > 16 && !fits(variant(`${shortened}...`, false))) shortened = shortened.slice(0, -4).trimEnd();
  return toGsm7(variant(shortened === office ? office : `${shortened}...`, false));
}

function contactBlock(office: MessageOffice, lang: Lang): Block | null {
  const items = [
    ...(office.contactPhone ? [{ text: displayPhone(office.contactPhone), url: links.call(office.contactPhone) }] : []),
    ...(office.contactEmail ? [{ text: oneLine(office.contactEmail), url: links.mail(oneLine(office.contactEmail)) }] : []),
  ];
  return items.length > 0 ? { type: 'contact', label: lang === 'es' ? 'Contacto de la oficina' : 'Office contact', items } : null;
}
