import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(10_000_000 + n).formatted;
const applicant = (n: number, fields: Record<string, unknown> = {}) => ({ documentType: 'RUT', documentNumber: rut(n), fullName: `Persona ${n}`, ...fields });

describe('online booking', () => {
  let t: TestApp;
  let officeId: string;
  let serviceId: string;
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS, address: 'Arturo Prat 350, La Serena' })).id;
    serviceId = (
      await seed.service(officeId, { code: 'R', name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5, requirements: ['Pasaporte vigente'] })
    ).id;
  });
  afterAll(() => t.close());

  const book = (body: Record<string, unknown>, http = t.http) => http.post('/api/v1/bookings').send(body);

  it('lists availability with closed days and their reason, and refuses more than 62 days', async () => {
    const response = await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-07&to=2026-12-13`).expect(200);
    expect(response.body).toMatchObject({ serviceId, timeZone: 'America/Santiago' });
    const byDate = Object.fromEntries(response.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-12-07']).toMatchObject({ open: true, remaining: 22 * 5 });
    expect(byDate['2026-12-07'].slots[0]).toEqual({ start: '2026-12-07T08:30:00-03:00', end: '2026-12-07T08:45:00-03:00', remaining: 5 });
    expect(byDate['2026-12-08']).toMatchObject({ open: false, remaining: 0 }); // Inmaculada Concepción
    expect(byDate['2026-12-08'].reason).toMatch(/concepci/i);
    expect(byDate['2026-12-12']).toMatchObject({ open: false });
    const tooLong = await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-01&to=2027-02-01`).expect(400);
    expect(tooLong.body.error).toBe('INVALID_DATE_RANGE');
  });

  it('books a slot and answers with the code; the seat count drops', async () => {
    const response = await book({ serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant: applicant(1, { email: 'a@example.cl' }) }).expect(201);
    expect(response.body).toMatchObject({
      status: 'confirmed',
      serviceId,
      officeId,
      slotStart: '2026-12-02T10:00:00-03:00',
      slotEnd: '2026-12-02T10:15:00-03:00',
      requirements: ['Pasaporte vigente'],
    });
    expect(response.body.code).toMatch(/^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$/);
    const [row] = await t.db.query(`SELECT document_number, full_name FROM bookings WHERE code = $1`, [response.body.code]);
    expect(row.document_number).toBe(rutFromBody(10_000_001).normalized);
    const day = await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`).expect(200);
    expect(day.body.days[0].slots.find((s: { start: string }) => s.start === '2026-12-02T10:00:00-03:00').remaining).toBe(4);
  });

  it('gives exactly 5 of 300 simultaneous requests the 5 seats of one slot', async () => {
    const slotStart = '2026-12-03T09:00:00-03:00';
    const responses = await Promise.all(Array.from({ length: 300 }, (_, i) => book({ serviceId, slotStart, applicant: applicant(1000 + i) })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 409)).toHaveLength(295);
    expect(new Set(responses.filter((r) => r.status === 409).map((r) => r.body.error))).toEqual(new Set(['SLOT_FULL']));
    expect(await count(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND slot_start = $2`, [serviceId, slotStart])).toBe(5);
    expect(await count(`SELECT booked n FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [serviceId, slotStart])).toBe(5);
  });

  it('suggests the next slots with room when a slot is full', async () => {
    const response = await book({ serviceId, slotStart: '2026-12-03T09:00:00-03:00', applicant: applicant(5000) }).expect(409);
    expect(response.body.error).toBe('SLOT_FULL');
    expect(response.body.details.nextSlots[0]).toEqual({ start: '2026-12-03T09:15:00-03:00', end: '2026-12-03T09:30:00-03:00', remaining: 5 });
  });

  it("suggests the next day's first slots when the day's last slot is full, and never a slot of a holiday", async () => {
    const slotStart = '2026-12-07T13:45:00-03:00'; // a Monday's last slot; Tuesday 8 is a holiday
    for (let i = 0; i < 5; i++) await book({ serviceId, slotStart, applicant: applicant(5100 + i) }).expect(201);
    const response = await book({ serviceId, slotStart, applicant: applicant(5105) }).expect(409);
    expect(response.body.error).toBe('SLOT_FULL');
    expect(response.body.details.nextSlots.map((s: { start: string }) => s.start)).toEqual([
      '2026-12-09T08:30:00-03:00',
      '2026-12-09T08:45:00-03:00',
      '2026-12-09T09:00:00-03:00',
    ]);
    // An earlier full slot of the same day is offered the day's later slots first.
    for (let i = 0; i < 5; i++) await book({ serviceId, slotStart: '2026-12-07T13:15:00-03:00', applicant: applicant(5110 + i) }).expect(201);
    const earlier = await book({ serviceId, slotStart: '2026-12-07T13:15:00-03:00', applicant: applicant(5115) }).expect(409);
    expect(earlier.body.details.nextSlots.map((s: { start: string }) => s.start)).toEqual([
      '2026-12-07T13:30:00-03:00',
      '2026-12-09T08:30:00-03:00',
      '2026-12-09T08:45:00-03:00',
    ]);
  });

  it('gives one booking to 50 simultaneous requests with the same document', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book({ serviceId, slotStart: `2026-12-04T${String(9 + Math.floor((i % 20) / 4)).padStart(2, '0')}:${['00', '15', '30', '45'][i % 4]}:00-03:00`, applicant: applicant(7777) })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.status !== 201).map((r) => r.body.error)).toEqual(Array(49).fill('DUPLICATE_BOOKING'));
    expect(await count(`SELECT count(*) n FROM bookings WHERE document_number = $1`, [rutFromBody(10_007_777).normalized])).toBe(1);
    expect(await count(`SELECT coalesce(sum(booked), 0) n FROM slot_capacity WHERE service_id = $1 AND slot_start::date = '2026-12-04'`, [serviceId])).toBe(1);
  });

  it('cancels: the seat is free again at once and can be booked by someone else', async () => {
    const slotStart = '2026-12-03T09:00:00-03:00'; // full since the rush
    const [victim] = await t.db.query(`SELECT code, document_number FROM bookings WHERE slot_start = $1 LIMIT 1`, [slotStart]);
    await t.http.post(`/api/v1/bookings/${victim.code}/cancel`).send({ documentNumber: 'wrong-doc' }).expect(404);
    const remaining = async () =>
      (await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-03&to=2026-12-03`).expect(200)).body.days[0].slots.find(
        (s: { start: string }) => s.start === slotStart,
      ).remaining;
    expect(await remaining()).toBe(0);
    await t.http.post(`/api/v1/bookings/${victim.code}/cancel`).send({ documentNumber: victim.document_number }).expect(200, { status: 'cancelled' });
    expect(await remaining()).toBe(1); // at once, though availability answers are shared briefly
    await book({ serviceId, slotStart, applicant: applicant(6000) }).expect(201);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a booking shows within a tenth of a second
    expect(await remaining()).toBe(0);
    await book({ serviceId, slotStart, applicant: applicant(6001) }).expect(409);
    const again = await t.http.post(`/api/v1/bookings/${victim.code}/cancel`).send({ documentNumber: victim.document_number }).expect(409);
    expect(again.body.error).toBe('BOOKING_NOT_ACTIVE');
  });

  it('looks a booking up by code and document in the body, forgiving case and dashes', async () => {
    const created = await book({ serviceId, slotStart: '2026-12-09T11:00:00-03:00', applicant: applicant(8000) }).expect(201);
    const typed = created.body.code.toLowerCase().replace(/-/g, ' ');
    const found = await t.http.post('/api/v1/bookings/lookup').send({ code: typed, documentNumber: rut(8000).replace(/\./g, '') }).expect(200);
    expect(found.body).toMatchObject({ id: created.body.id, status: 'confirmed', serviceName: 'Residencia temporal' });
    await t.http.post('/api/v1/bookings/lookup').send({ code: created.body.code, documentNumber: rut(8001) }).expect(404);
  });

  it('reschedules atomically: into a full slot nothing changes, into a free one the seats move', async () => {
    const created = await book({ serviceId, slotStart: '2026-12-10T11:00:00-03:00', applicant: applicant(9000) }).expect(201);
    const full = await t.http
      .post(`/api/v1/bookings/${created.body.code}/reschedule`)
      .send({ documentNumber: rut(9000), slotStart: '2026-12-03T09:00:00-03:00' })
      .expect(409);
    expect(full.body.error).toBe('SLOT_FULL');
    const [unchanged] = await t.db.query(`SELECT slot_start, status FROM bookings WHERE id = $1`, [created.body.id]);
    expect([unchanged.slot_start.toISOString(), unchanged.status]).toEqual(['2026-12-10T14:00:00.000Z', 'confirmed']);
    const moved = await t.http
      .post(`/api/v1/bookings/${created.body.code}/reschedule`)
      .send({ documentNumber: rut(9000), slotStart: '2026-12-11T12:30:00-03:00' })
      .expect(200);
    expect(moved.body).toMatchObject({ code: created.body.code, slotStart: '2026-12-11T12:30:00-03:00' });
    expect(await count(`SELECT booked n FROM slot_capacity WHERE service_id = $1 AND slot_start = '2026-12-10T14:00:00Z'`, [serviceId])).toBe(0);
    expect(await count(`SELECT booked n FROM slot_capacity WHERE service_id = $1 AND slot_start = '2026-12-11T15:30:00Z'`, [serviceId])).toBe(1);
  });

  it('serves a QR holding the code and a calendar event, neither with personal data', async () => {
    const created = await book({ serviceId, slotStart: '2026-12-14T08:30:00-03:00', applicant: applicant(9100, { fullName: 'Juana Secreta', email: 'juana@example.cl' }) }).expect(201);
    const qr = await t.http.get(`/api/v1/bookings/${created.body.code}/qr.svg`).expect(200);
    expect(qr.headers['content-type']).toContain('image/svg+xml');
    expect(qr.text ?? qr.body.toString()).toContain('<svg');
    const ics = await t.http.get(`/api/v1/bookings/${created.body.code}/calendar.ics`).expect(200);
    const text = ics.text;
    expect(text).toContain('BEGIN:VEVENT');
    expect(text).toContain('Residencia temporal');
    expect(text).toContain('Arturo Prat 350');
    expect(text).toContain('DTSTART:20261214T113000Z'); // 08:30 in La Serena
    for (const secret of ['Juana', 'juana@example.cl', rut(9100), rutFromBody(10_009_100).normalized]) expect(text).not.toContain(secret);
    await t.http.get('/api/v1/bookings/AAA-AAA-AAA/qr.svg').expect(404);
  });

  it.each([
    ['a malformed RUT', { applicant: applicant(1, { documentNumber: '12.345.67' }) }, 400, 'INVALID_RUT'],
    ['a wrong check digit', { applicant: applicant(1, { documentNumber: '12.345.678-9' }) }, 400, 'INVALID_RUT'],
    ['a past slot', { slotStart: '2026-12-01T08:30:00-03:00' }, 409, 'OUTSIDE_BOOKING_WINDOW'],
    ['a slot beyond the horizon', { slotStart: '2027-01-15T09:00:00-03:00' }, 409, 'OUTSIDE_BOOKING_WINDOW'],
    ['a slot off the grid', { slotStart: '2026-12-02T10:07:00-03:00' }, 409, 'NOT_A_SLOT'],
    ['a closed day', { slotStart: '2026-12-08T10:00:00-03:00' }, 409, 'OFFICE_CLOSED'],
    ['an unknown service', { serviceId: '00000000-0000-4000-8000-000000000000' }, 404, 'SERVICE_NOT_FOUND'],
    ['an unknown field', { coupon: 'FREE' }, 400, 'VALIDATION_FAILED'],
    ['a 10,000-character name', { applicant: applicant(1, { fullName: 'x'.repeat(10_000) }) }, 400, 'VALIDATION_FAILED'],
    ['a bad email', { applicant: applicant(1, { email: 'not-an-email' }) }, 400, 'VALIDATION_FAILED'],
    ['a consent to SMS that is not a boolean', { applicant: applicant(1, { phone: '912345678', smsConsent: 'yes' }) }, 400, 'VALIDATION_FAILED'],
    ['a date without offset', { slotStart: 'tomorrow' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %s with a 4xx code and writes nothing', async (_, override, status, code) => {
    const before = await count(`SELECT count(*) n FROM bookings`);
    const response = await book({ serviceId, slotStart: '2026-12-02T11:00:00-03:00', applicant: applicant(4242), ...override });
    expect(response.status).toBe(status);
    expect(response.body.error).toBe(code);
    expect(await count(`SELECT count(*) n FROM bookings`)).toBe(before);
  });

  it('stores the phone in E.164 and the consent to SMS only when given with a phone (false by default)', async () => {
    const slotStart = '2026-12-16T09:00:00-03:00';
    const cases = [
      { n: 9500, fields: { phone: '9 8765 4321', smsConsent: true }, phone: '+56987654321', consent: true },
      { n: 9501, fields: { phone: '+56 2 2918 3746' }, phone: '+56229183746', consent: false },
      { n: 9502, fields: { phone: '+54 9 11 1234-5678', smsConsent: false }, phone: '+5491112345678', consent: false },
      { n: 9503, fields: { smsConsent: true }, phone: null, consent: false },
    ];
    for (const c of cases) {
      const { code } = (await book({ serviceId, slotStart, applicant: applicant(c.n, c.fields) }).expect(201)).body;
      const [row] = await t.db.query(`SELECT phone, sms_consent FROM bookings WHERE code = $1`, [code]);
      expect(row, JSON.stringify(c.fields)).toEqual({ phone: c.phone, sms_consent: c.consent });
    }
  });

  it.each(['12345', '4155550100', '+56 9 1234 567', '9 1234 5678 ext 2'])('refuses the phone %s with a 400 naming applicant.phone', async (phone) => {
    const before = await count(`SELECT count(*) n FROM bookings`);
    const response = await book({ serviceId, slotStart: '2026-12-16T09:15:00-03:00', applicant: applicant(9510, { phone, smsConsent: true }) }).expect(400);
    expect(response.body.error).toBe('VALIDATION_FAILED');
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['applicant.phone']);
    expect(await count(`SELECT count(*) n FROM bookings`)).toBe(before);
  });

  it('answers a retried booking (same Idempotency-Key) with the first booking, and a reused key with 422', async () => {
    const body = { serviceId, slotStart: '2026-12-15T09:00:00-03:00', applicant: applicant(9300) };
    const first = await t.http.post('/api/v1/bookings').set('Idempotency-Key', 'retry-9300').send(body).expect(201);
    const retry = await t.http.post('/api/v1/bookings').set('Idempotency-Key', 'retry-9300').send(body).expect(201);
    expect(retry.body).toEqual(first.body);
    const reused = await t.http.post('/api/v1/bookings').set('Idempotency-Key', 'retry-9300').send({ ...body, applicant: applicant(9301) }).expect(422);
    expect(reused.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await count(`SELECT count(*) n FROM bookings WHERE slot_start = '2026-12-15T12:00:00Z'`)).toBe(1);
  });

  it('lets an unused booking of a past day expire instead of blocking a new one', async () => {
    await t.db.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name)
       VALUES ('PPP-PPP-PPP', $1, $2, '2026-11-20T12:00:00Z', '2026-11-20T12:15:00Z', '2026-11-20', 'confirmed', 'RUT', $3, 'Persona antigua')`,
      [officeId, serviceId, rutFromBody(10_009_400).normalized],
    );
    await book({ serviceId, slotStart: '2026-12-16T09:00:00-03:00', applicant: applicant(9400) }).expect(201);
    const [old] = await t.db.query(`SELECT status FROM bookings WHERE code = 'PPP-PPP-PPP'`);
    expect(old.status).toBe('expired');
    await book({ serviceId, slotStart: '2026-12-17T09:00:00-03:00', applicant: applicant(9400) }).expect(409);
  });

  it('refuses to book a walk-in-only service', async () => {
    const walkIn = await seeders(t.db).service(officeId, { code: 'W', mode: 'walk_in' });
    const response = await book({ serviceId: walkIn.id, slotStart: '2026-12-02T11:00:00-03:00', applicant: applicant(4343) }).expect(409);
    expect(response.body.error).toBe('SERVICE_NOT_BOOKABLE');
  });
});

describe('a rush over a whole day whose cap is below the seats, on two API instances', () => {
  let first: TestApp;
  let second: TestApp;
  let serviceId: string;

  beforeAll(async () => {
    first = await startTestApp({ FAKE_NOW: NOW });
    second = await attachTestApp(first.databaseUrl, { FAKE_NOW: NOW });
    const seed = seeders(first.db);
    const office = await seed.office({ openingHours: WEEKDAYS });
    // 22 slots × 5 seats = 110 seats, capped at 80 a day.
    serviceId = (await seed.service(office.id, { code: 'P', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5, dailyAppointmentCap: 80 })).id;
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('gives exactly 5 of 300 applicants racing on both instances the 5 seats of one slot', async () => {
    const office = await seeders(first.db).office({ openingHours: WEEKDAYS });
    const oneSlot = await seeders(first.db).service(office.id, { code: 'S', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5 });
    const slotStart = '2026-12-03T10:00:00-03:00';
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => (i % 2 === 0 ? first : second).http.post('/api/v1/bookings').send({ serviceId: oneSlot.id, slotStart, applicant: applicant(40_000 + i) })),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(5);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(295);
    const [{ n }] = await first.db.query(`SELECT count(*)::int n FROM bookings WHERE service_id = $1`, [oneSlot.id]);
    expect(n).toBe(5);
  });

  it('sells exactly 80 seats to 200 applicants racing on both instances', async () => {
    const day = await first.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`).expect(200);
    const slots: string[] = day.body.days[0].slots.map((s: { start: string }) => s.start);
    expect(day.body.days[0].remaining).toBe(80);
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? first : second).http.post('/api/v1/bookings').send({ serviceId, slotStart: slots[i % slots.length], applicant: applicant(20_000 + i) }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(80);
    expect(responses.filter((r) => r.status !== 201).every((r) => r.status === 409 && ['SLOT_FULL', 'DAY_FULL'].includes(r.body.error))).toBe(true);
    const [{ n }] = await first.db.query(`SELECT count(*)::int n FROM bookings WHERE service_id = $1 AND status = 'confirmed'`, [serviceId]);
    expect(n).toBe(80);
    const overbooked = await first.db.query(
      `SELECT slot_start FROM bookings WHERE service_id = $1 GROUP BY slot_start HAVING count(*) > (SELECT seats FROM slot_capacity c WHERE c.service_id = $1 AND c.slot_start = bookings.slot_start)`,
      [serviceId],
    );
    expect(overbooked).toEqual([]);
  });
});
