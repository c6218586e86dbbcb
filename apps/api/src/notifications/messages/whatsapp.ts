import { dayMonth, links, oneLine, time } from './format.js';
import type { SmsMessageData } from './sms.js';

/**
 * The numbered variables of an office's approved WhatsApp template (Twilio Content API,
 * `ContentVariables`), one fixed set per kind, so a template written for a kind can rely on them:
 *
 * | kind                        | {{1}}  | {{2}}     | {{3}}          | {{4}} | {{5}}                     | {{6}}             |
 * |-----------------------------|--------|-----------|----------------|-------|---------------------------|-------------------|
 * | booking_confirmed           | office | procedure | date and time  | code  | "my booking" link         |                   |
 * | booking_rescheduled         | office | procedure | new date, time | code  | "my booking" link         |                   |
 * | booking_cancelled           | office | procedure | date and time  | code  | "book again" link         |                   |
 * | booking_cancelled_by_office | office | procedure | date and time  | code  | reason (staff's words)    | "book again" link |
 * | booking_reminder            | office | procedure | date and time  | code  | "my booking" link         |                   |
 * | office_notice               | office | notice    | period (dd/MM-dd/MM) | code of the recipient's booking, or "-" | | |
 *
 * Date and time as the SMS writes them, in the office's zone: "07/12 a las 09:30". WhatsApp
 * refuses an empty variable, a line break or a long one: every value is on one line, not empty
 * ("-"), and staff-written text is cut at 600 characters. No personal data, as in every message.
 */
export function whatsAppVariables(message: SmsMessageData): Record<string, string> {
  const zone = message.office.timeZone;
  const at = (instant: Date) => `${dayMonth(instant, zone)} a las ${time(instant, zone)}`;
  const office = message.office.name;
  const myBooking = links.myBooking(message.publicUrl);
  let values: string[];
  switch (message.kind) {
    case 'booking_confirmed':
    case 'booking_rescheduled':
    case 'reminder':
      values = [office, message.service.name, at(message.booking.slotStart), message.booking.code, myBooking];
      break;
    case 'booking_cancelled':
      values = [office, message.service.name, at(message.booking.slotStart), message.booking.code, links.bookAgain(message.publicUrl, message.officeId, message.service.id)];
      break;
    case 'booking_cancelled_by_office':
      values = [
        office,
        message.service.name,
        at(message.booking.slotStart),
        message.booking.code,
        message.reason,
        links.bookAgain(message.publicUrl, message.officeId, message.service.id),
      ];
      break;
    case 'office_notice':
      values = [office, message.message, `${dayMonth(message.from, zone)}-${dayMonth(message.to, zone)}`, message.appointment?.booking.code ?? '-'];
      break;
  }
  return Object.fromEntries(values.map((value, i) => [String(i + 1), variable(value)]));
}

/** The longest variable we send (WhatsApp's limit for a template's whole body is 1,024 characters). */
export const MAX_VARIABLE = 600;

function variable(value: string): string {
  // WhatsApp also refuses more than four consecutive spaces: oneLine collapses them.
  const line = oneLine(value);
  if (line === '') return '-';
  return line.length <= MAX_VARIABLE ? line : `${line.slice(0, MAX_VARIABLE - 3).replace(/[\uD800-\uDBFF]$/, '').trimEnd()}...`;
}
