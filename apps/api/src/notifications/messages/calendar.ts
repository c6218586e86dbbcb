import icalGenerator from 'ical-generator';
import { oneLine } from './format.js';
import type { MessageBooking, MessageOffice, MessageService } from './message-data.js';

/**
 * The appointment as a calendar event, like the .ics the API serves (BookingArtifacts.ics): the
 * same UID (`{bookingId}@turnero`), so a rescheduled event (higher SEQUENCE) replaces the first
 * one; times in UTC, so every calendar app shows them in the phone's zone with no VTIMEZONE to get
 * wrong. No personal data: procedure, office, code and what to bring.
 */
export function appointmentIcs(booking: MessageBooking, service: MessageService, office: MessageOffice, sequence = 0): string {
  const officeName = oneLine(office.name);
  const calendar = icalGenerator({ name: officeName, prodId: { company: 'Turnero', product: 'Turnero', language: 'ES' } });
  calendar.createEvent({
    id: `${booking.id}@turnero`,
    sequence,
    start: booking.slotStart,
    end: booking.slotEnd,
    summary: `${oneLine(service.name)} – ${officeName}`,
    location: office.address ? oneLine(office.address) : officeName,
    description: [`Código de reserva: ${booking.code}`, 'Llegue con anticipación y traiga:', ...service.requirements.map((requirement) => `• ${oneLine(requirement)}`)].join('\n'),
  });
  return calendar.toString();
}
