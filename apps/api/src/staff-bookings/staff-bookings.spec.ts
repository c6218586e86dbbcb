import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { applicantFactory } from '../testing/applicants.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours (Santiago is at -03:00 in December)
const WEEKDAYS = Object.fromEntries([1, 2, 3, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
// Thursdays also open late: a 23:00 slot is already Friday in UTC.
const HOURS = { ...WEEKDAYS, 4: [{ start: '08:30', end: '14:00' }, { start: '20:00', end: '23:45' }] };
const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';

/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Rosa Agenda', tag: 'agenda', documentBase: 16_000_000, phoneBase: 77_000_000 });
type Person = ReturnType<typeof person>;

interface ListedBooking {
  id: string;
  code: string;
  slotStart: string;
  slotEnd: string;
  status: string;
  service: { id: string; name: string };
  fullName: string;
  documentType: string;
  documentNumber: string;
  identityVerified: boolean;
  ticketNumber: string | null;
  group: { code: string; index: number; size: number } | null;
  messages: { queued: number; sent: number; failed: number; skipped: number };
}
interface Listed {
  date: string | null;
  timeZone: string;
  bookings: ListedBooking[];
  truncated: boolean;
}

/**
 * The office's bookings for its staff (issue #16, "staff see what was sent"): `GET
 * /offices/{officeId}/bookings?date=&status=` and `POST /offices/{officeId}/bookings/search { q }`.
 * Real PostgreSQL and a real SMTP server in process (the messages counted are the outbox's).
 */
describe("an office's bookings, for its staff", () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let officeA: string;
  let officeB: string;
  let residencia: string;
  let pasaporte: string;
  let serviceB: string;
  let admin: string;
  let agentA: string;
  let supervisorA: string;
  let agentB: string;
  let supervisorB: string;
  const booked: Record<string, { id: string; code: string; who: Person }> = {};

  const book = async (serviceId: string, who: Person, slotStart: string, withEmail = true) => {
    const response = await t.http
      .post('/api/v1/bookings')
      .send({ serviceId, slotStart, applicant: { documentType: 'RUT', documentNumber: who.documentNumber, fullName: who.fullName, ...(withEmail ? { email: who.email } : {}) } })
      .expect(201);
    return { id: response.body.id as string, code: response.body.code as string, who };
  };
  const list = async (query: Record<string, string>, auth = agentA, office = officeA): Promise<Listed> =>
    (await t.http.get(`/api/v1/offices/${office}/bookings`).query(query).set('Authorization', auth).expect(200)).body as Listed;
  const search = async (body: object, auth = agentA, office = officeA): Promise<Listed> =>
    (await t.http.post(`/api/v1/offices/${office}/bookings/search`).set('Authorization', auth).send(body).expect(200)).body as Listed;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });
    const seed = seeders(t.db);
    officeA = (await seed.office({ name: 'Gobernación del Elqui', openingHours: HOURS })).id;
    officeB = (await seed.office({ name: 'Gobernación de Choapa', openingHours: HOURS })).id;
    residencia = (await seed.service(officeA, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5 })).id;
    pasaporte = (await seed.service(officeA, { code: 'P', name: 'Pasaporte', seatsPerSlot: 5 })).id;
    serviceB = (await seed.service(officeB, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5 })).id;
    const login = async (role: 'agent' | 'supervisor', officeId: string) => {
      const user = await seed.staff(role, officeId);
      return bearer(t.http, user.username, user.password);
    };
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    agentA = await login('agent', officeA);
    supervisorA = await login('supervisor', officeA);
    agentB = await login('agent', officeB);
    supervisorB = await login('supervisor', officeB);

    booked.lateThursday = await book(residencia, person(), `${THURSDAY}T23:00:00-03:00`);
    booked.morningPasaporte = await book(pasaporte, person(), `${THURSDAY}T09:00:00-03:00`, false);
    booked.morningResidencia = await book(residencia, person(), `${THURSDAY}T09:00:00-03:00`);
    booked.cancelled = await book(residencia, person(), `${THURSDAY}T10:00:00-03:00`);
    booked.friday = await book(residencia, person(), `${FRIDAY}T08:30:00-03:00`);
    booked.today = await book(residencia, person(), '2026-12-01T09:15:00-03:00');
    // The same person also booked at the other office: a search in office A must not show it.
    booked.elsewhere = await book(serviceB, booked.lateThursday.who, `${THURSDAY}T09:00:00-03:00`);
    await t.app.get(NotificationWorker).runDue(); // the confirmations, sent
    await t.http.post(`/api/v1/bookings/${booked.cancelled.code}/cancel`).send({ documentNumber: booked.cancelled.who.documentNumber }).expect(200);
    await t.http.post(`/api/v1/offices/${officeA}/check-ins`).send({ code: booked.today.code }).expect(201);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it("lists a day by the office's local date, sorted by slot then service, with who, what, the ticket and the messages counted", async () => {
    const thursday = await list({ date: THURSDAY });
    expect(thursday.date).toBe(THURSDAY);
    expect(thursday.timeZone).toBe('America/Santiago');
    expect(thursday.truncated).toBe(false);
    expect(thursday.bookings.map((b) => b.code)).toEqual([booked.morningPasaporte.code, booked.morningResidencia.code, booked.cancelled.code, booked.lateThursday.code]);

    const late = thursday.bookings.at(-1)!;
    const who = booked.lateThursday.who;
    expect(late).toEqual({
      id: booked.lateThursday.id,
      code: booked.lateThursday.code,
      slotStart: `${THURSDAY}T23:00:00-03:00`,
      slotEnd: `${THURSDAY}T23:15:00-03:00`,
      status: 'confirmed',
      service: { id: residencia, name: 'Residencia temporal' },
      fullName: who.fullName,
      documentType: 'RUT',
      documentNumber: who.normalized,
      identityVerified: false,
      ticketNumber: null,
      group: null,
      messages: { queued: 0, sent: 1, failed: 0, skipped: 0 },
    });
    // The counts are the outbox's: the cancelled booking's confirmation was sent, its cancellation is still queued.
    expect(thursday.bookings.find((b) => b.id === booked.cancelled.id)).toMatchObject({ status: 'cancelled', messages: { queued: 1, sent: 1, failed: 0, skipped: 0 } });
    expect(thursday.bookings.find((b) => b.id === booked.morningPasaporte.id)!.messages).toEqual({ queued: 0, sent: 0, failed: 0, skipped: 0 });
    const outbox = (await t.db.query(`SELECT status::text AS status, count(*)::int AS n FROM notifications WHERE booking_id = $1 GROUP BY status`, [booked.cancelled.id])) as {
      status: string;
      n: number;
    }[];
    expect(Object.fromEntries(outbox.map((row) => [row.status, row.n]))).toEqual({ queued: 1, sent: 1 });

    // 23:00 on Thursday in Santiago is 02:00 on Friday in UTC: it stays Thursday's.
    expect((await list({ date: FRIDAY })).bookings.map((b) => b.code)).toEqual([booked.friday.code]);
  });

  it("defaults to today in the office's time zone and shows the ticket of a checked-in booking", async () => {
    const today = await list({});
    expect(today.date).toBe('2026-12-01');
    expect(today.bookings).toHaveLength(1);
    const [checkedIn] = today.bookings;
    const [ticket] = (await t.db.query(`SELECT number FROM tickets WHERE booking_id = $1`, [booked.today.id])) as { number: string }[];
    expect(checkedIn).toMatchObject({ id: booked.today.id, status: 'checked_in', ticketNumber: ticket!.number });
    expect(ticket!.number).toMatch(/^R-\d{3}$/);
  });

  it('filters by status', async () => {
    expect((await list({ date: THURSDAY, status: 'confirmed' })).bookings.map((b) => b.id)).toEqual([booked.morningPasaporte.id, booked.morningResidencia.id, booked.lateThursday.id]);
    expect((await list({ date: THURSDAY, status: 'cancelled' })).bookings.map((b) => b.id)).toEqual([booked.cancelled.id]);
    expect((await list({ date: THURSDAY, status: 'no_show' })).bookings).toEqual([]);
  });

  it('finds by code or document as typed (POST: neither travels in a URL), within the office only', async () => {
    const { code, who } = booked.lateThursday;
    const byCode = await search({ q: ` ${code.replace(/-/g, '').toLowerCase()} ` });
    expect(byCode.date).toBeNull();
    expect(byCode.bookings.map((b) => b.id)).toEqual([booked.lateThursday.id]);
    // "12.345.678-5", "12345678-5", "123456785": the RUT as people write it.
    for (const typed of [who.documentNumber, who.normalized, who.normalized.replace('-', '')]) {
      expect((await search({ q: typed })).bookings.map((b) => b.id)).toEqual([booked.lateThursday.id]);
    }
    expect((await search({ q: who.documentNumber, date: FRIDAY })).bookings).toEqual([]);
    expect((await search({ q: who.documentNumber, status: 'confirmed', date: THURSDAY })).bookings.map((b) => b.id)).toEqual([booked.lateThursday.id]);
    expect((await search({ q: who.documentNumber }, agentB, officeB)).bookings.map((b) => b.id)).toEqual([booked.elsewhere.id]);
    expect((await search({ q: 'nada que ver' })).bookings).toEqual([]);
  });

  it("serves the office's agents and supervisors and admins; refuses another office's staff (403), an unknown office (404) and anonymous callers (401)", async () => {
    const expected = (await list({ date: THURSDAY })).bookings.map((b) => b.id);
    for (const auth of [supervisorA, admin]) expect((await list({ date: THURSDAY }, auth)).bookings.map((b) => b.id)).toEqual(expected);
    for (const auth of [agentB, supervisorB]) {
      const refused = await t.http.get(`/api/v1/offices/${officeA}/bookings`).query({ date: THURSDAY }).set('Authorization', auth).expect(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      expect(JSON.stringify(refused.body)).not.toContain('Rosa');
      const searched = await t.http.post(`/api/v1/offices/${officeA}/bookings/search`).set('Authorization', auth).send({ q: booked.lateThursday.code }).expect(403);
      expect(searched.body.error).toBe('FORBIDDEN');
    }
    const unknown = await t.http.get(`/api/v1/offices/${randomUUID()}/bookings`).set('Authorization', admin).expect(404);
    expect(unknown.body.error).toBe('OFFICE_NOT_FOUND');
    await t.http.get(`/api/v1/offices/${officeA}/bookings`).expect(401);
    await t.http.post(`/api/v1/offices/${officeA}/bookings/search`).send({ q: booked.lateThursday.code }).expect(401);
  });

  it("shows a group's people as rows next to each other, each with the holder's code, its place and the group's size", async () => {
    const family = (await seeders(t.db).service(officeA, { code: 'F', name: 'Reunificación familiar', seatsPerSlot: 5, maxGroupSize: 4 })).id;
    const holder = person();
    const companions = [person(), person()];
    const monday = '2026-12-07';
    const single = await book(family, person(), `${monday}T09:00:00-03:00`, false);
    const created = await t.http
      .post('/api/v1/bookings')
      .send({
        serviceId: family,
        slotStart: `${monday}T09:00:00-03:00`,
        applicant: { documentType: 'RUT', documentNumber: holder.documentNumber, fullName: holder.fullName },
        companions: companions.map((c) => ({ documentType: 'RUT', documentNumber: c.documentNumber, fullName: c.fullName })),
      })
      .expect(201);
    const code = created.body.code as string;
    await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: holder.documentNumber, members: [1] }).expect(200);
    const day = await list({ date: monday });
    const groupRows = day.bookings.filter((b) => b.group !== null);
    expect(groupRows.map((b) => [b.fullName, b.status, b.group])).toEqual([
      [holder.fullName, 'confirmed', { code, index: 0, size: 2 }],
      [companions[0]!.fullName, 'cancelled', { code, index: 1, size: 2 }],
      [companions[1]!.fullName, 'confirmed', { code, index: 2, size: 2 }],
    ]);
    // The group's rows are not split by another booking of the slot.
    const at = groupRows.map((row) => day.bookings.indexOf(row));
    expect(at).toEqual([at[0], at[0]! + 1, at[0]! + 2]);
    expect(day.bookings.find((b) => b.id === single.id)!.group).toBeNull();
    // The holder's code finds everyone in the group; a companion's document finds that companion.
    expect((await search({ q: code })).bookings.map((b) => b.group?.index)).toEqual([0, 1, 2]);
    const byCompanion = await search({ q: companions[1]!.documentNumber });
    expect(byCompanion.bookings.map((b) => [b.fullName, b.documentNumber, b.group?.index])).toEqual([[companions[1]!.fullName, companions[1]!.normalized, 2]]);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const refusal = async (request: Promise<{ status: number; body: { error: string; details: { field: string }[] } }>) => {
      const response = await request;
      expect(response.status).toBe(400);
      expect(response.body.error).toBe('VALIDATION_FAILED');
      return response.body.details.map((d) => d.field);
    };
    const get = (query: Record<string, string>, office = officeA) => t.http.get(`/api/v1/offices/${office}/bookings`).query(query).set('Authorization', agentA);
    const post = (body: object) => t.http.post(`/api/v1/offices/${officeA}/bookings/search`).set('Authorization', agentA).send(body);
    expect(await refusal(get({ date: '2026-02-30' }))).toEqual(['date']);
    expect(await refusal(get({ date: '03-12-2026' }))).toEqual(['date']);
    expect(await refusal(get({ status: 'lost' }))).toEqual(['status']);
    expect(await refusal(get({}, 'not-a-uuid'))).toEqual(['officeId']);
    expect(await refusal(post({ q: '   ' }))).toEqual(['q']);
    expect(await refusal(post({}))).toEqual(['q']);
    expect(await refusal(post({ q: 'x'.repeat(65) }))).toEqual(['q']);
    expect(await refusal(post({ q: 'ABC', date: null }))).toEqual(['date']);
    expect(await refusal(post({ q: 'ABC', extra: 1 }))).toEqual(['extra']);
  });
});
