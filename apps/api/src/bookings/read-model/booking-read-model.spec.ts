import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../../testing/test-app.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const applicant = (n: number) => ({ documentType: 'RUT', documentNumber: rutFromBody(30_000_000 + n).formatted, fullName: `Persona ${n}`, email: `persona.${n}@example.cl` });

/**
 * BookingReadModel (issue #19): what an instance remembers of a service's seats (availability
 * answers, shared counts, slots seen full) changes with every change made on that instance, at
 * once for a freed seat, within the answer's life for a taken one; and memory only ever refuses,
 * never grants: a seat is `book_seat`'s alone.
 */
describe('the booking read model', () => {
  let t: TestApp;
  let second: TestApp;
  let officeId: string;
  let services = 0;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    second = await attachTestApp(t.databaseUrl, { FAKE_NOW: NOW });
    officeId = (await seeders(t.db).office({ openingHours: WEEKDAYS, waitlistHoldMinutes: 30 })).id;
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const newService = async (seatsPerSlot: number) =>
    (await seeders(t.db).service(officeId, { code: `M${++services}`, name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot })).id;
  const book = (serviceId: string, slotStart: string, n: number, app = t) => app.http.post('/api/v1/bookings').send({ serviceId, slotStart, applicant: applicant(n) });
  /** The seats left in a slot, as this instance's availability answer says. */
  const remaining = async (serviceId: string, slotStart: string, app = t): Promise<number> => {
    const day = slotStart.slice(0, 10);
    const answer = await app.http.get(`/api/v1/services/${serviceId}/availability?from=${day}&to=${day}`).expect(200);
    return answer.body.days[0].slots.find((slot: { start: string }) => slot.start === slotStart).remaining;
  };
  const confirmed = async (serviceId: string, slotStart: string) =>
    Number((await t.db.query(`SELECT count(*)::int n FROM bookings WHERE service_id = $1 AND slot_start = $2 AND status = 'confirmed'`, [serviceId, slotStart]))[0].n);

  it('forgets a slot it saw full the moment a seat of it is cancelled here: the next applicant gets that seat', async () => {
    const serviceId = await newService(2);
    const slotStart = '2026-12-02T10:00:00-03:00';
    const first = await book(serviceId, slotStart, 1).expect(201);
    await book(serviceId, slotStart, 2).expect(201);
    expect((await book(serviceId, slotStart, 3).expect(409)).body.error).toBe('SLOT_FULL');
    // Refused again, now from memory (the slot was seen full, and the shared counts say so).
    expect((await book(serviceId, slotStart, 4).expect(409)).body.error).toBe('SLOT_FULL');
    expect(await remaining(serviceId, slotStart)).toBe(0);

    await t.http.post(`/api/v1/bookings/${first.body.code}/cancel`).send({ documentNumber: applicant(1).documentNumber }).expect(200);
    expect(await remaining(serviceId, slotStart)).toBe(1);
    await book(serviceId, slotStart, 3).expect(201);
    // The booking made here shows in the shared answer within its life.
    await expect.poll(() => remaining(serviceId, slotStart)).toBe(0);
    expect((await book(serviceId, slotStart, 4).expect(409)).body.error).toBe('SLOT_FULL');
    expect(await confirmed(serviceId, slotStart)).toBe(2);
  });

  it('forgets a slot it saw full the moment a booking moves out of it here', async () => {
    const serviceId = await newService(1);
    const from = '2026-12-03T10:00:00-03:00';
    const to = '2026-12-03T11:00:00-03:00';
    const moving = await book(serviceId, from, 10).expect(201);
    expect((await book(serviceId, from, 11).expect(409)).body.error).toBe('SLOT_FULL');
    expect(await remaining(serviceId, from)).toBe(0);

    await t.http.post(`/api/v1/bookings/${moving.body.code}/reschedule`).send({ documentNumber: applicant(10).documentNumber, slotStart: to }).expect(200);
    expect(await remaining(serviceId, from)).toBe(1);
    await book(serviceId, from, 11).expect(201);
    expect(await confirmed(serviceId, from)).toBe(1);
    expect(await confirmed(serviceId, to)).toBe(1);
  });

  it('never grants from memory: an instance whose counts still show room is refused by book_seat, and learns the slot is full', async () => {
    const serviceId = await newService(2);
    const slotStart = '2026-12-04T10:00:00-03:00';
    // The second instance reads (its shared counts now say two seats are free) ...
    expect(await remaining(serviceId, slotStart, second)).toBe(2);
    // ... then the first sells both.
    await book(serviceId, slotStart, 20).expect(201);
    await book(serviceId, slotStart, 21).expect(201);
    const refused = await book(serviceId, slotStart, 22, second).expect(409);
    expect(refused.body.error).toBe('SLOT_FULL');
    expect((await book(serviceId, slotStart, 23, second).expect(409)).body.error).toBe('SLOT_FULL');
    expect(await confirmed(serviceId, slotStart)).toBe(2);
    // Another instance's bookings show in this one's answers once they expire.
    await expect.poll(() => remaining(serviceId, slotStart, second), { timeout: 5_000 }).toBe(0);
  });

  it('shows at once a seat that a declined waitlist offer gave back here, and books it', async () => {
    const serviceId = await newService(1);
    const day = '2026-12-22';
    const slotStart = `${day}T09:00:00-03:00`;
    const waiting = applicant(30);
    const entry = (await t.http.post('/api/v1/waitlist').send({ serviceId, from: day, to: day, applicant: waiting }).expect(201)).body.code;
    const owner = await book(serviceId, slotStart, 31).expect(201);
    // The cancelled seat is held for the person waiting: not free for anyone else.
    await t.http.post(`/api/v1/bookings/${owner.body.code}/cancel`).send({ documentNumber: applicant(31).documentNumber }).expect(200);
    expect(await remaining(serviceId, slotStart)).toBe(0);
    expect((await book(serviceId, slotStart, 32).expect(409)).body.error).toBe('SLOT_FULL');

    // Declined, with nobody else waiting: the seat goes back to everyone, and this instance says so at once.
    await t.http.post(`/api/v1/waitlist/${entry}/decline`).send({ documentNumber: waiting.documentNumber }).expect(200);
    expect(await remaining(serviceId, slotStart)).toBe(1);
    await book(serviceId, slotStart, 32).expect(201);
    expect(await confirmed(serviceId, slotStart)).toBe(1);
  });
});
