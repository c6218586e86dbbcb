import { openingOn, rutFromBody, slotsForDay } from '@turnero/scheduling';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toServiceSettings } from '../services/service-settings.mapper.js';
import { ServiceEntity } from '../services/service.entity.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { lockOfficeCalendar } from './calendar-lock.js';
import { OfficeCalendars } from './office-calendars.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';
const SATURDAY = '2026-12-05';

interface Seeded {
  officeId: string;
  serviceId: string;
  supervisor: string;
  agent: string;
}

describe('office closures', () => {
  let t: TestApp;
  let seed: ReturnType<typeof seeders>;
  let admin: string;
  const logs: string[] = [];
  let sequence = 0;

  beforeAll(async () => {
    const destination: DestinationStream = { write: (line: string) => void logs.push(line) };
    t = await startTestApp({ FAKE_NOW: NOW, LOG_LEVEL: 'info' }, destination);
    seed = seeders(t.db);
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
  });
  afterAll(() => t.close());

  /** An office open Mon–Fri 08:30–14:00 with a 30-minute, 2-seat appointment service, its supervisor and agent. */
  const office = async (): Promise<Seeded> => {
    const officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    const serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', mode: 'appointment', slotMinutes: 30, seatsPerSlot: 2 })).id;
    const supervisor = await seed.staff('supervisor', officeId);
    const agent = await seed.staff('agent', officeId);
    return {
      officeId,
      serviceId,
      supervisor: await bearer(t.http, supervisor.username, supervisor.password),
      agent: await bearer(t.http, agent.username, agent.password),
    };
  };

  /** A confirmed booking written straight to the tables, with its seat counted as the booking code would. */
  const book = async (officeId: string, serviceId: string, localDate: string, time: string, slotMinutes = 30) => {
    const n = ++sequence;
    const slotStart = `${localDate}T${time}:00-03:00`;
    const [row] = await t.db.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, document_type, document_number, full_name, email, phone)
       VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz + make_interval(mins => $5), $6, 'RUT', $7, $8, $9, $10) RETURNING id`,
      [`CLO-${n}`, officeId, serviceId, slotStart, slotMinutes, localDate, `${10_000_000 + n}-K`, `Persona ${n}`, `p${n}@example.cl`, `+5690000${n}`],
    );
    await t.db.query(
      `INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES ($1, $2, 2, 1)
       ON CONFLICT (service_id, slot_start) DO UPDATE SET booked = slot_capacity.booked + 1`,
      [serviceId, slotStart],
    );
    await t.db.query(
      `INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES ($1, $2, 2147483647, 1)
       ON CONFLICT (service_id, local_date) DO UPDATE SET booked = day_capacity.booked + 1`,
      [serviceId, localDate],
    );
    return { id: row.id as string, code: `CLO-${n}`, slotStart, fullName: `Persona ${n}`, documentNumber: `${10_000_000 + n}-K` };
  };

  const bookingRow = async (id: string) =>
    (await t.db.query(`SELECT status, cancel_reason, closure_id, cancelled_at FROM bookings WHERE id = $1`, [id]))[0] as {
      status: string;
      cancel_reason: string | null;
      closure_id: string | null;
      cancelled_at: Date | null;
    };
  const slotBooked = async (serviceId: string, slotStart: string) =>
    Number((await t.db.query(`SELECT booked FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, slotStart]))[0].booked);
  const dayBooked = async (serviceId: string, localDate: string) =>
    Number((await t.db.query(`SELECT booked FROM day_capacity WHERE service_id = $1 AND local_date = $2`, [serviceId, localDate]))[0].booked);
  const closureCount = async (officeId: string) => Number((await t.db.query(`SELECT count(*) n FROM office_closures WHERE office_id = $1`, [officeId]))[0].n);
  const close = (officeId: string, body: Record<string, unknown>, token = admin) =>
    t.http.post(`/api/v1/offices/${officeId}/closures`).set('Authorization', token).send(body);
  const calendarOf = (officeId: string) => t.app.get(OfficeCalendars).forOffice(officeId);

  it('a whole-day closure cancels every confirmed booking of that day, frees the seats and lists whom to contact', async () => {
    const o = await office();
    const early = await book(o.officeId, o.serviceId, THURSDAY, '08:30');
    const sameSlot = await book(o.officeId, o.serviceId, THURSDAY, '08:30');
    const late = await book(o.officeId, o.serviceId, THURSDAY, '13:30');
    const otherDay = await book(o.officeId, o.serviceId, FRIDAY, '08:30');
    const checkedIn = await book(o.officeId, o.serviceId, THURSDAY, '09:00');
    await t.db.query(`UPDATE bookings SET status = 'checked_in' WHERE id = $1`, [checkedIn.id]);

    const response = await close(o.officeId, { date: THURSDAY, reason: '  Corte de luz  ' }, o.supervisor).expect(201);

    const closure = response.body.closure;
    expect(closure).toMatchObject({ officeId: o.officeId, date: THURSDAY, kind: 'closed', start: null, end: null, intervals: null, reason: 'Corte de luz' });
    expect(closure.id).toEqual(expect.any(String));
    expect(response.body.cancelledBookings).toEqual(
      [early, sameSlot, late].map((b) => ({
        id: b.id,
        code: b.code,
        serviceId: o.serviceId,
        serviceName: 'Residencia temporal',
        slotStart: b.slotStart,
        fullName: b.fullName,
        documentType: 'RUT',
        documentNumber: b.documentNumber,
        email: expect.stringContaining('@example.cl'),
        phone: expect.stringMatching(/^\+569/),
        // No mail server nor SMS provider in this app: nobody is told by the system, the office calls.
        notified: false,
        contact: 'none',
        messages: [],
      })),
    );
    for (const b of [early, sameSlot, late]) {
      const row = await bookingRow(b.id);
      expect(row).toMatchObject({ status: 'cancelled', cancel_reason: 'Corte de luz', closure_id: closure.id });
      expect(row.cancelled_at!.getTime()).toBeGreaterThanOrEqual(Date.parse(NOW));
      expect(row.cancelled_at!.getTime()).toBeLessThan(Date.parse(NOW) + 60_000);
    }
    expect(await slotBooked(o.serviceId, early.slotStart)).toBe(0);
    expect(await slotBooked(o.serviceId, late.slotStart)).toBe(0);
    expect(await dayBooked(o.serviceId, THURSDAY)).toBe(1); // the checked-in one keeps its seat
    expect(await bookingRow(checkedIn.id)).toMatchObject({ status: 'checked_in', closure_id: null });
    expect(await bookingRow(otherDay.id)).toMatchObject({ status: 'confirmed', closure_id: null });
    expect(await slotBooked(o.serviceId, otherDay.slotStart)).toBe(1);
    expect(await dayBooked(o.serviceId, FRIDAY)).toBe(1);

    // The list again, later, for staff of the office (agents included); not for another office.
    const again = await t.http.get(`/api/v1/closures/${closure.id}/cancelled-bookings`).set('Authorization', o.agent).expect(200);
    expect(again.body).toEqual(response.body.cancelledBookings);
    const stranger = await office();
    expect((await t.http.get(`/api/v1/closures/${closure.id}/cancelled-bookings`).set('Authorization', stranger.supervisor).expect(403)).body.error).toBe('FORBIDDEN');

    // The log says what happened without any personal data.
    const closureLogs = logs.filter((line) => line.includes(closure.id));
    expect(closureLogs.some((line) => line.includes('cancelled 3 booking(s)'))).toBe(true);
    for (const b of [early, sameSlot, late]) {
      expect(logs.some((line) => line.includes(b.fullName) || line.includes(b.documentNumber) || line.includes(b.code))).toBe(false);
    }
  });

  it('a partial closure 10:00–12:00 cancels only the bookings whose slot is gone, service by service', async () => {
    const o = await office();
    const hourly = (await seed.service(o.officeId, { code: 'H', name: 'Licencias', mode: 'appointment', slotMinutes: 60, seatsPerSlot: 2 })).id;
    const before = await book(o.officeId, o.serviceId, THURSDAY, '09:30');
    const atStart = await book(o.officeId, o.serviceId, THURSDAY, '10:00');
    const inside = await book(o.officeId, o.serviceId, THURSDAY, '11:30');
    const atEnd = await book(o.officeId, o.serviceId, THURSDAY, '12:00');
    // 60-minute grid 08:30, 09:30, 10:30…: after the closure it restarts at 12:00, so 12:30 is no slot any more.
    const hourlyKept = await book(o.officeId, hourly, THURSDAY, '08:30', 60);
    const hourlyShifted = await book(o.officeId, hourly, THURSDAY, '12:30', 60);

    const response = await close(o.officeId, { date: THURSDAY, start: '10:00', end: '12:00', reason: 'Capacitación' }, o.supervisor).expect(201);

    expect(response.body.closure).toMatchObject({ kind: 'closed', start: '10:00', end: '12:00' });
    expect(response.body.cancelledBookings.map((b: { id: string }) => b.id)).toEqual([atStart.id, inside.id, hourlyShifted.id]);
    expect(response.body.cancelledBookings[2]).toMatchObject({ serviceId: hourly, serviceName: 'Licencias', slotStart: '2026-12-03T12:30:00-03:00' });
    for (const b of [before, atEnd, hourlyKept]) expect((await bookingRow(b.id)).status).toBe('confirmed');
    for (const b of [atStart, inside]) expect(await slotBooked(o.serviceId, b.slotStart)).toBe(0);
    expect(await slotBooked(o.serviceId, before.slotStart)).toBe(1);
    expect(await dayBooked(o.serviceId, THURSDAY)).toBe(2);
    expect(await dayBooked(hourly, THURSDAY)).toBe(1);
  });

  it("refuses a supervisor of another office (403) and an agent (403), and changes nothing", async () => {
    const o = await office();
    const other = await office();
    const booking = await book(o.officeId, o.serviceId, THURSDAY, '09:00');
    const mine: string = (await close(o.officeId, { date: FRIDAY, reason: 'Inventario' }).expect(201)).body.closure.id;

    for (const response of [
      await close(o.officeId, { date: THURSDAY, reason: 'Corte de luz' }, other.supervisor),
      await close(o.officeId, { date: THURSDAY, reason: 'Corte de luz' }, o.agent),
      await t.http.delete(`/api/v1/closures/${mine}`).set('Authorization', other.supervisor),
      await t.http.delete(`/api/v1/closures/${mine}`).set('Authorization', o.agent),
      await t.http.get(`/api/v1/offices/${o.officeId}/closures`).set('Authorization', other.agent),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error).toBe('FORBIDDEN');
    }
    expect(await closureCount(o.officeId)).toBe(1);
    expect((await bookingRow(booking.id)).status).toBe('confirmed');
    expect(await slotBooked(o.serviceId, booking.slotStart)).toBe(1);
    expect((await t.http.post(`/api/v1/offices/${o.officeId}/closures`).send({ date: THURSDAY, reason: 'Sin token' })).status).toBe(401);

    // Agents read their office's exceptions.
    const listed = await t.http.get(`/api/v1/offices/${o.officeId}/closures`).set('Authorization', o.agent).expect(200);
    expect(listed.body.map((c: { id: string }) => c.id)).toEqual([mine]);
  });

  it('refuses invalid input with 400 naming the field, and creates nothing', async () => {
    const o = await office();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ date: '2026-13-01', reason: 'Corte de luz' }, ['date']],
      [{ date: '2026-02-30', reason: 'Corte de luz' }, ['date']],
      [{ date: '03-12-2026', reason: 'Corte de luz' }, ['date']],
      [{ reason: 'Corte de luz' }, ['date']],
      [{ date: '2026-11-30', reason: 'Corte de luz' }, ['date']], // yesterday in Santiago
      [{ date: THURSDAY }, ['reason']],
      [{ date: THURSDAY, reason: 'ab' }, ['reason']],
      [{ date: THURSDAY, reason: '   ab   ' }, ['reason']],
      [{ date: THURSDAY, reason: 'x'.repeat(301) }, ['reason']],
      [{ date: THURSDAY, start: '10:00', reason: 'Corte de luz' }, ['end']],
      [{ date: THURSDAY, end: '10:00', reason: 'Corte de luz' }, ['start']],
      [{ date: THURSDAY, start: '9:00', end: '10:00', reason: 'Corte de luz' }, ['start']],
      [{ date: THURSDAY, start: '10:00', end: '24:00', reason: 'Corte de luz' }, ['end']],
      [{ date: THURSDAY, start: '12:00', end: '10:00', reason: 'Corte de luz' }, ['end']],
      [{ date: THURSDAY, start: '10:00', end: '10:00', reason: 'Corte de luz' }, ['end']],
      [{ date: THURSDAY, kind: 'partial', reason: 'Corte de luz' }, ['kind']],
      [{ date: THURSDAY, reason: 'Corte de luz', intervals: [{ start: '09:00', end: '10:00' }] }, ['intervals']],
      [{ date: SATURDAY, kind: 'open' }, ['intervals']],
      [{ date: SATURDAY, kind: 'open', intervals: [] }, ['intervals']],
      [{ date: SATURDAY, kind: 'open', intervals: [{ start: '10:00', end: '09:00' }] }, ['intervals.0.end']],
      [{ date: SATURDAY, kind: 'open', intervals: [{ start: '09:00' }] }, ['intervals.0.end']],
      [{ date: SATURDAY, kind: 'open', intervals: [{ start: '09:00', end: '11:00' }, { start: '10:00', end: '12:00' }] }, ['intervals']],
      [{ date: SATURDAY, kind: 'open', start: '09:00', end: '11:00', intervals: [{ start: '09:00', end: '11:00' }] }, ['start', 'end']],
      [{ date: SATURDAY, kind: 'open', intervals: [{ start: '09:00', end: '11:00' }], reason: 'x' }, ['reason']],
      [{ date: THURSDAY, reason: 'Corte de luz', notify: true }, ['notify']],
    ];
    for (const [body, fields] of cases) {
      const response = await close(o.officeId, body, o.supervisor);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error, JSON.stringify(body)).toBe('VALIDATION_FAILED');
      expect(response.body.details.map((d: { field: string }) => d.field).sort(), JSON.stringify(body)).toEqual([...fields].sort());
    }
    expect(await closureCount(o.officeId)).toBe(0);

    const badQuery = await t.http.get(`/api/v1/offices/${o.officeId}/closures?from=2026-1-1`).set('Authorization', admin).expect(400);
    expect(badQuery.body.details[0].field).toBe('from');
    const reversed = await t.http.get(`/api/v1/offices/${o.officeId}/closures?from=2026-12-10&to=2026-12-09`).set('Authorization', admin).expect(400);
    expect(reversed.body.details[0].field).toBe('to');
    const badId = await t.http.post('/api/v1/offices/not-a-uuid/closures').set('Authorization', admin).send({ date: THURSDAY, reason: 'Corte de luz' }).expect(400);
    expect(badId.body.details[0].field).toBe('officeId');
    const unknown = await close('00000000-0000-4000-8000-000000000000', { date: THURSDAY, reason: 'Corte de luz' }).expect(404);
    expect(unknown.body.error).toBe('OFFICE_NOT_FOUND');
  });

  it('the availability rules see closures and extra openings, and DELETE re-opens without restoring bookings', async () => {
    const o = await office();
    const service = await t.db.getRepository(ServiceEntity).findOneByOrFail({ id: o.serviceId });
    const booking = await book(o.officeId, o.serviceId, THURSDAY, '11:00');

    const whole = (await close(o.officeId, { date: THURSDAY, reason: 'Fumigación' }, o.supervisor).expect(201)).body;
    let { calendar } = await calendarOf(o.officeId);
    expect(openingOn(calendar, THURSDAY)).toMatchObject({ open: false, reason: 'Fumigación' });
    expect(slotsForDay(calendar, toServiceSettings(service), THURSDAY)).toEqual([]);

    const partial = (await close(o.officeId, { date: FRIDAY, start: '12:00', end: '14:00', reason: 'Reunión de equipo' }, o.supervisor).expect(201)).body;
    ({ calendar } = await calendarOf(o.officeId));
    const friday = openingOn(calendar, FRIDAY);
    expect(friday.open).toBe(true);
    expect(friday.intervals.map((i) => [i.start.toFormat('HH:mm'), i.end.toFormat('HH:mm')])).toEqual([['08:30', '12:00']]);
    expect(slotsForDay(calendar, toServiceSettings(service), FRIDAY).at(-1)?.localTime).toBe('11:30');

    const saturday = await close(o.officeId, { date: SATURDAY, kind: 'open', intervals: [{ start: '09:00', end: '13:00' }] }, o.supervisor).expect(201);
    expect(saturday.body).toMatchObject({ closure: { kind: 'open', intervals: [{ start: '09:00', end: '13:00' }], start: null, end: null }, cancelledBookings: [] });
    ({ calendar } = await calendarOf(o.officeId));
    expect(slotsForDay(calendar, toServiceSettings(service), SATURDAY).map((s) => s.localTime)).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30']);

    // Listing: today onwards by default, or a range.
    const listed = await t.http.get(`/api/v1/offices/${o.officeId}/closures`).set('Authorization', o.agent).expect(200);
    expect(listed.body.map((c: { date: string }) => c.date)).toEqual([THURSDAY, FRIDAY, SATURDAY]);
    const ranged = await t.http.get(`/api/v1/offices/${o.officeId}/closures?from=${FRIDAY}&to=${FRIDAY}`).set('Authorization', o.agent).expect(200);
    expect(ranged.body.map((c: { id: string }) => c.id)).toEqual([partial.closure.id]);

    // DELETE re-opens Thursday; the booking it cancelled stays cancelled and is still listed for contact.
    await t.http.delete(`/api/v1/closures/${whole.closure.id}`).set('Authorization', o.supervisor).expect(200);
    ({ calendar } = await calendarOf(o.officeId));
    expect(openingOn(calendar, THURSDAY).open).toBe(true);
    expect(slotsForDay(calendar, toServiceSettings(service), THURSDAY)).toHaveLength(11);
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'cancelled', closure_id: whole.closure.id });
    const contacts = await t.http.get(`/api/v1/closures/${whole.closure.id}/cancelled-bookings`).set('Authorization', o.supervisor).expect(200);
    expect(contacts.body.map((b: { id: string }) => b.id)).toEqual([booking.id]);
    expect((await t.http.delete(`/api/v1/closures/${whole.closure.id}`).set('Authorization', o.supervisor).expect(404)).body.error).toBe('CLOSURE_NOT_FOUND');
    expect((await t.http.get(`/api/v1/closures/${partial.closure.id}/cancelled-bookings`).set('Authorization', o.agent).expect(200)).body).toEqual([]);
    expect((await t.http.get('/api/v1/closures/00000000-0000-4000-8000-000000000000/cancelled-bookings').set('Authorization', admin).expect(404)).body.error).toBe(
      'CLOSURE_NOT_FOUND',
    );
  });

  it('refuses to delete an extra opening that holds bookings, and a past exception', async () => {
    const o = await office();
    const opening = (await close(o.officeId, { date: SATURDAY, kind: 'open', intervals: [{ start: '09:00', end: '13:00' }], reason: 'Operativo' }).expect(201)).body.closure;
    const booking = await book(o.officeId, o.serviceId, SATURDAY, '10:00');
    const refused = await t.http.delete(`/api/v1/closures/${opening.id}`).set('Authorization', o.supervisor).expect(409);
    expect(refused.body).toMatchObject({ error: 'BOOKINGS_WOULD_LOSE_SLOT', details: { bookingIds: [booking.id] } });
    expect(await closureCount(o.officeId)).toBe(1);

    // Closing the day first cancels the booking (and lists it); then the opening can go.
    const closed = (await close(o.officeId, { date: SATURDAY, reason: 'Operativo suspendido' }).expect(201)).body;
    expect(closed.cancelledBookings.map((b: { id: string }) => b.id)).toEqual([booking.id]);
    await t.http.delete(`/api/v1/closures/${opening.id}`).set('Authorization', o.supervisor).expect(200);

    const [past] = await t.db.query(`INSERT INTO office_closures (office_id, date, kind, reason) VALUES ($1, '2026-11-20', 'closed', 'Paro') RETURNING id`, [o.officeId]);
    expect((await t.http.delete(`/api/v1/closures/${past.id}`).set('Authorization', admin).expect(409)).body.error).toBe('CLOSURE_IN_PAST');
    const history = await t.http.get(`/api/v1/offices/${o.officeId}/closures?from=2026-11-01&to=2026-11-30`).set('Authorization', admin).expect(200);
    expect(history.body.map((c: { id: string }) => c.id)).toEqual([past.id]);
    expect((await t.http.get(`/api/v1/offices/${o.officeId}/closures`).set('Authorization', admin).expect(200)).body.map((c: { id: string }) => c.id)).toEqual([
      closed.closure.id,
    ]);
  });

  it('today may be closed: only bookings whose slot has not ended are cancelled', async () => {
    const o = await office();
    const today = '2026-12-01';
    const over = await book(o.officeId, o.serviceId, today, '08:30'); // 08:30–09:00, over at 09:00 (now)
    const coming = await book(o.officeId, o.serviceId, today, '10:00');
    const response = await close(o.officeId, { date: today, reason: 'Emergencia sanitaria' }).expect(201);
    expect(response.body.cancelledBookings.map((b: { id: string }) => b.id)).toEqual([coming.id]);
    expect((await bookingRow(over.id)).status).toBe('confirmed');
  });

  it('waits for bookings in flight (shared calendar lock) and then cancels what they booked', async () => {
    const o = await office();
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let closed = false;
    let pending: Promise<{ status: number; body: { cancelledBookings: { code: string }[] } }> | undefined;
    try {
      await lockOfficeCalendar(runner.manager, o.officeId, 'shared');
      await runner.query(
        `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, document_type, document_number, full_name)
         VALUES ('IN-FLIGHT', $1, $2, '2026-12-03T09:00:00-03:00', '2026-12-03T09:30:00-03:00', $3, 'RUT', '9999999-9', 'Persona en vuelo')`,
        [o.officeId, o.serviceId, THURSDAY],
      );
      await runner.query(`INSERT INTO slot_capacity (service_id, slot_start, seats, booked) VALUES ($1, '2026-12-03T09:00:00-03:00', 2, 1)`, [o.serviceId]);
      await runner.query(`INSERT INTO day_capacity (service_id, local_date, cap, booked) VALUES ($1, $2, 2147483647, 1)`, [o.serviceId, THURSDAY]);
      pending = Promise.resolve(close(o.officeId, { date: THURSDAY, reason: 'Corte de agua' })).then((response) => {
        closed = true;
        return response;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(closed).toBe(false); // the closure waits for the booking's transaction
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const response = await pending!;
    expect(response.status).toBe(201);
    expect(response.body.cancelledBookings.map((b) => b.code)).toEqual(['IN-FLIGHT']);
    expect(await slotBooked(o.serviceId, '2026-12-03T09:00:00-03:00')).toBe(0);
  });

  /** A booking through the public API, as an applicant makes it. */
  const bookOnline = (serviceId: string, slotStart: string) =>
    t.http.post('/api/v1/bookings').send({ serviceId, slotStart, applicant: { documentType: 'RUT', documentNumber: rutFromBody(20_000_000 + ++sequence).formatted, fullName: 'Persona' } });

  it('refuses a booking made right after a closure as closed, although the calendar it was checked against was still shared', async () => {
    const o = await office();
    // The first booking leaves Thursday's calendar (and its version) shared for two seconds.
    const first = await bookOnline(o.serviceId, `${THURSDAY}T09:00:00-03:00`).expect(201);
    const closure = await close(o.officeId, { date: THURSDAY, reason: 'Corte de agua' }).expect(201);
    expect(closure.body.cancelledBookings.map((b: { code: string }) => b.code)).toEqual([first.body.code]);
    const refused = await bookOnline(o.serviceId, `${THURSDAY}T10:00:00-03:00`).expect(409);
    expect(refused.body.error).toBe('OFFICE_CLOSED');
    expect(Number((await t.db.query(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND status = 'confirmed'`, [o.serviceId]))[0].n)).toBe(0);
    expect(await slotBooked(o.serviceId, `${THURSDAY}T09:00:00-03:00`)).toBe(0);
  });

  it('a booking waits for a closure being written (calendar lock) and is then refused as closed', async () => {
    const o = await office();
    await bookOnline(o.serviceId, `${THURSDAY}T11:00:00-03:00`).expect(201); // the calendar is now shared, as in a rush
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    let answered = false;
    let pending: Promise<{ status: number; body: { error?: string } }> | undefined;
    try {
      await lockOfficeCalendar(runner.manager, o.officeId, 'exclusive');
      await runner.query(`INSERT INTO office_closures (office_id, date, kind, reason) VALUES ($1, $2, 'closed', 'Corte de luz')`, [o.officeId, THURSDAY]);
      pending = Promise.resolve(bookOnline(o.serviceId, `${THURSDAY}T12:00:00-03:00`)).then((response) => {
        answered = true;
        return response;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(answered).toBe(false); // the booking waits for the closure's transaction
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
    const response = await pending!;
    expect(response.status).toBe(409);
    expect(response.body.error).toBe('OFFICE_CLOSED');
    expect(Number((await t.db.query(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND slot_start = $2`, [o.serviceId, `${THURSDAY}T12:00:00-03:00`]))[0].n)).toBe(0);
  });

  it("counts every change of what the slot grid depends on in the office's calendar version", async () => {
    const o = await office();
    const version = async () => Number((await t.db.query(`SELECT calendar_version v FROM offices WHERE id = $1`, [o.officeId]))[0].v);
    const start = await version();
    await t.db.query(`UPDATE offices SET name = name || ' (edificio nuevo)' WHERE id = $1`, [o.officeId]);
    expect(await version()).toBe(start); // not part of the calendar
    await t.db.query(`UPDATE offices SET opening_hours = '{"1":[{"start":"09:00","end":"13:00"}]}' WHERE id = $1`, [o.officeId]);
    expect(await version()).toBe(start + 1);
    await t.db.query(`UPDATE offices SET time_zone = 'America/Punta_Arenas' WHERE id = $1`, [o.officeId]);
    await t.db.query(`UPDATE offices SET holiday_region = 'CL-MA' WHERE id = $1`, [o.officeId]);
    expect(await version()).toBe(start + 3);
    const closure = await close(o.officeId, { date: FRIDAY, reason: 'Paro' }).expect(201);
    expect(await version()).toBe(start + 4);
    await t.http.delete(`/api/v1/closures/${closure.body.closure.id}`).set('Authorization', admin).expect(200);
    expect(await version()).toBe(start + 5);
  });

  it('lockOfficeCalendar refuses to run outside a transaction (the lock would be gone at once)', async () => {
    await expect(lockOfficeCalendar(t.db.manager, '00000000-0000-4000-8000-000000000000', 'shared')).rejects.toThrow(/inside a transaction/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths['/api/v1/offices/{officeId}/closures'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/api/v1/closures/{closureId}/cancelled-bookings'].get.tags).toEqual(['closures']);
    expect(doc.paths['/api/v1/closures/{closureId}'].delete.description).toMatch(/NOT restored/);
    expect(doc.paths['/api/v1/offices/{officeId}/closures'].post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.components.schemas.CreateClosureDto.properties)).toEqual(expect.arrayContaining(['kind', 'date', 'start', 'end', 'intervals', 'reason']));
    expect(Object.keys(doc.components.schemas.CancelledBookingDto.properties)).toEqual(
      expect.arrayContaining(['id', 'code', 'serviceId', 'serviceName', 'slotStart', 'fullName', 'documentType', 'documentNumber', 'email', 'phone']),
    );
  });
});
