import { DateTime } from 'luxon';

/** An instant as API.md writes it: ISO 8601 with the office's offset ("2026-12-01T08:30:00-03:00"). */
export function officeInstant(value: Date, timeZone: string): string {
  return DateTime.fromJSDate(value, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
}
