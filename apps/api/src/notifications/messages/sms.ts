import { dayMonth, displayPhone, links, minutesAfter, minutesBefore, oneLine, time } from './format.js';
import type { MessageData } from './message-data.js';

/** The kinds sent by SMS: all but the rating request (email only). */
export type SmsMessageData = Exclude<MessageData, { kind: 'rating' }>;

/** Longest text we send: two concatenated segments (153 + 153 GSM-7 septets, or 67 + 67 UCS-2 units). */
export const MAX_SMS_SEGMENTS = 2;

// GSM 03.38: the basic alphabet (one septet each) and its extension table (escape + char: two).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export interface SmsSegments {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7, extension characters count two) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** How many SMS segments a text takes, as the networks count them. */
export function countSegments(text: string): SmsSegments {
  let septets = 0;
  for (const char of text) {
    if (GSM_BASIC.has(char)) septets += 1;
    else if (GSM_EXTENDED.has(char)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

const REPLACEMENTS: Record<string, string> = {
  á: 'a', í: 'i', ó: 'o', ú: 'u', Á: 'A', Í: 'I', Ó: 'O', Ú: 'U', â: 'a', ê: 'e', î: 'i', ô: 'o', û: 'u', ë: 'e', ï: 'i', ç: 'c',
  '“': '"', '”': '"', '«': '"', '»': '"', '‘': "'", '’': "'", '–': '-', '—': '-', '…': '...', '\u00a0': ' ', '\t': ' ',
};

/**
 * Spanish in GSM-7: the letters the alphabet lacks lose their accent (á → a; ñ, é, ¿ and ¡ are in
 * it), typographic quotes and dashes become plain ones, other accented letters lose their mark. A
 * character with no GSM-7 form (an emoji, another script) stays, and makes the text UCS-2.
 */
export function toGsm7(text: string): string {
  let out = '';
  for (const char of text) {
    if (GSM_BASIC.has(char) || GSM_EXTENDED.has(char)) out += char;
    else if (REPLACEMENTS[char] !== undefined) out += REPLACEMENTS[char];
    else {
      const bare = char.normalize('NFD').replace(/\p{M}+/gu, '');
      out += [...bare].every((c) => GSM_BASIC.has(c)) ? bare : char;
    }
  }
  return out;
}

/** Staff-typed values that may be shortened, in the order they give way. */
type Fields = Partial<Record<'office' | 'address' | 'service' | 'reason' | 'message', string>>;
/** The shortest a shortened field gets ("Municipalidad..."). */
const MIN_FIELD = 16;

/**
 * The SMS for a message: Spanish, GSM-7 (accents dropped where the alphabet lacks them), in at
 * most two segments, a short English line when it fits. Long office, procedure or staff-written
 * texts are shortened ("…" as "...") before anything else is given up. No personal data: the code,
 * the time, the place, and links that carry ids and codes only.
 */
export function renderSms(message: SmsMessageData): string {
  const zone = message.office.timeZone;
  const office = oneLine(message.office.name);
  const address = message.office.address ? oneLine(message.office.address) : null;
  const at = (instant: Date) => `${dayMonth(instant, zone)} a las ${time(instant, zone)}`;
  const atEn = (instant: Date) => `${dayMonth(instant, zone)} ${time(instant, zone)}`;
  const place = (f: Fields) => (f.address ? `${f.office}, ${f.address}` : f.office!);
  const myBooking = links.myBooking(message.publicUrl);

  switch (message.kind) {
    case 'booking_confirmed': {
      const { code, slotStart } = message.booking;
      const from = time(minutesBefore(slotStart, message.service.checkInBeforeMinutes), zone);
      const base = (f: Fields) => `Reserva ${code} confirmada: ${f.service}, ${at(slotStart)} en ${place(f)}. Llegue desde las ${from}. Cambiar o cancelar: ${myBooking}`;
      return fit(
        [(f) => `${base(f)}\nBooking ${code} confirmed: ${atEn(slotStart)}.`, base, (f) => base({ ...f, address: undefined })],
        { service: oneLine(message.service.name), office, address: address ?? undefined },
      );
    }
    case 'booking_rescheduled': {
      const { code, slotStart } = message.booking;
      const base = (f: Fields) => `Su hora ${code} cambió al ${at(slotStart)}: ${f.service} en ${place(f)}. Mi reserva: ${myBooking}`;
      return fit(
        [(f) => `${base(f)}\nBooking ${code} moved to ${atEn(slotStart)}.`, base, (f) => base({ ...f, address: undefined })],
        { service: oneLine(message.service.name), office, address: address ?? undefined },
      );
    }
    case 'booking_cancelled': {
      const { code, slotStart } = message.booking;
      const again = links.bookAgain(message.publicUrl, message.officeId, message.service.id);
      const base = (f: Fields, link: string) => `Reserva ${code} cancelada (${f.service}, ${at(slotStart)}, ${f.office}). Para reservar otra hora: ${link}`;
      return fit(
        [(f) => `${base(f, again)}\nBooking ${code} cancelled.`, (f) => base(f, again), (f) => base(f, `${message.publicUrl}/reservar`)],
        { service: oneLine(message.service.name), office },
      );
    }
    case 'booking_cancelled_by_office': {
      const { code, slotStart } = message.booking;
      const again = links.bookAgain(message.publicUrl, message.officeId, message.service.id);
      // The office's phone, to ask about the closure: given up before the rebooking link's procedure when both don't fit.
      const phone = message.office.contactPhone ? ` Consultas: ${displayPhone(message.office.contactPhone)}.` : '';
      const base = (f: Fields, link: string, contact = phone) => `${f.office} canceló su hora ${code} del ${at(slotStart)}. Motivo: ${f.reason}.${contact} Elija otra hora: ${link}`;
      const fields = { office, reason: oneLine(message.reason) };
      const english = (f: Fields) => `${base(f, again)}\nYour booking ${code} was cancelled by the office.`;
      // The English line only as written in full: the office's name, the reason and the phone come first.
      const withEnglish = countSegments(toGsm7(english(fields))).segments <= MAX_SMS_SEGMENTS ? [english] : [];
      return fit([...withEnglish, (f) => base(f, again), (f) => base(f, again, ''), (f) => base(f, `${message.publicUrl}/reservar`, '')], fields);
    }
    case 'reminder': {
      const { code, slotStart } = message.booking;
      const from = time(minutesBefore(slotStart, message.service.checkInBeforeMinutes), zone);
      const until = time(minutesAfter(slotStart, message.service.checkInGraceMinutes), zone);
      const base = (f: Fields) =>
        `Recordatorio: su hora ${code} es el ${at(slotStart)} en ${place(f)}. Registre su llegada entre las ${from} y las ${until}. Si no puede ir, cancele para liberar la hora: ${myBooking}`;
      return fit([(f) => `${base(f)}\nReminder: ${atEn(slotStart)}.`, base, (f) => base({ ...f, address: undefined })], { office, address: address ?? undefined });
    }
    case 'office_notice': {
      const period = `${dayMonth(message.from, zone)}-${dayMonth(message.to, zone)}`;
      const booking = message.appointment ? `, su reserva ${message.appointment.booking.code}` : '';
      const base = (f: Fields) => `Aviso de ${f.office} (${period}${booking}): ${f.message}`;
      return fit([(f) => `${base(f)}\nNotice from the office.`, base], { office, message: oneLine(message.message) });
    }
  }
}

/**
 * The first variant (most complete first) that fits in two segments. Staff-typed fields give way
 * evenly: the longest is shortened, down to the next longest, until the text fits (none below
 * MIN_FIELD). If even the last variant does not fit that way, it is cut at the end.
 */
function fit(variants: ((fields: Fields) => string)[], fields: Fields): string {
  const keys = (Object.keys(fields) as (keyof Fields)[]).filter((key) => fields[key] !== undefined);
  let fallback = '';
  for (const variant of variants) {
    const caps = new Map(keys.map((key) => [key, fields[key]!.length]));
    for (;;) {
      const shortened = Object.fromEntries(keys.map((key) => [key, shorten(fields[key]!, caps.get(key)!)])) as Fields;
      // A field cut with "..." before the template's own full stop: one "...".
      const text = toGsm7(variant({ ...fields, ...shortened })).replace(/\.{3}\./g, '...');
      const count = countSegments(text);
      if (count.segments <= MAX_SMS_SEGMENTS) return text;
      fallback = text;
      const over = count.units - (count.encoding === 'GSM-7' ? 153 : 67) * MAX_SMS_SEGMENTS;
      const shrinkable = [...caps].filter(([, cap]) => cap > MIN_FIELD).sort((a, b) => b[1] - a[1]);
      if (shrinkable.length === 0) break;
      const [[key, cap], next] = shrinkable;
      const floor = Math.max(MIN_FIELD, next?.[1] ?? MIN_FIELD);
      // Down to the next longest at most; fields of equal length take turns, a share of the excess each.
      const step = Math.max(1, Math.ceil(over / shrinkable.length));
      caps.set(key, Math.max(MIN_FIELD, Math.min(cap - step, Math.max(floor, cap - over))));
    }
  }
  return cutTo(fallback);
}

/** `value` in at most `length` characters, cut at a word when one is near, ending in "...". */
function shorten(value: string, length: number): string {
  if (value.length <= length) return value;
  // UTF-16 units, as the length: never the high half of a surrogate pair at the end.
  const cut = value.slice(0, length - 3).replace(/[\uD800-\uDBFF]$/, '').trimEnd();
  const space = cut.lastIndexOf(' ');
  return `${space >= length * 0.6 ? cut.slice(0, space) : cut}...`;
}

function cutTo(text: string): string {
  let out = '';
  for (const char of text) {
    const next = out + char;
    if (countSegments(`${next}...`).segments > MAX_SMS_SEGMENTS) return `${out.trimEnd()}...`;
    out = next;
  }
  return out;
}
