import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from './notification-worker.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const CONFIRMED_SID = `HX${'a1'.repeat(16)}`;
/** Given in capitals: stored (and sent) as Twilio writes SIDs, lowercase. */
const CANCELLED_SID_AS_TYPED = ` HX${'B2'.repeat(16)} `;
const CANCELLED_SID = `HX${'b2'.repeat(16)}`;
const WHATSAPP_FROM = '+56951234567';

let people = 0;
function person() {
  const n = ++people;
  return {
    documentType: 'RUT',
    documentNumber: rutFromBody(16_000_000 + n).formatted,
    fullName: `Valentina Mensajera ${n}`,
    phone: `+5698${String(7_000_000 + n).padStart(7, '0')}`,
    smsConsent: true,
  };
}

interface Message {
  kind: string;
  channel: string;
  via: string | null;
  status: string;
  reason: string | null;
}

/**
 * WhatsApp where the office has an approved template (issue #16): an office's phone message of a
 * kind with a template goes to the provider as WhatsApp (Content SID and the kind's numbered
 * variables), the others as SMS; the outbox row and the staff's message list say which route it
 * took. Real PostgreSQL, a local server speaking Twilio's Messages API.
 */
describe('WhatsApp templates per office', () => {
  let provider: SmsProviderServer;
  let t: TestApp;
  let officeId: string;
  let serviceId: string;
  let supervisor: string;
  let otherSupervisor: string;
  let admin: string;

  beforeAll(async () => {
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, PUBLIC_URL: 'https://turnos.example.cl', ...provider.env, TWILIO_WHATSAPP_FROM: WHATSAPP_FROM });
    const seed = seeders(t.db);
    officeId = (await seed.office({ name: 'Gobernación de Petorca', openingHours: WEEKDAYS })).id;
    const otherId = (await seed.office({ name: 'Gobernación de Quillota', openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'P', name: 'Permanencia definitiva', seatsPerSlot: 5 })).id;
    const sup = await seed.staff('supervisor', officeId);
    supervisor = await bearer(t.http, sup.username, sup.password);
    const other = await seed.staff('supervisor', otherId);
    otherSupervisor = await bearer(t.http, other.username, other.password);
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  const patch = (body: object, auth = supervisor) => t.http.patch(`/api/v1/offices/${officeId}`).set('Authorization', auth).send(body);
  const book = async (who: ReturnType<typeof person>, slotStart: string) =>
    (await t.http.post('/api/v1/bookings').send({ serviceId, slotStart, applicant: who }).expect(201)).body as { id: string; code: string };
  const messages = async (bookingId: string): Promise<Message[]> =>
    ((await t.http.get(`/api/v1/bookings/${bookingId}/messages`).set('Authorization', supervisor).expect(200)).body as Message[]).map(({ kind, channel, via, status, reason }) => ({
      kind,
      channel,
      via,
      status,
      reason,
    }));
  const sendDue = () => t.app.get(NotificationWorker).runDue();

  it('sets, merges and removes templates; refuses a bad SID or an unknown kind naming the field, and another office’s supervisor', async () => {
    const set = await patch({ whatsappTemplates: { booking_confirmed: CONFIRMED_SID, booking_reminder: CANCELLED_SID_AS_TYPED } }).expect(200);
    expect(set.body.whatsappTemplates).toEqual({ booking_confirmed: CONFIRMED_SID, booking_reminder: CANCELLED_SID });
    // Merged: the kinds left out keep theirs; null removes one.
    const merged = await patch({ whatsappTemplates: { booking_cancelled: CANCELLED_SID_AS_TYPED, booking_reminder: null } }).expect(200);
    expect(merged.body.whatsappTemplates).toEqual({ booking_confirmed: CONFIRMED_SID, booking_cancelled: CANCELLED_SID });
    const [row] = (await t.db.query(`SELECT whatsapp_templates FROM offices WHERE id = $1`, [officeId])) as { whatsapp_templates: unknown }[];
    expect(row!.whatsapp_templates).toEqual({ booking_confirmed: CONFIRMED_SID, booking_cancelled: CANCELLED_SID });
    expect((await t.http.get(`/api/v1/offices/${officeId}`).expect(200)).body.whatsappTemplates).toEqual(merged.body.whatsappTemplates);

    const bad = await patch({ whatsappTemplates: { booking_reminder: 'HX123', office_notice: 42, rating: CONFIRMED_SID } }).expect(400);
    expect(bad.body.error).toBe('VALIDATION_FAILED');
    expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'whatsappTemplates.booking_reminder',
      'whatsappTemplates.office_notice',
      'whatsappTemplates.rating',
    ]);
    const notObject = await patch({ whatsappTemplates: 'HX' }).expect(400);
    expect((notObject.body.details as { field: string }[]).map((d) => d.field)).toContain('whatsappTemplates');
    await patch({ whatsappTemplates: { booking_reminder: CONFIRMED_SID } }, otherSupervisor).expect(403);
    await t.http.patch(`/api/v1/offices/${officeId}`).send({ whatsappTemplates: {} }).expect(401);
    // Nothing changed by the refused ones.
    expect((await t.http.get(`/api/v1/offices/${officeId}`).expect(200)).body.whatsappTemplates).toEqual({ booking_confirmed: CONFIRMED_SID, booking_cancelled: CANCELLED_SID });
    // An admin may set them too; the office is left with the confirmation's template only.
    await patch({ whatsappTemplates: { booking_cancelled: null } }, admin).expect(200);
  });

  it('sends the confirmation of an office with its template as WhatsApp (Content SID, variables), and a kind without one as SMS', async () => {
    await patch({ whatsappTemplates: { booking_confirmed: CONFIRMED_SID, booking_cancelled: null } }).expect(200);
    const who = person();
    const { id, code } = await book(who, '2026-12-02T10:00:00-03:00');
    const before = provider.requests.length;
    await sendDue();
    const sent = provider.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.form).toEqual({
      To: `whatsapp:${who.phone}`,
      From: `whatsapp:${WHATSAPP_FROM}`,
      ContentSid: CONFIRMED_SID,
      ContentVariables: JSON.stringify({
        1: 'Gobernación de Petorca',
        2: 'Permanencia definitiva',
        3: '02/12 a las 10:00',
        4: code,
        5: 'https://turnos.example.cl/mi-reserva',
      }),
    });
    const [row] = (await t.db.query(`SELECT via, status::text AS status FROM notifications WHERE booking_id = $1 AND channel = 'sms'`, [id])) as { via: string; status: string }[];
    expect(row).toEqual({ via: 'whatsapp', status: 'sent' });

    // The cancellation has no template: plain SMS.
    await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: who.documentNumber }).expect(200);
    const beforeCancel = provider.requests.length;
    await sendDue();
    const cancelled = provider.requests.slice(beforeCancel);
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.form).toMatchObject({ To: who.phone, From: 'Turnero' });
    expect(cancelled[0]!.form.Body).toContain(code);
    expect(cancelled[0]!.form.ContentSid).toBeUndefined();
    expect(await messages(id)).toEqual([
      { kind: 'booking_confirmed', channel: 'sms', via: 'whatsapp', status: 'sent', reason: null },
      { kind: 'booking_cancelled', channel: 'sms', via: 'sms', status: 'sent', reason: null },
    ]);
  });

  it('records the provider refusing the WhatsApp message (4xx) as failed with its code', async () => {
    await patch({ whatsappTemplates: { booking_confirmed: CONFIRMED_SID } }).expect(200);
    const { id } = await book(person(), '2026-12-02T10:15:00-03:00');
    provider.answerWith('invalid_to');
    try {
      await sendDue();
    } finally {
      provider.answerWith('accept');
    }
    expect(provider.requests.at(-1)!.form.ContentSid).toBe(CONFIRMED_SID);
    expect(await messages(id)).toEqual([{ kind: 'booking_confirmed', channel: 'sms', via: 'whatsapp', status: 'failed', reason: '21211' }]);
  });
});

describe('WhatsApp templates on a server without a WhatsApp sender', () => {
  let provider: SmsProviderServer;
  let t: TestApp;

  beforeAll(async () => {
    // Nest's ConfigModule copies the validated environment into process.env, and ConfigService
    // falls back to it: the first app's TWILIO_WHATSAPP_FROM would otherwise reach this one.
    delete process.env.TWILIO_WHATSAPP_FROM;
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, PUBLIC_URL: 'https://turnos.example.cl', ...provider.env });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  it('sends the phone message as SMS even where the office has a template', async () => {
    const seed = seeders(t.db);
    const officeId = (await seed.office({ name: 'Gobernación de Melipilla', openingHours: WEEKDAYS })).id;
    const serviceId = (await seed.service(officeId, { code: 'V', name: 'Visa temporal', seatsPerSlot: 5 })).id;
    const admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    await t.http.patch(`/api/v1/offices/${officeId}`).set('Authorization', admin).send({ whatsappTemplates: { booking_confirmed: CONFIRMED_SID } }).expect(200);
    const who = person();
    const { id, code } = (await t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant: who }).expect(201)).body as { id: string; code: string };
    await t.app.get(NotificationWorker).runDue();
    expect(provider.requests).toHaveLength(1);
    expect(provider.requests[0]!.form).toMatchObject({ To: who.phone, From: 'Turnero' });
    expect(provider.requests[0]!.form.Body).toContain(code);
    expect(provider.requests[0]!.form.ContentSid).toBeUndefined();
    const [row] = (await t.db.query(`SELECT via, status::text AS status FROM notifications WHERE booking_id = $1 AND channel = 'sms'`, [id])) as { via: string; status: string }[];
    expect(row).toEqual({ via: 'sms', status: 'sent' });
  });
});
