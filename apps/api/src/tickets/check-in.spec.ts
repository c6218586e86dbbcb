import { generateBookingCode, rutFromBody } from '@turnero/scheduling';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Clock } from '../common/clock/clock.js';
import { bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const NOW = DateTime.fromISO('2026-12-01T10:00:00-03:00', { setZone: true }); // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

describe('check-in', () => {
  let t: TestApp;
  let officeId: string;
  let otherOfficeId: string;
  let serviceId: string;
  let otherServiceId: string;
  let agent: string;
  let n = 0;

  /** A confirmed booking written straight to the table (the booking flow has its own tests). */
  const book = async (slotStart: DateTime, fields: { officeId?: string; serviceId?: string; rut?: number; preferential?: boolean; status?: string } = {}) => {
    const code = generateBookingCode();
    const rut = rutFromBody(20_000_000 + (fields.rut ?? ++n)).normalized;
    const [row] = await t.db.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, preferential)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'RUT', $8, 'Persona', $9) RETURNING id`,
      [
        code,
        fields.officeId ?? officeId,
        fields.serviceId ?? serviceId,
        slotStart.toJSDate(),
        slotStart.plus({ minutes: 15 }).toJSDate(),
        slotStart.setZone('America/Santiago').toISODate(),
        fields.status ?? 'confirmed',
        rut,
        fields.preferential ?? false,
      ],
    );
    return { id: row.id as string, code, rut };
  };
  const checkIn = (body: Record<string, unknown>, office = officeId, auth = agent) => t.http.post(`/api/v1/offices/${office}/check-ins`).set('Authorization', auth).send(body);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW.toISO()! });
    // Edges are to the minute: stop the clock at NOW.
    vi.spyOn(t.app.get(Clock), 'now').mockImplementation(() => NOW);
    vi.spyOn(t.app.get(Clock), 'nowMs').mockImplementation(() => NOW.toMillis());
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    otherOfficeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia', mode: 'appointment', checkInBeforeMinutes: 30, checkInGraceMinutes: 15 })).id;
    otherServiceId = (await seed.service(otherOfficeId, { code: 'R', mode: 'appointment' })).id;
    const user = await seed.staff('agent', officeId);
    agent = await bearer(t.http, user.username, user.password);
  });
  afterAll(() => t.close());

  it('issues an appointment ticket 30 minutes before the slot, preferential as booked; the booking becomes checked_in', async () => {
    const booking = await book(NOW.plus({ minutes: 30 }), { preferential: true });
    const response = await checkIn({ code: booking.code.toLowerCase().replace(/-/g, ' ') }).expect(201);
    expect(response.body).toMatchObject({
      number: 'R-001',
      kind: 'appointment',
      preferential: true,
      status: 'waiting',
      serviceId,
      serviceName: 'Residencia',
      issuedAt: '2026-12-01T10:00:00-03:00',
      slotStart: '2026-12-01T10:30:00-03:00',
    });
    expect(response.body.trackingCode).toBeTruthy();
    const [row] = await t.db.query(`SELECT b.status, t.booking_id, t.queued_at FROM bookings b JOIN tickets t ON t.booking_id = b.id WHERE b.id = $1`, [booking.id]);
    expect(row).toMatchObject({ status: 'checked_in', booking_id: booking.id });
    expect(row.queued_at.toISOString()).toBe('2026-12-01T13:00:00.000Z');
    const [event] = await t.db.query(`SELECT type, agent_id, details FROM ticket_events WHERE ticket_id = $1`, [response.body.id]);
    expect(event).toMatchObject({ type: 'checked_in', details: { bookingId: booking.id } });
    expect(event.agent_id).toBeTruthy();
  });

  it('refuses 31 minutes before the slot with the window in the details', async () => {
    const booking = await book(NOW.plus({ minutes: 31 }));
    const response = await checkIn({ code: booking.code }).expect(409);
    expect(response.body).toMatchObject({
      error: 'TOO_EARLY',
      details: { slotStart: '2026-12-01T10:31:00-03:00', window: { from: '2026-12-01T10:01:00-03:00', until: '2026-12-01T10:46:00-03:00' } },
    });
  });

  it('accepts at the end of the 15-minute grace period and refuses one minute later', async () => {
    await checkIn({ code: (await book(NOW.minus({ minutes: 15 }))).code }).expect(201);
    const late = await checkIn({ code: (await book(NOW.minus({ minutes: 16 }))).code }).expect(409);
    expect(late.body).toMatchObject({ error: 'TOO_LATE', details: { window: { until: '2026-12-01T09:59:00-03:00' } } });
  });

  it('refuses a booking of another day', async () => {
    const tomorrow = await book(NOW.plus({ days: 1 }));
    expect((await checkIn({ code: tomorrow.code }).expect(409)).body.error).toBe('TOO_EARLY');
  });

  it('checks in once: a second try is ALREADY_CHECKED_IN, and 10 parallel tries give one ticket', async () => {
    const booking = await book(NOW);
    await checkIn({ code: booking.code }).expect(201);
    expect((await checkIn({ code: booking.code }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');
    expect((await checkIn({ documentNumber: booking.rut }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');

    const raced = await book(NOW.plus({ minutes: 5 }));
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => checkIn(i % 2 ? { code: raced.code } : { documentNumber: raced.rut })));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409).map((r) => r.body.error)).toEqual(Array(9).fill('ALREADY_CHECKED_IN'));
    const [count] = await t.db.query(`SELECT count(*)::int n FROM tickets WHERE booking_id = $1`, [raced.id]);
    expect(count.n).toBe(1);
  });

  it('finds today’s booking by RUT in any spelling; with two, the one whose window is open', async () => {
    const rut = 777;
    await book(NOW.minus({ hours: 1 }), { rut }); // its window closed at 09:15
    const current = await book(NOW.plus({ minutes: 10 }), { rut, serviceId: (await seeders(t.db).service(officeId, { code: 'C', mode: 'both' })).id });
    const formatted = rutFromBody(20_000_000 + rut).formatted; // 20.000.777-K style
    const response = await checkIn({ documentNumber: formatted }).expect(201);
    expect(response.body.number).toBe('C-001');
    const [row] = await t.db.query(`SELECT status FROM bookings WHERE id = $1`, [current.id]);
    expect(row.status).toBe('checked_in');
    expect((await checkIn({ documentNumber: rutFromBody(29_999_999).formatted }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
  });

  it('answers 404 for another office’s booking (no leaking), and for cancelled ones BOOKING_NOT_ACTIVE', async () => {
    const foreign = await book(NOW, { officeId: otherOfficeId, serviceId: otherServiceId });
    expect((await checkIn({ code: foreign.code }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
    expect((await checkIn({ documentNumber: foreign.rut }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
    expect((await checkIn({ code: 'ZZZ-ZZZ-ZZZ' }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
    const cancelled = await book(NOW, { status: 'cancelled' });
    expect((await checkIn({ code: cancelled.code }).expect(409)).body.error).toBe('BOOKING_NOT_ACTIVE');
  });

  it('needs exactly one of code and documentNumber, and staff of the office when a token is sent', async () => {
    const both = await checkIn({ code: 'ABC-DEF-GHJ', documentNumber: '1-9' }).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field)).toEqual(['code', 'documentNumber']);
    await checkIn({}).expect(400);
    const stranger = await seeders(t.db).staff('agent', otherOfficeId);
    await checkIn({ code: 'ABC-DEF-GHJ' }, officeId, await bearer(t.http, stranger.username, stranger.password)).expect(403);
    await checkIn({ code: 'ABC-DEF-GHJ' }, officeId, 'Bearer not-a-token').expect(401);
  });

  describe('at the self-service kiosk (no login)', () => {
    const kioskCheckIn = (body: Record<string, unknown>, office = officeId) => t.http.post(`/api/v1/offices/${office}/check-ins`).send(body);

    it('checks in by booking code, the bearer secret, and records the kiosk as the source', async () => {
      const booking = await book(NOW.plus({ minutes: 10 }));
      const response = await kioskCheckIn({ code: booking.code }).expect(201);
      expect(response.body).toMatchObject({ kind: 'appointment', status: 'waiting', serviceName: 'Residencia' });
      expect(response.body.trackingCode).toBeTruthy();
      expect(JSON.stringify(response.body)).not.toContain(booking.rut);
      const [event] = await t.db.query(`SELECT agent_id, details FROM ticket_events WHERE ticket_id = $1 AND type = 'checked_in'`, [response.body.id]);
      expect(event).toMatchObject({ agent_id: null, details: { bookingId: booking.id, source: 'kiosk' } });
      expect((await kioskCheckIn({ code: booking.code }).expect(409)).body.error).toBe('ALREADY_CHECKED_IN');
    });

    it('answers the same rules and codes as at the desk: unknown code, another office, outside the window', async () => {
      expect((await kioskCheckIn({ code: 'ZZZ-ZZZ-ZZZ' }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
      const foreign = await book(NOW, { officeId: otherOfficeId, serviceId: otherServiceId });
      expect((await kioskCheckIn({ code: foreign.code }).expect(404)).body.error).toBe('BOOKING_NOT_FOUND');
      expect((await kioskCheckIn({ code: (await book(NOW.plus({ hours: 2 }))).code }).expect(409)).body.error).toBe('TOO_EARLY');
    });

    it('never checks in by document number: a document is no secret, so that stays with the staff (401)', async () => {
      const booking = await book(NOW.plus({ minutes: 5 }));
      const response = await kioskCheckIn({ documentNumber: booking.rut }).expect(401);
      expect(response.body.error).toBe('UNAUTHORIZED');
      const [row] = await t.db.query(`SELECT status FROM bookings WHERE id = $1`, [booking.id]);
      expect(row.status).toBe('confirmed');
    });

    it('is described in the OpenAPI document with an optional bearer token', async () => {
      const doc = (await t.http.get('/api/docs-json').expect(200)).body;
      expect(doc.paths['/api/v1/offices/{officeId}/check-ins'].post.security).toEqual([{}, { bearer: [] }]);
    });

    it('is rate-limited per client address, like the walk-in ticket', async () => {
      const limited = await startTestApp({ FAKE_NOW: NOW.toISO()!, RATE_LIMIT_PER_MINUTE: '5' });
      try {
        const office = (await seeders(limited.db).office({ openingHours: WEEKDAYS })).id;
        const statuses: number[] = [];
        for (let i = 0; i < 61; i++) statuses.push((await limited.http.post(`/api/v1/offices/${office}/check-ins`).send({ code: 'ZZZ-ZZZ-ZZZ' })).status);
        expect(statuses.slice(0, 60)).toEqual(Array(60).fill(404));
        expect(statuses[60]).toBe(429);
      } finally {
        await limited.close();
      }
    });
  });
});
