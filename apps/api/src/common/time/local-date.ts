/**
 * Office-local dates of instants without building luxon DateTimes: the booking path asks this
 * several times per request, and a DateTime with a zone costs tens of microseconds where a cached
 * Intl formatter costs a few. Calendar arithmetic proper stays in libs/scheduling (luxon).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * Per zone, the date of each quarter hour (UTC) whose first and last millisecond fall on the same
 * local date. UTC offsets and their changes are whole quarter hours in every zone of the time-zone
 * database since long before 1970 (the last odd ones, local mean times, ended in the 1900s), so
 * local midnight and any offset change fall on a quarter-hour boundary, and a quarter hour whose
 * two ends share a date has that date throughout. A quarter hour whose ends differ is never
 * cached: Intl answers for each instant in it. At most QUARTERS_KEPT per zone, then cleared.
 */
const QUARTER_MS = 15 * 60_000;
const QUARTERS_KEPT = 50_000;
const quarters = new Map<string, Map<number, string>>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The date (YYYY-MM-DD) at `instantMs` in the IANA zone `timeZone`. */
export function localDateIn(instantMs: number, timeZone: string): string {
  let byQuarter = quarters.get(timeZone);
  if (!byQuarter) {
    byQuarter = new Map();
    quarters.set(timeZone, byQuarter);
  }
  const quarter = Math.floor(instantMs / QUARTER_MS);
  const known = byQuarter.get(quarter);
  if (known !== undefined) return known;
  const format = formatterOf(timeZone);
  const date = format.format(instantMs);
  if (Number.isFinite(quarter) && format.format(quarter * QUARTER_MS) === date && format.format(quarter * QUARTER_MS + QUARTER_MS - 1) === date) {
    if (byQuarter.size >= QUARTERS_KEPT) byQuarter.clear();
    byQuarter.set(quarter, date);
  }
  return date;
}
