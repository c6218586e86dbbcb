/**
 * Local date-times of the office (what a `datetime-local` input holds, "2026-12-03T09:00") and the
 * instants the API speaks, in the OFFICE's time zone whatever the browser's (no luxon in browser
 * code: Intl only).
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** The wall-clock parts of an instant in a time zone. */
function wallParts(ms: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** The zone's offset from UTC at an instant, in minutes (Santiago in December: -180). */
function offsetMinutes(ms: number, timeZone: string): number {
  const w = wallParts(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');

/** "2026-12-03T09:00" for an instant, in the zone (for a `datetime-local` input). */
export function localDateTime(ms: number, timeZone: string): string {
  const w = wallParts(ms, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * The instant a local date-time of the zone names, ISO with the zone's offset then
 * ("2026-12-03T09:00:00-03:00"); null for text that is not one. A time skipped by a DST change
 * (00:00–00:59 on Chile's spring-forward night) is read with the offset before the change, i.e. an
 * hour later on the clock, as luxon and the API do; a repeated one as its first occurrence.
 */
export function officeInstant(local: string, timeZone: string): string | null {
  const match = LOCAL.exec(local);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Try the offsets in force a day either side: the one whose instant reads back as the wall time wins.
  const candidates = [...new Set([offsetMinutes(wall - 86_400_000, timeZone), offsetMinutes(wall + 86_400_000, timeZone)])].sort((a, b) => b - a);
  const fits = candidates.map((offset) => wall - offset * 60_000).filter((ms) => localDateTime(ms, timeZone) === local);
  const ms = fits.length > 0 ? Math.min(...fits) : wall - candidates[candidates.length - 1] * 60_000;
  const offset = offsetMinutes(ms, timeZone);
  const w = wallParts(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:00${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
}
