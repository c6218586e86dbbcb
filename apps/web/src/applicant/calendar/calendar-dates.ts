/**
 * Calendar arithmetic on the office's local dates ('YYYY-MM-DD'), which are not instants: they are
 * handled as UTC midnights so that no browser time zone or daylight-saving change shifts them.
 */

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const date = toDate(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIso(date);
}

/** The first day of the month `months` after the month of `iso`. */
export function addMonths(iso: string, months: number): string {
  const date = toDate(iso);
  return toIso(new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)));
}

export function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

export function monthEnd(iso: string): string {
  return addDays(addMonths(iso, 1), -1);
}

/** 0 = Monday … 6 = Sunday (Chilean calendars start on Monday). */
export function weekdayIndex(iso: string): number {
  return (toDate(iso).getUTCDay() + 6) % 7;
}

/** The month's grid: weeks of 7 cells from Monday, `null` outside the month. */
export function monthGrid(month: string): (string | null)[][] {
  const first = monthStart(month);
  const last = monthEnd(month);
  const cells: (string | null)[] = Array.from({ length: weekdayIndex(first) }, () => null);
  for (let day = first; day <= last; day = addDays(day, 1)) cells.push(day);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/** "diciembre de 2026" / "December 2026". */
export function monthLabel(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(toDate(monthStart(month)));
}

/** Weekday names from Monday, long and short ("lunes", "lun"). */
export function weekdayNames(locale: string): { long: string; short: string }[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => {
    const date = toDate(addDays('2024-01-01', i));
    return {
      long: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' }).format(date),
      short: new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' }).format(date),
    };
  });
}
