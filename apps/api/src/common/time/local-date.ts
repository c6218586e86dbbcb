/**
 * Office-local dates of instants without building luxon DateTimes: the booking path asks this
 * several times per request, and a DateTime with a zone costs tens of microseconds where a cached
 * Intl formatter costs a few. Calendar arithmetic proper stays in libs/scheduling (luxon).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The date (YYYY-MM-DD) at `instantMs` in the IANA zone `timeZone`. */
export function localDateIn(instantMs: number, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instantMs);
}
