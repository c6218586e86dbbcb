import { generateBookingCode } from '@turnero/scheduling';
import { DateTime, type Duration, type DurationLike } from 'luxon';
import { expect, vi } from 'vitest';
import type { Booking } from '../bookings/booking.entity.js';
import { Clock } from '../common/clock/clock.js';
import type { Office } from '../offices/office.entity.js';
import { DESK_DAY, deskFixtures } from './desk-fixtures.js';
import { reportFixtures } from './report-fixtures.js';
import type { TestApp } from './test-app.js';

/** The clock of every given instance, stopped at `start` and moved by the test. */
export function stoppedClock(apps: TestApp[], start: string) {
  let now = DateTime.fromISO(start, { setZone: true });
  for (const app of apps) {
    // Both readings of the clock: nowMs() is what the booking path reads (no DateTime built).
    vi.spyOn(app.app.get(Clock), 'now').mockImplementation(() => now);
    vi.spyOn(app.app.get(Clock), 'nowMs').mockImplementation(() => now.toMillis());
  }
  return {
    now: () => now,
    set: (iso: string) => {
      now = DateTime.fromISO(iso, { setZone: true });
    },
    advance: (by: DurationLike | Duration) => {
      now = now.plus(by);
    },
  };
}

export interface DeskOffice {
  id: string;
  name: string;
  serviceId: string;
  serviceName: string;
  counterId: string;
  /** Authorization headers. */
  agent: string;
  supervisor: string;
}

/**
 * An office open on the desk tests' weekdays with one procedure served both by appointment and
 * without, a counter open for it and its staff.
 */
export async function deskOffice(t: TestApp, fields: Partial<Office> = {}, serviceName = 'Residencia temporal'): Promise<DeskOffice> {
  const f = deskFixtures(t);
  const office = await f.office(fields);
  const service = await f.service(office.id, 'R', { name: serviceName, seatsPerSlot: 100 });
  const counter = await f.counter(office.id, 'Módulo 1', [service.id]);
  const agent = (await f.staff('agent', office.id)).auth;
  const supervisor = (await f.staff('supervisor', office.id)).auth;
  await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent).send({}).expect(200);
  return { id: office.id, name: office.name, serviceId: service.id, serviceName, counterId: counter.id, agent, supervisor };
}

export interface Visit {
  ticketId: string;
  trackingCode: string;
  number: string;
  /** Absent for a walk-in. */
  booking?: Booking;
}

/**
 * A whole visit over HTTP, with the clock inside the check-in window of a 11:15 slot of DESK_DAY:
 * a booking (stored directly, `booking` fields over the defaults) checked in by its code, or a
 * walk-in ticket when `booking` is null; then called, started and completed at the office's counter.
 */
export async function completeVisit(t: TestApp, office: DeskOffice, booking: Partial<Booking> | null = {}): Promise<Visit> {
  const auth = office.agent;
  let stored: Booking | undefined;
  let ticket: { id: string; trackingCode: string; number: string };
  if (booking) {
    stored = await reportFixtures(t.db).booking(office.id, office.serviceId, DESK_DAY, '11:15', { code: generateBookingCode(), ...booking });
    ticket = (await t.http.post(`/api/v1/offices/${office.id}/check-ins`).set('Authorization', auth).send({ code: stored.code }).expect(201)).body;
  } else {
    ticket = (await t.http.post(`/api/v1/offices/${office.id}/tickets`).set('Authorization', auth).send({ serviceId: office.serviceId }).expect(201)).body;
  }
  const called = await t.http.post(`/api/v1/counters/${office.counterId}/call-next`).set('Authorization', auth).expect(200);
  expect(called.body.id).toBe(ticket.id);
  await t.http.post(`/api/v1/tickets/${ticket.id}/start`).set('Authorization', auth).expect(200);
  const done = await t.http.post(`/api/v1/tickets/${ticket.id}/complete`).set('Authorization', auth).expect(200);
  expect(done.body.status).toBe('done');
  return { ticketId: ticket.id, trackingCode: ticket.trackingCode, number: ticket.number, ...(stored ? { booking: stored } : {}) };
}

export interface OutboxRow {
  id: string;
  kind: string;
  channel: string;
  ticket_id: string;
  booking_id: string | null;
  status: string;
  attempts: number;
  queued_at: Date;
  due_at: Date;
  sent_at: Date | null;
  updated_at: Date;
  reason: string | null;
}

/** The notifications (outbox rows) of these tickets. */
export async function outboxOf(t: TestApp, ticketIds: string[]): Promise<OutboxRow[]> {
  return t.db.query(`SELECT *, status::text AS status, channel::text AS channel FROM notifications WHERE ticket_id = ANY($1::uuid[]) ORDER BY id`, [ticketIds]);
}
