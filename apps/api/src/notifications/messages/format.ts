import { DateTime } from 'luxon';

export type Lang = 'es' | 'en';
/** The locales of each language: Chilean Spanish; British English has day-month order like Chile's. */
export const LOCALE: Record<Lang, string> = { es: 'es-CL', en: 'en-GB' };

/** Staff-entered text on one line: no line break can reach a header or reshape the text. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * A phone in E.164 as people read it: Chilean numbers grouped (+56 9 1234 5678, +56 2 2345 6789,
 * +56 51 221 3400 for a regional line), others as stored.
 */
export function displayPhone(e164: string): string {
  const mobileOrSantiago = /^\+56([29])(\d{4})(\d{4})$/.exec(e164);
  if (mobileOrSantiago) return `+56 ${mobileOrSantiago[1]} ${mobileOrSantiago[2]} ${mobileOrSantiago[3]}`;
  const regional = /^\+56(\d{2})(\d{3})(\d{4})$/.exec(e164);
  return regional ? `+56 ${regional[1]} ${regional[2]} ${regional[3]}` : e164;
}

export function at(instant: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone });
}

/**
 * The formatted dates and times of messages, by format, instant, zone and language. A burst of
 * reminders formats the same few slots thousands of times, and each luxon DateTime in a zone asks
 * Intl for the zone's offset (a tenth of a message's CPU in bench/notifications' profile). What a
 * format gives for an instant and zone never changes, so it is kept; the map is emptied when full.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 10_000;

function memo(format: string, instant: Date, timeZone: string, lang: Lang | '', compute: () => string): string {
  const key = `${format}|${instant.getTime()}|${timeZone}|${lang}`;
  let value = formatted.get(key);
  if (value === undefined) {
    value = compute();
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(key, value);
  }
  return value;
}

/** "lunes, 7 de diciembre de 2026" / "Monday 7 December 2026". */
export function longDate(instant: Date, timeZone: string, lang: Lang): string {
  return memo('long', instant, timeZone, lang, () => at(instant, timeZone).setLocale(LOCALE[lang]).toLocaleString(DateTime.DATE_HUGE));
}

/** "7 dic 2026" / "7 Dec 2026" (SMS). */
export function shortDate(instant: Date, timeZone: string, lang: Lang): string {
  return memo('short', instant, timeZone, lang, () => at(instant, timeZone).setLocale(LOCALE[lang]).toLocaleString(DateTime.DATE_MED));
}

/** 24-hour local time, "09:30", in Chile and in the English text alike. */
export function time(instant: Date, timeZone: string): string {
  return memo('time', instant, timeZone, '', () => at(instant, timeZone).toFormat('HH:mm'));
}

/** "dd/MM" (SMS). */
export function dayMonth(instant: Date, timeZone: string): string {
  return memo('dayMonth', instant, timeZone, '', () => at(instant, timeZone).toFormat('dd/MM'));
}

export function minutesBefore(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() - minutes * 60_000);
}

export function minutesAfter(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * 60_000);
}

/**
 * The applicant site's links (apps/web routes). Only ids and codes: never a name, document,
 * address or phone.
 */
export const links = {
  /** `/reserva/{code}`: the booking's code, QR and calendar link. */
  booking: (publicUrl: string, code: string) => `${publicUrl}/reserva/${encodeURIComponent(code)}`,
  /** `/mi-reserva`: look the booking up (code + document) to cancel or reschedule it. */
  myBooking: (publicUrl: string) => `${publicUrl}/mi-reserva`,
  /** `/reservar?oficina=…&tramite=…`: the booking site on the same office and procedure. */
  bookAgain: (publicUrl: string, officeId: string, serviceId: string) =>
    `${publicUrl}/reservar?oficina=${encodeURIComponent(officeId)}&tramite=${encodeURIComponent(serviceId)}`,
  /** The office's phone (E.164) for a tap to call. */
  call: (e164: string) => `tel:${e164}`,
  /** The office's email address. */
  mail: (address: string) => `mailto:${address}`,
  /** `/reservar?oficina=…`. */
  office: (publicUrl: string, officeId: string) => `${publicUrl}/reservar?oficina=${encodeURIComponent(officeId)}`,
};
