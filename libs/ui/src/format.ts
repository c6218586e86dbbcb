import { intlLocale } from './i18n.js';

/**
 * A ticket number for screens and slips: upper case, with a non-breaking hyphen so "A-012" never
 * wraps between prefix and digits on a large display.
 */
export function formatTicketNumber(number: string): string {
  return number.trim().toUpperCase().replace(/-/g, '\u2011');
}

/**
 * A ticket number as it should be read aloud or by a screen reader ("A-012" → "A 12"), for
 * `aria-label` and speech synthesis; a hyphen is otherwise read as "minus".
 */
export function spokenTicketNumber(number: string): string {
  const match = /^\s*([A-Za-z]+)-?0*(\d+)\s*$/.exec(number);
  return match ? `${match[1].toUpperCase()} ${match[2]}` : number.trim();
}

/**
 * A phone number as staff read it aloud: the API stores E.164 (`+56912345678`); a Chilean mobile
 * shows as `+56 9 1234 5678`, a Chilean landline as `+56 2 2918 3746`; anything else as stored.
 */
export function formatPhone(phone: string): string {
  const chilean = /^\+56(\d)(\d{4})(\d{4})$/.exec(phone);
  return chilean ? `+56 ${chilean[1]} ${chilean[2]} ${chilean[3]}` : phone;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An instant (ISO 8601 with offset) as the office's wall-clock time: always in the office's time
 * zone (the browser's may differ), 24-hour in Spanish. Intl only: no date library in the browser.
 */
export function formatTime(instant: string | Date, timeZone: string, language = 'es'): string {
  return new Intl.DateTimeFormat(intlLocale(language), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/**
 * A date in words ("lunes, 1 de diciembre de 2026"). A calendar date `YYYY-MM-DD` is already the
 * office's local date and is shown as is; an instant is converted to the office's time zone.
 */
export function formatDate(value: string | Date, timeZone: string, language = 'es', style: 'full' | 'long' | 'medium' | 'short' = 'full'): string {
  const dateOnly = typeof value === 'string' ? DATE_ONLY.exec(value) : null;
  if (dateOnly) {
    const noonUtc = new Date(Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 12));
    return new Intl.DateTimeFormat(intlLocale(language), { timeZone: 'UTC', dateStyle: style }).format(noonUtc);
  }
  return new Intl.DateTimeFormat(intlLocale(language), { timeZone, dateStyle: style }).format(new Date(value));
}
