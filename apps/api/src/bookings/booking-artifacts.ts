import { Injectable } from '@nestjs/common';
import icalGenerator from 'ical-generator';
import QRCode from 'qrcode';
import type { Office } from '../offices/office.entity.js';
import type { ServiceEntity } from '../services/service.entity.js';
import type { Booking } from './booking.entity.js';

/** What an applicant takes away: a QR with the code, and a calendar event. Neither holds personal data. */
@Injectable()
export class BookingArtifacts {
  qrSvg(code: string): Promise<string> {
    // High error correction: printed on paper or shown on a cracked phone screen, it still scans.
    return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'H', margin: 2 });
  }

  ics(booking: Booking, service: ServiceEntity, office: Office): string {
    const calendar = icalGenerator({ name: office.name, prodId: { company: 'Turnero', product: 'Turnero', language: 'ES' } });
    // Times in UTC: every calendar app shows them in the phone's zone, with no VTIMEZONE to get wrong.
    calendar.createEvent({
      id: `${booking.id}@turnero`,
      start: booking.slotStart,
      end: booking.slotEnd,
      summary: `${service.name} – ${office.name}`,
      location: office.address ?? office.name,
      description: [
        `Código de reserva: ${booking.code}`,
        'Llegue con anticipación y traiga:',
        ...service.requirements.map((requirement) => `• ${requirement}`),
      ].join('\n'),
    });
    return calendar.toString();
  }
}
