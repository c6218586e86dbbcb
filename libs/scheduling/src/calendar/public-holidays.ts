import Holidays from 'date-holidays';

/** Where an office's public holidays come from: a country and optionally its region (ISO 3166-2 subdivision). */
export interface HolidayRegion {
  country: string;
  region?: string | null;
}

/** Chile, where Turnero's offices are: the calendar default. */
export const CHILE_HOLIDAYS: HolidayRegion = { country: 'CL', region: null };

/**
 * Holiday names by local date, per "country|region|year". date-holidays rebuilds its rule set on
 * every construction, which is slow; the answer for a year never changes, so memoizing it is safe.
 */
const cache = new Map<string, Map<string, string[]>>();

/** Names of the public holidays (type "public" only, not bank or observance days) on a local date. */
export function publicHolidaysOn(where: HolidayRegion, localDate: string): string[] {
  const year = Number(localDate.slice(0, 4));
  const key = `${where.country.toUpperCase()}|${where.region?.toUpperCase() ?? ''}|${year}`;
  let byDate = cache.get(key);
  if (!byDate) {
    byDate = holidaysOfYear(where, year);
    cache.set(key, byDate);
  }
  return byDate.get(localDate) ?? [];
}

function holidaysOfYear(where: HolidayRegion, year: number): Map<string, string[]> {
  // date-holidays calls a country's first-level subdivisions "states" (Chile's regions included).
  const holidays = where.region
    ? new Holidays(where.country, where.region, { types: ['public'] })
    : new Holidays(where.country, { types: ['public'] });
  const byDate = new Map<string, string[]>();
  for (const holiday of holidays.getHolidays(year) ?? []) {
    if (holiday.type !== 'public') continue;
    // `date` is the holiday's local date and time ("2026-09-18 00:00:00"), free of any zone.
    const date = holiday.date.slice(0, 10);
    byDate.set(date, [...(byDate.get(date) ?? []), holiday.name]);
  }
  return byDate;
}
