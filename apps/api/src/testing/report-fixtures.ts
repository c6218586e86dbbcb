import { randomBytes } from 'node:crypto';
import { generateTrackingCode } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { Booking } from '../bookings/booking.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';

const ZONE = 'America/Santiago';

/** An instant from an office-local date and time ("2026-06-16", "09:05") in America/Santiago. */
export function localInstant(date: string, time: string): Date {
  return DateTime.fromISO(`${date}T${time}`, { zone: ZONE }).toJSDate();
}

let sequence = 0;

/**
 * Rows as the API leaves them, inserted directly: finished tickets with their times, bookings in
 * any state, walk-in refusals, logged counter sessions and survey answers, for the reports' and retention's specs.
 */
export function reportFixtures(db: DataSource) {
  return {
    /** A ticket of `date` issued at local `issued`; times are local "HH:mm" of the same date. */
    ticket: (
      officeId: string,
      serviceId: string,
      date: string,
      t: { issued: string; called?: string; started?: string; completed?: string; slot?: string },
      fields: Partial<Ticket> = {},
    ) => {
      const at = (time?: string) => (time ? localInstant(date, time) : null);
      const issuedAt = at(t.issued)!;
      const n = ++sequence;
      return db.getRepository(Ticket).save({
        officeId,
        serviceId,
        kind: t.slot ? ('appointment' as const) : ('walk_in' as const),
        preferential: false,
        number: `F-${String(n).padStart(4, '0')}`,
        sequence: n,
        localDate: date,
        status: 'done' as const,
        issuedAt,
        queuedAt: issuedAt,
        slotStart: at(t.slot),
        calledAt: at(t.called),
        startedAt: at(t.started),
        completedAt: at(t.completed),
        trackingCode: generateTrackingCode(),
        ...fields,
      });
    },
    booking: (officeId: string, serviceId: string, date: string, slot: string, fields: Partial<Booking> = {}) => {
      const slotStart = localInstant(date, slot);
      return db.getRepository(Booking).save({
        code: randomBytes(6).toString('hex').toUpperCase(),
        officeId,
        serviceId,
        slotStart,
        slotEnd: new Date(slotStart.getTime() + 15 * 60_000),
        localDate: date,
        status: 'confirmed' as const,
        documentType: 'PASSPORT' as const,
        documentNumber: `P${randomBytes(4).toString('hex').toUpperCase()}`,
        fullName: 'María José Pérez Soto',
        email: 'maria@example.cl',
        phone: '+56 9 1234 5678',
        ...fields,
      });
    },
    refusals: (serviceId: string, date: string, issued: number, refused: number) =>
      db.query(`INSERT INTO walk_in_tallies (service_id, local_date, issued, refused) VALUES ($1, $2, $3, $4)`, [serviceId, date, issued, refused]),
    /** A logged counter session between office-local instants ("2026-06-16T09:00"); `closed` null while it lasts. */
    session: (officeId: string, counterId: string, agentId: string, opened: string, closed: string | null) =>
      db.query(`INSERT INTO counter_session_log (counter_id, office_id, agent_id, opened_at, closed_at) VALUES ($1, $2, $3, $4, $5)`, [
        counterId,
        officeId,
        agentId,
        DateTime.fromISO(opened, { zone: ZONE }).toJSDate(),
        closed === null ? null : DateTime.fromISO(closed, { zone: ZONE }).toJSDate(),
      ]),
    survey: (ticket: { id: string; officeId: string }, rating: number, comment: string | null = null, answeredAt = new Date()) =>
      db.query(`INSERT INTO survey_answers (ticket_id, office_id, rating, comment, answered_at) VALUES ($1, $2, $3, $4, $5)`, [ticket.id, ticket.officeId, rating, comment, answeredAt]),
  };
}
