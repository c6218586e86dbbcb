import { simpleParser } from 'mailparser';
import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const rut = (n: number) => rutFromBody(10_000_000 + n).formatted;
const normalized = (n: number) => rutFromBody(10_000_000 + n).normalized;
const person = (n: number, fields: Record<string, unknown> = {}) => ({ documentType: 'RUT', documentNumber: rut(n), fullName: `Persona ${n}`, ...fields });
/** A holder (n) and `companions` people after them (n+1, n+2…). */
const groupBody = (serviceId: string, slotStart: string, n: number, companions: number) => ({
  serviceId,
  slotStart,
  applicant: person(n, { email: `p${n}@example.cl` }),
  companions: Array.from({ length: companions }, (_, i) => person(n + 1 + i)),
});

describe('group bookings (issue #18)', () => {
  let receiver: SmtpReceiver;
  let first: TestApp;
  let second: TestApp;
  let officeId: string;
  let serviceId: string;

  const one = async (sql: string, params: unknown[] = []) => Number((await first.db.query(sql, params))[0]?.n ?? 0);
  const slotBooked = (slotStart: string, service = serviceId) => one(`SELECT booked n FROM slot_capacity WHERE service_id = $1 AND slot_start = $2`, [service, slotStart]);
  const dayBooked = (date: string, service = serviceId) => one(`SELECT booked n FROM day_capacity WHERE service_id = $1 AND local_date = $2`, [service, date]);
  const rowsIn = (slotStart: string, service = serviceId) =>
    one(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND slot_start = $2 AND status = 'confirmed'`, [service, slotStart]);
  const book = (body: Record<string, unknown>, t = first) => t.http.post('/api/v1/bookings').send(body);

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    first = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });
    second = await attachTestApp(first.databaseUrl, { FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });
    const seed = seeders(first.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'F', name: 'Reunificación familiar', slotMinutes: 15, seatsPerSlot: 5, maxGroupSize: 5 })).id;
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await receiver?.close();
  });

  it('books a group: one row per person in the slot, each a seat and a place in the day, the holder with the contact', async () => {
    const slotStart = '2026-12-02T10:00:00-03:00';
    const response = await book(groupBody(serviceId, slotStart, 100, 2)).expect(201);
    expect(response.body).toMatchObject({ status: 'confirmed', slotStart, partySize: 3 });
    expect(response.body.members).toEqual([
      { index: 0, fullName: 'Persona 100', status: 'confirmed' },
      { index: 1, fullName: 'Persona 101', status: 'confirmed' },
      { index: 2, fullName: 'Persona 102', status: 'confirmed' },
    ]);
    expect(JSON.stringify(response.body)).not.toContain(normalized(101));
    const rows = await first.db.query(
      `SELECT id, code, group_id, group_index, document_number, email, idempotency_key FROM bookings WHERE group_id = $1 ORDER BY group_index`,
      [response.body.id],
    );
    expect(rows.map((r: { group_index: number }) => r.group_index)).toEqual([0, 1, 2]);
    expect(rows[0]).toMatchObject({ id: response.body.id, code: response.body.code, email: 'p100@example.cl', document_number: normalized(100) });
    expect(rows.slice(1).map((r: { email: string | null }) => r.email)).toEqual([null, null]);
    expect(new Set(rows.map((r: { code: string }) => r.code)).size).toBe(3);
    expect(await slotBooked(slotStart)).toBe(3);
    expect(await dayBooked('2026-12-02')).toBe(3);
    const day = await first.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`).expect(200);
    expect(day.body.days[0].slots.find((s: { start: string }) => s.start === slotStart).remaining).toBe(2);
  });

  it('answers a booking of one with partySize 1 and the holder as its only member', async () => {
    const response = await book({ serviceId, slotStart: '2026-12-02T10:15:00-03:00', applicant: person(150) }).expect(201);
    expect(response.body).toMatchObject({ partySize: 1, members: [{ index: 0, fullName: 'Persona 150', status: 'confirmed' }] });
    const empty = await book({ serviceId, slotStart: '2026-12-02T10:15:00-03:00', applicant: person(151), companions: [] }).expect(201);
    expect(empty.body.partySize).toBe(1);
    const [row] = await first.db.query(`SELECT group_id, group_index FROM bookings WHERE id = $1`, [empty.body.id]);
    expect(row).toEqual({ group_id: null, group_index: null });
  });

  it('never splits a group nor overbooks: a group of 4 and 10 people racing on two instances for 5 seats, several rounds', async () => {
    const starts = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15'].map((time) => `2026-12-03T${time}:00-03:00`);
    let groupsWon = 0;
    for (const [round, slotStart] of starts.entries()) {
      const base = 1000 + round * 100;
      const requests = [
        () => book(groupBody(serviceId, slotStart, base, 3), round % 2 === 0 ? first : second),
        ...Array.from({ length: 10 }, (_, i) => () => book({ serviceId, slotStart, applicant: person(base + 10 + i) }, i % 2 === 0 ? second : first)),
      ];
      // The group goes in at a different place of the crowd each round.
      const order = [...requests.slice(1, 1 + (round * 2) % 10), requests[0]!, ...requests.slice(1 + (round * 2) % 10)];
      const responses = await Promise.all(order.map((send) => send()));
      const groupResponse = responses[(round * 2) % 10]!;
      expect([201, 409]).toContain(groupResponse.status);
      const groupRows = await one(`SELECT count(*) n FROM bookings WHERE document_number = ANY($1) AND status = 'confirmed'`, [
        [0, 1, 2, 3].map((i) => normalized(base + i)),
      ]);
      if (groupResponse.status === 201) {
        groupsWon++;
        expect(groupRows).toBe(4);
        expect(groupResponse.body.partySize).toBe(4);
      } else {
        expect(groupResponse.body.error).toBe('SLOT_FULL');
        expect(groupRows).toBe(0);
      }
      // Ten singles always fill what is left: exactly 5 people, counted alike by rows and counters.
      expect(await rowsIn(slotStart)).toBe(5);
      expect(await slotBooked(slotStart)).toBe(5);
      expect(responses.filter((r) => r.status === 201).length).toBe(groupResponse.status === 201 ? 2 : 5);
    }
    expect(await dayBooked('2026-12-03')).toBe(await one(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND local_date = '2026-12-03' AND status = 'confirmed'`, [serviceId]));
    // Which side wins is the race's business; that no round is split or overbooked is checked above.
    expect(groupsWon).toBeLessThanOrEqual(starts.length);
  });

  it("counts people in the day's cap: a cap of 6 with a group of 4 leaves room for 2", async () => {
    // Fridays 09:00–09:30: two slots of 4 seats.
    const office = await seeders(first.db).office({ openingHours: { 5: [{ start: '09:00', end: '09:30' }] } });
    const capped = (await seeders(first.db).service(office.id, { code: 'C', slotMinutes: 15, seatsPerSlot: 4, maxGroupSize: 4 })).id;
    await book(groupBody(capped, '2026-12-04T09:00:00-03:00', 2000, 3)).expect(201);
    expect(await dayBooked('2026-12-04', capped)).toBe(4);
    // A supervisor then sets a cap of 6 (spread, 3 seats a slot): the second instance has never
    // read the service, so it books under the new cap at once.
    await first.db.query(`UPDATE services SET daily_appointment_cap = 6 WHERE id = $1`, [capped]);
    const day = await second.http.get(`/api/v1/services/${capped}/availability?from=2026-12-04&to=2026-12-04`).expect(200);
    expect(day.body.days[0].remaining).toBe(2);
    const later = '2026-12-04T09:15:00-03:00';
    await book({ serviceId: capped, slotStart: later, applicant: person(2010) }, second).expect(201);
    await book({ serviceId: capped, slotStart: later, applicant: person(2011) }, second).expect(201);
    // The slot has a seat left; the day has none: 4 + 2 people.
    const third = await book({ serviceId: capped, slotStart: later, applicant: person(2012) }, second).expect(409);
    expect(third.body.error).toBe('DAY_FULL');
    expect(await dayBooked('2026-12-04', capped)).toBe(6);
    expect(await slotBooked('2026-12-04T12:15:00Z', capped)).toBe(2);
  });

  it('refuses a group that would not fit the day, with nothing claimed', async () => {
    const office = await seeders(first.db).office({ openingHours: { 4: [{ start: '09:00', end: '09:15' }] } });
    // One slot a Thursday, its 6 seats the day's cap.
    const small = (await seeders(first.db).service(office.id, { code: 'D', slotMinutes: 15, seatsPerSlot: 10, dailyAppointmentCap: 6, maxGroupSize: 10 })).id;
    await book(groupBody(small, '2026-12-03T09:00:00-03:00', 2100, 3)).expect(201);
    const tooMany = await book(groupBody(small, '2026-12-03T09:00:00-03:00', 2110, 2)).expect(409);
    expect(tooMany.body.error).toBe('SLOT_FULL');
    expect(await slotBooked('2026-12-03T12:00:00Z', small)).toBe(4);
    expect(await dayBooked('2026-12-03', small)).toBe(4);
    await book(groupBody(small, '2026-12-03T09:00:00-03:00', 2120, 1)).expect(201);
    expect(await dayBooked('2026-12-03', small)).toBe(6);
  });

  it('offers a group only slots with room for all of it, and a single person still gets the seat the group could not use', async () => {
    // A procedure nobody has read the availability of: no shared counts loaded, so the group's
    // refusal comes from book_group itself (the path that could have remembered it as "full").
    const fresh = (await seeders(first.db).service(officeId, { code: 'G', slotMinutes: 15, seatsPerSlot: 5, maxGroupSize: 5 })).id;
    const slotStart = '2026-12-09T09:00:00-03:00';
    for (let i = 0; i < 3; i++) await book({ serviceId: fresh, slotStart, applicant: person(3000 + i) }).expect(201);
    for (let i = 0; i < 3; i++) await book({ serviceId: fresh, slotStart: '2026-12-09T09:15:00-03:00', applicant: person(3010 + i) }).expect(201);
    const refused = await book(groupBody(fresh, slotStart, 3100, 2)).expect(409);
    expect(refused.body.error).toBe('SLOT_FULL');
    expect(refused.body.details.nextSlots.length).toBeGreaterThan(0);
    expect(refused.body.details.nextSlots.every((s: { remaining: number }) => s.remaining >= 3)).toBe(true);
    expect(refused.body.details.nextSlots[0].start).toBe('2026-12-09T09:30:00-03:00');
    expect(await rowsIn(slotStart, fresh)).toBe(3);
    // The group's refusal is not remembered as "full": the next two people get the slot's last seats.
    await book({ serviceId: fresh, slotStart, applicant: person(3003) }).expect(201);
    await book({ serviceId: fresh, slotStart, applicant: person(3004) }).expect(201);
    expect((await book({ serviceId: fresh, slotStart, applicant: person(3005) }).expect(409)).body.error).toBe('SLOT_FULL');
  });

  it.each([
    ['more companions than the group size', { companions: [1, 2, 3, 4, 5].map((i) => person(4000 + i)) }, 'GROUP_TOO_LARGE', 'companions'],
    ['a malformed companion RUT', { companions: [person(4001), person(4002, { documentNumber: '12.345.678-9' })] }, 'INVALID_RUT', 'companions.1.documentNumber'],
    ['the holder again as a companion', { companions: [person(4000)] }, 'VALIDATION_FAILED', 'companions.0.documentNumber'],
    ['the same companion twice, written differently', { companions: [person(4001), person(4002), person(4001, { documentNumber: rut(4001).replace(/\./g, '') })] }, 'VALIDATION_FAILED', 'companions.2.documentNumber'],
    ['a companion without a name', { companions: [{ documentType: 'RUT', documentNumber: rut(4001) }] }, 'VALIDATION_FAILED', 'companions.0.fullName'],
    ['a companion with contact fields', { companions: [person(4001, { email: 'x@example.cl' })] }, 'VALIDATION_FAILED', 'companions.0.email'],
    ['companions that are not a list', { companions: 'Juan' }, 'VALIDATION_FAILED', 'companions'],
    ['a list where a companion should be', { companions: [person(4001), [person(4002)]] }, 'VALIDATION_FAILED', 'companions.1'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, override, code, field) => {
    const before = await one(`SELECT count(*) n FROM bookings`);
    const response = await book({ ...groupBody(serviceId, '2026-12-10T09:00:00-03:00', 4000, 0), ...override }).expect(400);
    expect(response.body.error).toBe(code);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await one(`SELECT count(*) n FROM bookings`)).toBe(before);
    expect(await slotBooked('2026-12-10T12:00:00Z')).toBe(0);
  });

  it('refuses companions for a procedure booked one person at a time', async () => {
    const single = (await seeders(first.db).service(officeId, { code: 'U', slotMinutes: 15, seatsPerSlot: 5 })).id;
    const response = await book(groupBody(single, '2026-12-10T09:00:00-03:00', 4100, 1)).expect(400);
    expect(response.body).toMatchObject({ error: 'GROUP_TOO_LARGE', details: [{ field: 'companions' }] });
  });

  it('refuses a group when a member already holds a booking of the procedure, naming that member, and claims nothing', async () => {
    const slotStart = '2026-12-10T10:00:00-03:00';
    await book({ serviceId, slotStart: '2026-12-11T10:00:00-03:00', applicant: person(5002) }).expect(201);
    const response = await book(groupBody(serviceId, slotStart, 5000, 3)).expect(409);
    expect(response.body.error).toBe('DUPLICATE_BOOKING');
    expect(response.body.details).toEqual([{ field: 'companions.1.documentNumber', messages: [expect.any(String)] }]);
    expect(await rowsIn(slotStart)).toBe(0);
    expect(await slotBooked(slotStart)).toBe(0);
    expect(await dayBooked('2026-12-10')).toBe(0);
    // The holder's own booking is named as the holder's.
    const holder = await book({ ...groupBody(serviceId, slotStart, 5002, 1), companions: [person(5010)] }).expect(409);
    expect(holder.body.details).toEqual([{ field: 'applicant.documentNumber', messages: [expect.any(String)] }]);
  });

  it("lets a companion's unused booking of a past day expire instead of blocking the group", async () => {
    await first.db.query(
      `INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name)
       VALUES ('QQQ-QQQ-QQQ', $1, $2, '2026-11-20T12:00:00Z', '2026-11-20T12:15:00Z', '2026-11-20', 'confirmed', 'RUT', $3, 'Persona antigua')`,
      [officeId, serviceId, normalized(5502)],
    );
    const created = await book(groupBody(serviceId, '2026-12-10T11:00:00-03:00', 5500, 2)).expect(201);
    expect(created.body.partySize).toBe(3);
    const [old] = await first.db.query(`SELECT status::text FROM bookings WHERE code = 'QQQ-QQQ-QQQ'`);
    expect(old.status).toBe('expired');
    expect(await slotBooked('2026-12-10T14:00:00Z')).toBe(3);
  });

  it('cancels one companion: exactly one seat and one place of the day free, the others keep theirs', async () => {
    const slotStart = '2026-12-14T09:00:00-03:00';
    const created = (await book(groupBody(serviceId, slotStart, 6000, 3)).expect(201)).body;
    const { code } = created;
    expect(await slotBooked(slotStart)).toBe(4);
    await first.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: rut(6000), members: [2] }).expect(200, { status: 'cancelled' });
    expect(await slotBooked(slotStart)).toBe(3);
    expect(await dayBooked('2026-12-14')).toBe(3);
    const statuses = await first.db.query(`SELECT group_index, status::text FROM bookings WHERE group_id = $1 ORDER BY group_index`, [created.id]);
    expect(statuses.map((r: { status: string }) => r.status)).toEqual(['confirmed', 'confirmed', 'cancelled', 'confirmed']);
    const found = await first.http.post('/api/v1/bookings/lookup').send({ code, documentNumber: rut(6000) }).expect(200);
    expect(found.body).toMatchObject({ status: 'confirmed', partySize: 3 });
    expect(found.body.members.map((m: { index: number; status: string }) => [m.index, m.status])).toEqual([
      [0, 'confirmed'],
      [1, 'confirmed'],
      [2, 'cancelled'],
      [3, 'confirmed'],
    ]);
    // The freed seat is bookable by someone else at once: with the fifth, the slot is full.
    await book({ serviceId, slotStart, applicant: person(6100) }).expect(201);
    await book({ serviceId, slotStart, applicant: person(6101) }).expect(201);
    await book({ serviceId, slotStart, applicant: person(6102) }).expect(409);
    // Refusals: the same companion again, the holder, a companion who is not there.
    expect((await first.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: rut(6000), members: [2] }).expect(409)).body.error).toBe('BOOKING_NOT_ACTIVE');
    for (const members of [[0], [7], [], [1, 1], ['1'], [1.5]]) {
      const refused = await first.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: rut(6000), members }).expect(400);
      expect(refused.body.details.map((d: { field: string }) => d.field.split('.')[0])).toContain('members');
    }
    expect(await slotBooked(slotStart)).toBe(5);
    // The whole booking: everyone still coming, each seat given up.
    await first.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: rut(6000) }).expect(200);
    expect(await slotBooked(slotStart)).toBe(2);
    expect(await dayBooked('2026-12-14')).toBe(2);
    const after = await first.db.query(`SELECT status::text FROM bookings WHERE group_id = $1`, [created.id]);
    expect(after.every((r: { status: string }) => r.status === 'cancelled')).toBe(true);
    const cancelled = await first.http.post('/api/v1/bookings/lookup').send({ code, documentNumber: rut(6000) }).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', partySize: 4 });
  });

  it("refuses members on a booking of one, and a companion's own code and document", async () => {
    const single = (await book({ serviceId, slotStart: '2026-12-14T10:00:00-03:00', applicant: person(6200) }).expect(201)).body;
    const refused = await first.http.post(`/api/v1/bookings/${single.code}/cancel`).send({ documentNumber: rut(6200), members: [1] }).expect(400);
    expect(refused.body.details[0].field).toBe('members');
    const group = (await book(groupBody(serviceId, '2026-12-14T10:00:00-03:00', 6300, 1)).expect(201)).body;
    const [companion] = await first.db.query(`SELECT code FROM bookings WHERE group_id = $1 AND group_index = 1`, [group.id]);
    await first.http.post('/api/v1/bookings/lookup').send({ code: companion.code, documentNumber: rut(6301) }).expect(404);
    await first.http.post(`/api/v1/bookings/${companion.code}/cancel`).send({ documentNumber: rut(6301) }).expect(404);
    expect(await rowsIn('2026-12-14T13:00:00Z')).toBe(3);
  });

  it('moves a group together: to a slot with room for 3 of 4 nothing moves; to a free one every member still coming moves', async () => {
    const from = '2026-12-15T09:00:00-03:00';
    const created = (await book(groupBody(serviceId, from, 7000, 3)).expect(201)).body;
    const target = '2026-12-15T11:00:00-03:00';
    for (let i = 0; i < 2; i++) await book({ serviceId, slotStart: target, applicant: person(7100 + i) }).expect(201);
    const full = await first.http.post(`/api/v1/bookings/${created.code}/reschedule`).send({ documentNumber: rut(7000), slotStart: target }).expect(409);
    expect(full.body.error).toBe('SLOT_FULL');
    expect(full.body.details.nextSlots.every((s: { remaining: number }) => s.remaining >= 4)).toBe(true);
    expect(await rowsIn(from)).toBe(4);
    expect(await slotBooked(from)).toBe(4);
    expect(await slotBooked(target)).toBe(2);
    // One companion stays home; the three others move.
    await first.http.post(`/api/v1/bookings/${created.code}/cancel`).send({ documentNumber: rut(7000), members: [1] }).expect(200);
    const moved = await first.http.post(`/api/v1/bookings/${created.code}/reschedule`).send({ documentNumber: rut(7000), slotStart: target }).expect(200);
    expect(moved.body).toMatchObject({ code: created.code, slotStart: target, partySize: 3 });
    expect(moved.body.members.map((m: { status: string }) => m.status)).toEqual(['confirmed', 'cancelled', 'confirmed', 'confirmed']);
    expect(await slotBooked(from)).toBe(0);
    expect(await slotBooked(target)).toBe(5);
    expect(await rowsIn(target)).toBe(5);
    const rows = await first.db.query(`SELECT group_index, slot_start, status::text FROM bookings WHERE group_id = $1 ORDER BY group_index`, [created.id]);
    expect(rows.map((r: { slot_start: Date; status: string }) => [r.status, r.slot_start.toISOString()])).toEqual([
      ['confirmed', '2026-12-15T14:00:00.000Z'],
      ['cancelled', '2026-12-15T12:00:00.000Z'],
      ['confirmed', '2026-12-15T14:00:00.000Z'],
      ['confirmed', '2026-12-15T14:00:00.000Z'],
    ]);
  });

  it('answers a retried group booking (same Idempotency-Key) with the same group, booked once', async () => {
    const body = groupBody(serviceId, '2026-12-16T09:00:00-03:00', 8000, 2);
    const firstAnswer = await first.http.post('/api/v1/bookings').set('Idempotency-Key', 'group-8000').send(body).expect(201);
    const retry = await second.http.post('/api/v1/bookings').set('Idempotency-Key', 'group-8000').send(body).expect(201);
    expect(retry.body).toEqual(firstAnswer.body);
    expect(retry.body.partySize).toBe(3);
    expect(await rowsIn('2026-12-16T12:00:00Z')).toBe(3);
    const keyed = await first.db.query(`SELECT group_index FROM bookings WHERE idempotency_key = 'group-8000'`);
    expect(keyed).toEqual([{ group_index: 0 }]);
  });

  it('answers a retry whose first answer was lost from the booking the key made, with its members', async () => {
    const body = groupBody(serviceId, '2026-12-16T09:15:00-03:00', 8100, 1);
    const made = await first.http.post('/api/v1/bookings').set('Idempotency-Key', 'group-8100').send(body).expect(201);
    // The stored answer is lost (as when the instance died before storing it): the key's booking answers.
    await first.db.query(`DELETE FROM idempotency_keys WHERE key = 'group-8100'`);
    const retry = await first.http.post('/api/v1/bookings').set('Idempotency-Key', 'group-8100').send(body).expect(201);
    expect(retry.body).toMatchObject({ id: made.body.id, code: made.body.code, partySize: 2, members: made.body.members });
    expect(await rowsIn('2026-12-16T12:15:00Z')).toBe(2);
  });

  it('tells the holder alone, with how many people: one confirmation, one cancellation of the booking, nothing when a companion stays home', async () => {
    const sent = (to: string) => receiver.messages.filter((m) => m.to.includes(to));
    const created = (await book(groupBody(serviceId, '2026-12-17T09:00:00-03:00', 9000, 2)).expect(201)).body;
    const queued = await first.db.query(`SELECT n.kind, n.channel, b.group_index FROM notifications n JOIN bookings b ON b.id = n.booking_id WHERE b.group_id = $1`, [created.id]);
    expect(queued).toEqual([{ kind: 'booking_confirmed', channel: 'email', group_index: 0 }]);
    await first.app.get(NotificationWorker).runDue();
    expect(sent('p9000@example.cl')).toHaveLength(1);
    await first.http.post(`/api/v1/bookings/${created.code}/cancel`).send({ documentNumber: rut(9000), members: [1] }).expect(200);
    await first.app.get(NotificationWorker).runDue();
    expect(sent('p9000@example.cl')).toHaveLength(1);
    await first.http.post(`/api/v1/bookings/${created.code}/cancel`).send({ documentNumber: rut(9000) }).expect(200);
    await first.app.get(NotificationWorker).runDue();
    expect(sent('p9000@example.cl')).toHaveLength(2);
    // Each says how many people: three booked; two were still coming when the booking was cancelled.
    const texts = await Promise.all(sent('p9000@example.cl').map(async (m) => (await simpleParser(m.raw)).text ?? ''));
    expect(texts.map((text) => /Personas:?\s+(\d+)/.exec(text)?.[1])).toEqual(['3', '2']);
    const kinds = await first.db.query(`SELECT n.kind FROM notifications n JOIN bookings b ON b.id = n.booking_id WHERE b.group_id = $1 ORDER BY n.kind`, [created.id]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['booking_cancelled', 'booking_confirmed']);
  });

  it('keeps the counters equal to the people booked when cancellations of one group race on both instances', async () => {
    const slotStart = '2026-12-17T10:00:00-03:00';
    await book({ serviceId, slotStart, applicant: person(9100) }).expect(201);
    const created = (await book(groupBody(serviceId, slotStart, 9110, 3)).expect(201)).body;
    const cancel = (members: number[] | undefined, t: TestApp) =>
      t.http.post(`/api/v1/bookings/${created.code}/cancel`).send({ documentNumber: rut(9110), ...(members ? { members } : {}) });
    const responses = await Promise.all([cancel([1], first), cancel([1], second), cancel([2, 3], second), cancel(undefined, first), cancel([3], second), cancel(undefined, second)]);
    expect(responses.every((r) => [200, 409].includes(r.status))).toBe(true);
    expect(await rowsIn(slotStart)).toBe(1);
    expect(await slotBooked(slotStart)).toBe(1);
    expect(await dayBooked('2026-12-17')).toBe(await one(`SELECT count(*) n FROM bookings WHERE service_id = $1 AND local_date = '2026-12-17' AND status = 'confirmed'`, [serviceId]));
    const statuses = await first.db.query(`SELECT status::text FROM bookings WHERE group_id = $1`, [created.id]);
    expect(statuses.every((r: { status: string }) => r.status === 'cancelled')).toBe(true);
  });

  it('moves a group into a slot that singles race for on both instances: all of it or none, never over the seats', async () => {
    for (const [round, time] of ['11:00', '11:15', '11:30', '11:45'].entries()) {
      const base = 9200 + round * 50;
      const from = `2026-12-18T${time}:00-03:00`;
      const target = `2026-12-21T${time}:00-03:00`;
      const created = (await book(groupBody(serviceId, from, base, 3), round % 2 ? first : second).expect(201)).body;
      const move = () => (round % 2 ? second : first).http.post(`/api/v1/bookings/${created.code}/reschedule`).send({ documentNumber: rut(base), slotStart: target });
      const singles = Array.from({ length: 6 }, (_, i) => () => book({ serviceId, slotStart: target, applicant: person(base + 10 + i) }, i % 2 ? first : second));
      const responses = await Promise.all([...singles.slice(0, round), move, ...singles.slice(round)].map((send) => send()));
      const moved = responses[round]!;
      expect([200, 409]).toContain(moved.status);
      const inFrom = await rowsIn(from);
      expect(moved.status === 200 ? [inFrom, await rowsIn(target)] : [inFrom]).toEqual(moved.status === 200 ? [0, 5] : [4]);
      expect(await slotBooked(target)).toBe(await rowsIn(target));
      expect(await slotBooked(from)).toBe(inFrom);
      expect(await rowsIn(target)).toBeLessThanOrEqual(5);
    }
  });
});
