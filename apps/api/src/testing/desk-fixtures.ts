import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { DataSource } from 'typeorm';
import { Counter } from '../counters/counter.entity.js';
import type { Office } from '../offices/office.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { Ticket } from '../tickets/ticket.entity.js';
import { bearer, seeders, type TestApp } from './test-app.js';

/** A Wednesday inside the desk tests' opening hours (08:00–17:00, America/Santiago, UTC−4 in June). */
export const DESK_NOW = '2026-06-17T11:00:00-04:00';
export const DESK_DAY = '2026-06-17';
const ZONE = 'America/Santiago';
const WEEKDAYS = { 1: [{ start: '08:00', end: '17:00' }], 2: [{ start: '08:00', end: '17:00' }], 3: [{ start: '08:00', end: '17:00' }], 4: [{ start: '08:00', end: '17:00' }], 5: [{ start: '08:00', end: '17:00' }] };

let numbering = 0;

/** Seeding for the desk specs: offices with services, counters, staff and tickets inserted directly. */
export function deskFixtures(t: TestApp) {
  const seed = seeders(t.db);
  return {
    office: (fields: Partial<Office> = {}) => seed.office({ openingHours: WEEKDAYS, holidayCountry: '', ...fields }),
    service: (officeId: string, code: string, fields: Partial<ServiceEntity> = {}) =>
      t.db.getRepository(ServiceEntity).save({ officeId, code, name: `Trámite ${code}`, mode: 'both' as const, ...fields }),
    counter: (officeId: string, name: string, serviceIds: string[]) =>
      t.db.getRepository(Counter).save({ officeId, name, services: serviceIds.map((id) => ({ id }) as ServiceEntity) }),
    /** A staff user and their Authorization header. */
    staff: async (role: 'admin' | 'supervisor' | 'agent', officeId: string | null) => {
      const user = await seed.staff(role, officeId);
      return { ...user, auth: await bearer(t.http, user.username, user.password) };
    },
    /** A waiting ticket that joined the queue at local time `at` ("09:15") of DESK_DAY. */
    ticket: (officeId: string, serviceId: string, at: string, fields: Partial<Ticket> = {}) => {
      const queuedAt = DateTime.fromISO(`${DESK_DAY}T${at}`, { zone: ZONE }).toJSDate();
      const sequence = ++numbering;
      return t.db.getRepository(Ticket).save({
        officeId,
        serviceId,
        kind: 'walk_in' as const,
        preferential: false,
        number: `T-${String(sequence).padStart(4, '0')}`,
        sequence,
        localDate: DESK_DAY,
        status: 'waiting' as const,
        issuedAt: queuedAt,
        queuedAt,
        trackingCode: randomUUID(),
        ...fields,
      });
    },
  };
}

/** The ticket_events rows of one ticket, oldest first. */
export async function eventsOf(db: DataSource, ticketId: string): Promise<{ type: string; details: Record<string, unknown> | null }[]> {
  return db.query(`SELECT type, details FROM ticket_events WHERE ticket_id = $1 ORDER BY id`, [ticketId]);
}
