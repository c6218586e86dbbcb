import { DateTime, IANAZone } from 'luxon';

/**
 * Per zone, the UTC offset (minutes) of each quarter hour (UTC) whose first and last millisecond
 * have the same offset: offsets and their changes are whole quarter hours (see local-date.ts), so
 * such a quarter hour has that offset throughout. Answers are written on every desk action and
 * every listing of tickets or bookings, and luxon's zone offset (an Intl round trip) was most of
 * their cost. At most QUARTERS_KEPT per zone, then cleared.
 */
const QUARTER_MS = 15 * 60_000;
const QUARTERS_KEPT = 50_000;
const offsets = new Map<string, { zone: IANAZone; byQuarter: Map<number, number> }>();

function offsetAt(ms: number, timeZone: string): number | null {
  let known = offsets.get(timeZone);
  if (!known) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) return null;
    known = { zone, byQuarter: new Map() };
    offsets.set(timeZone, known);
  }
  const quarter = Math.floor(ms / QUARTER_MS);
  const cached = known.byQuarter.get(quarter);
  if (cached !== undefined) return cached;
  const offset = known.zone.offset(ms);
  if (known.zone.offset(quarter * QUARTER_MS) === offset && known.zone.offset(quarter * QUARTER_MS + QUARTER_MS - 1) === offset) {
    if (known.byQuarter.size >= QUARTERS_KEPT) known.byQuarter.clear();
    known.byQuarter.set(quarter, offset);
  }
  return offset;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** An instant as API.md writes it: ISO 8601 with the office's offset ("2026-12-01T08:30:00-03:00"). */
export function officeInstant(value: Date, timeZone: string): string {
  const ms = value.getTime();
  const offset = offsetAt(ms, timeZone);
  // Offset 0 (luxon writes "Z" for UTC itself, "+00:00" for a zone at UTC) and years outside 0–9999: luxon's own answer.
  if (!offset || !Number.isFinite(offset) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999) {
    return DateTime.fromJSDate(value, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
  }
  const local = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
  const minutes = Math.abs(offset);
  return `${ms % 1000 === 0 ? local.slice(0, 19) : local.slice(0, 23)}${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}
