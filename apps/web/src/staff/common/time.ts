/** The office's local date today (YYYY-MM-DD), by the browser's clock in the office's time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Whole minutes since an instant (never negative). */
export function minutesSince(instant: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(instant)) / 60_000));
}

/** The first day of the date's month. */
export function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}
