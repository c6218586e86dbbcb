import { randomUUID } from 'node:crypto';
import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from './notification-worker.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

let people = 0;
function person() {
  const n = ++people;
  return {
    documentType: 'RUT',
    documentNumber: rutFromBody(15_000_000 + n).formatted,
    fullName: `Ignacio Bitácora ${n}`,
    email: `bitacora.${n}@example.cl`,
    phone: `+5697${String(6_000_000 + n).padStart(7, '0')}`,
  };
}
type Person = ReturnType<typeof person>;

interface Message {
  kind: string;
  channel: string;
  status: string;
  at: string;
  reason: string | null;
  attempts: number;
}

/**
 * `GET /bookings/{bookingId}/messages` (API.md, "Notifications"; issue #16): the staff of the
 * booking's office see each message's kind, channel, status, reason, attempts and the instant of
 * its latest state, read from the outbox as the worker leaves it; never an address or a phone.
 * Real PostgreSQL, SMTP server in process, a local server speaking the SMS provider's API.
 */
describe('a booking’s messages, for staff', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let serviceId: string;
  let admin: string;
  let agentA: string;
  let supervisorA: string;
  let agentB: string;
  let supervisorB: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({
      FAKE_NOW: NOW,
      SMTP_URL: receiver.url,
      PUBLIC_URL: 'https://turnos.example.cl',
      ...provider.env,
    });
    const seed = seeders(t.db);
    const officeA = (await seed.office({ name: 'Gobernación de Limarí', openingHours: WEEKDAYS })).id;
    const officeB = (await seed.office({ name: 'Gobernación de Choapa', openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeA, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5 })).id;
    const login = async (role: 'agent' | 'supervisor', officeId: string) => {
      const user = await seed.staff(role, officeId);
      return bearer(t.http, user.username, user.password);
    };
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    agentA = await login('agent', officeA);
    supervisorA = await login('supervisor', officeA);
    agentB = await login('agent', officeB);
    supervisorB = await login('supervisor', officeB);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const book = async (who: Person, slotStart: string) =>
    (
      await t.http
        .post('/api/v1/bookings')
        .send({
          serviceId,
          slotStart,
          applicant: { documentType: who.documentType, documentNumber: who.documentNumber, fullName: who.fullName, email: who.email, phone: who.phone, smsConsent: true },
        })
        .expect(201)
    ).body as { id: string; code: string };
  const messages = async (bookingId: string, auth = agentA): Promise<Message[]> =>
    (await t.http.get(`/api/v1/bookings/${bookingId}/messages`).set('Authorization', auth).expect(200)).body as Message[];
  /** The instants the answer must show, straight from the outbox: sent_at, updated_at (failed/skipped) or due_at (queued). */
  const instants = async (bookingId: string): Promise<string[]> =>
    (
      (await t.db.query(`SELECT status::text AS status, sent_at, updated_at, due_at FROM notifications WHERE booking_id = $1 ORDER BY queued_at, id`, [bookingId])) as {
        status: string;
        sent_at: Date | null;
        updated_at: Date;
        due_at: Date;
      }[]
    ).map((row) => (row.status === 'sent' ? row.sent_at! : row.status === 'queued' ? row.due_at : row.updated_at).toISOString());
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const shape = (list: Message[]) => list.map(({ kind, channel, status, reason, attempts }) => ({ kind, channel, status, reason, attempts }));

  function expectNoPersonalData(body: unknown, who: Person) {
    const text = JSON.stringify(body);
    for (const secret of [who.email, who.phone, who.phone.slice(3), who.fullName, who.documentNumber, 'bitacora', 'Ignacio']) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/@/);
  }

  it('lists the messages as queued, then sent, then the cancellation with a confirmation skipped or refused, each with the instant of its latest state', async () => {
    const who = person();
    const { id, code } = await book(who, '2026-12-02T10:00:00-03:00');
    const queued = await messages(id);
    expect(shape(queued)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'queued', reason: null, attempts: 0 },
      { kind: 'booking_confirmed', channel: 'sms', status: 'queued', reason: null, attempts: 0 },
    ]);
    expect(queued.map((m) => m.at)).toEqual(await instants(id));
    expectNoPersonalData(queued, who);

    // The provider can't take it for now: the SMS stays queued with the code and one attempt.
    provider.answerWith('server_error');
    try {
      await sendDue();
    } finally {
      provider.answerWith('accept');
    }
    const retrying = await messages(id);
    expect(shape(retrying)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'sent', reason: null, attempts: 1 },
      { kind: 'booking_confirmed', channel: 'sms', status: 'queued', reason: '20500', attempts: 1 },
    ]);
    expect(retrying.map((m) => m.at)).toEqual(await instants(id));
    expect(Date.parse(retrying[0]!.at)).toBeGreaterThanOrEqual(Date.parse(queued[0]!.at));

    await sendDue();
    expect(shape(await messages(id))).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'sent', reason: null, attempts: 1 },
      { kind: 'booking_confirmed', channel: 'sms', status: 'sent', reason: null, attempts: 2 },
    ]);
    expect(receiver.messages.filter((m) => m.to.includes(who.email))).toHaveLength(1);

    // Cancelled, then the phone refused by the provider and the address erased before sending.
    await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: who.documentNumber }).expect(200);
    await t.db.query(`UPDATE bookings SET email = NULL WHERE id = $1`, [id]);
    provider.answerWith('invalid_to');
    try {
      await sendDue();
    } finally {
      provider.answerWith('accept');
    }
    const finished = await messages(id, supervisorA);
    expect(shape(finished)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'sent', reason: null, attempts: 1 },
      { kind: 'booking_confirmed', channel: 'sms', status: 'sent', reason: null, attempts: 2 },
      { kind: 'booking_cancelled', channel: 'email', status: 'skipped', reason: 'no_address', attempts: 1 },
      { kind: 'booking_cancelled', channel: 'sms', status: 'failed', reason: '21211', attempts: 1 },
    ]);
    expect(finished.map((m) => m.at)).toEqual(await instants(id));
    for (const m of finished) expect(Object.keys(m).sort()).toEqual(['at', 'attempts', 'channel', 'kind', 'reason', 'status', 'via']);
    expectNoPersonalData(finished, who);
    expect(await messages(id, admin)).toEqual(finished);
  });

  it('answers an empty list for a booking with no messages', async () => {
    const who = person();
    const { id } = await book(who, '2026-12-02T10:15:00-03:00');
    await t.db.query(`DELETE FROM notifications WHERE booking_id = $1`, [id]);
    expect(await messages(id)).toEqual([]);
  });

  it('refuses staff of another office (403), an unknown booking (404), a malformed id (400 naming it) and anonymous callers (401)', async () => {
    const who = person();
    const { id } = await book(who, '2026-12-02T10:30:00-03:00');
    for (const auth of [agentB, supervisorB]) {
      const refused = await t.http.get(`/api/v1/bookings/${id}/messages`).set('Authorization', auth).expect(403);
      expect(refused.body.error).toBe('FORBIDDEN');
      expectNoPersonalData(refused.body, who);
    }
    const unknown = await t.http.get(`/api/v1/bookings/${randomUUID()}/messages`).set('Authorization', admin).expect(404);
    expect(unknown.body.error).toBe('BOOKING_NOT_FOUND');
    const malformed = await t.http.get('/api/v1/bookings/not-a-uuid/messages').set('Authorization', agentA).expect(400);
    expect(malformed.body.details).toEqual([{ field: 'bookingId', messages: ['bookingId must be a UUID'] }]);
    await t.http.get(`/api/v1/bookings/${id}/messages`).expect(401);
  });
});
