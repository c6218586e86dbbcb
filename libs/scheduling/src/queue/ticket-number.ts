import type { DateTime } from 'luxon';
import { isValidTimeZone } from '../time-zone.js';

export interface TicketNumber {
  /** The service's code, the prefix people look for on the screen ('A'). */
  serviceCode: string;
  /** Position in the day's numbering for that service, from 1. */
  sequence: number;
}

/** A service code as printed on a ticket: a letter, then up to 3 letters or digits. */
const SERVICE_CODE_PATTERN = /^[A-Z][A-Z0-9]{0,3}$/;
const TICKET_NUMBER_PATTERN = /^([A-Z][A-Z0-9]{0,3})\s*-\s*(\d{1,9})$/;

/**
 * 'A-001': at least 3 digits so the screen's column lines up on a normal day, growing past 999
 * ('A-1000') rather than wrapping, because a wrapped number would repeat within the day.
 */
export function formatTicketNumber(serviceCode: string, sequence: number): string {
  const code = serviceCode.trim().toUpperCase();
  if (!SERVICE_CODE_PATTERN.test(code)) throw new RangeError(`"${serviceCode}" is not a ticket prefix (a letter, then up to 3 letters or digits)`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('ticket sequence must be a positive integer');
  return `${code}-${String(sequence).padStart(3, '0')}`;
}

/** Reads a ticket number as staff type it ('a-12', 'A - 012'); null when it is not one. */
export function parseTicketNumber(input: string): TicketNumber | null {
  const match = TICKET_NUMBER_PATTERN.exec(input.trim().toUpperCase());
  if (!match) return null;
  const sequence = Number(match[2]);
  return sequence >= 1 ? { serviceCode: match[1], sequence } : null;
}

/**
 * The office-local date ('YYYY-MM-DD') whose numbering `instant` belongs to. Converting the instant
 * into the office zone (never adding a fixed offset) keeps it right across DST changes, when the
 * local day is 23 or 25 hours long. Throws on an invalid zone or instant: configuration bugs.
 */
export function ticketDay(instant: DateTime, zone: string): string {
  if (!isValidTimeZone(zone)) throw new RangeError(`"${zone}" is not an IANA time zone`);
  const day = instant.setZone(zone).toISODate();
  if (!day) throw new RangeError('ticketDay needs a valid instant');
  return day;
}
