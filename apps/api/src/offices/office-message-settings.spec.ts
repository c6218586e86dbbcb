import { rutFromBody } from '@turnero/scheduling';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixtures } from '../testing/desk-fixtures.js';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from '../notifications/notification-worker.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const ALL_ON = { bookingConfirmed: true, bookingRescheduled: true, bookingCancelled: true, bookingCancelledByOffice: true, reminder: true, officeNotice: true, rating: true };

let people = 0;
function person() {
  const n = ++people;
  const document = rutFromBody(16_000_000 + n);
  return { documentType: 'RUT', documentNumber: document.formatted, fullName: `Ignacia Ajustes ${n}`, email: `ajustes.${n}@example.cl`, phone: `+5697${String(6_000_000 + n).padStart(7, '0')}` };
}

/**
 * An office's message settings (issue #16): supervisors switch each kind on or off and set the
 * reminder's lead time and the office's contact (PATCH /offices/{id}); a booking message of a kind
 * switched off is skipped ('switched_off') when it comes to be sent, and the contact shows in the
 * messages that are sent. Real PostgreSQL, SMTP receiver and local Twilio fake.
 */
describe('office message settings', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let officeId: string;
  let serviceId: string;
  let supervisor: string;
  let agent: string;
  let otherSupervisor: string;
  let admin: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl', ...provider.env });
    const seed = seeders(t.db);
    officeId = (await seed.office({ name: 'Gobernación de Elqui', openingHours: WEEKDAYS, address: 'Arturo Prat 350, La Serena' })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 20 })).id;
    const otherOfficeId = (await seed.office()).id;
    const f = deskFixtures(t);
    supervisor = (await f.staff('supervisor', officeId)).auth;
    agent = (await f.staff('agent', officeId)).auth;
    otherSupervisor = (await f.staff('supervisor', otherOfficeId)).auth;
    admin = (await f.staff('admin', null)).auth;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const patch = (body: object, auth = supervisor) => t.http.patch(`/api/v1/offices/${officeId}`).set('Authorization', auth).send(body);
  const row = async () =>
    ((await t.db.query(`SELECT notifications_off, reminder_lead_minutes, contact_phone, contact_email, rating_email FROM offices WHERE id = $1`, [officeId])) as {
      notifications_off: string[];
      reminder_lead_minutes: number;
      contact_phone: string | null;
      contact_email: string | null;
      rating_email: boolean;
    }[])[0]!;
  const book = (who: ReturnType<typeof person>, slotStart: string) =>
    t.http
      .post('/api/v1/bookings')
      .send({ serviceId, slotStart, applicant: { documentType: who.documentType, documentNumber: who.documentNumber, fullName: who.fullName, email: who.email, phone: who.phone, smsConsent: true } })
      .expect(201);
  const outbox = async (bookingId: string) =>
    (await t.db.query(`SELECT kind, channel::text AS channel, status::text AS status, reason FROM notifications WHERE booking_id = $1 ORDER BY id`, [bookingId])) as {
      kind: string;
      channel: string;
      status: string;
      reason: string | null;
    }[];

  it('every office starts with every message on, a 24-hour reminder and no contact, shown publicly with the office', async () => {
    const office = await t.http.get(`/api/v1/offices/${officeId}`).expect(200);
    expect(office.body).toMatchObject({ messages: ALL_ON, reminderLeadMinutes: 1440, contactPhone: null, contactEmail: null, ratingEmail: true });
  });

  it('a supervisor switches kinds off and on, sets the lead time and the contact (the phone stored in E.164); each PATCH keeps what it leaves out', async () => {
    const changed = await patch({ messages: { bookingConfirmed: false, reminder: false }, reminderLeadMinutes: 2880, contactPhone: '51 221 3400', contactEmail: ' extranjeria.elqui@example.cl ' }).expect(200);
    expect(changed.body).toMatchObject({
      messages: { ...ALL_ON, bookingConfirmed: false, reminder: false },
      reminderLeadMinutes: 2880,
      contactPhone: '+56512213400',
      contactEmail: 'extranjeria.elqui@example.cl',
    });
    expect(await row()).toEqual({
      notifications_off: ['booking_confirmed', 'booking_reminder'],
      reminder_lead_minutes: 2880,
      contact_phone: '+56512213400',
      contact_email: 'extranjeria.elqui@example.cl',
      rating_email: true,
    });

    await patch({ messages: { reminder: true, officeNotice: false } }).expect(200);
    expect((await row()).notifications_off).toEqual(['booking_confirmed', 'office_notice']);
    // ratingEmail, as before, is the rating's switch; messages.rating is the same one.
    expect((await patch({ ratingEmail: false }).expect(200)).body.messages.rating).toBe(false);
    expect((await patch({ messages: { rating: true } }).expect(200)).body.ratingEmail).toBe(true);
    expect((await patch({ ratingEmail: false, messages: { rating: true } }).expect(200)).body.ratingEmail).toBe(true);
    // An admin too; null clears the contact.
    const cleared = await patch({ messages: { bookingConfirmed: true, officeNotice: true }, contactEmail: null, contactPhone: null }, admin).expect(200);
    expect(cleared.body).toMatchObject({ messages: ALL_ON, contactPhone: null, contactEmail: null, reminderLeadMinutes: 2880 });
    expect(await row()).toMatchObject({ notifications_off: [], contact_phone: null, contact_email: null });
  });

  it('refuses bad settings with a 400 naming each field, and changes nothing', async () => {
    await patch({ reminderLeadMinutes: 1440, contactPhone: '+56 9 8765 4321', messages: ALL_ON }).expect(200);
    const before = await row();
    const cases: [object, string][] = [
      [{ reminderLeadMinutes: 59 }, 'reminderLeadMinutes'],
      [{ reminderLeadMinutes: 10081 }, 'reminderLeadMinutes'],
      [{ reminderLeadMinutes: 90.5 }, 'reminderLeadMinutes'],
      [{ reminderLeadMinutes: '120' }, 'reminderLeadMinutes'],
      [{ reminderLeadMinutes: null }, 'reminderLeadMinutes'],
      [{ contactPhone: 'llamar a la oficina' }, 'contactPhone'],
      [{ contactPhone: '12345' }, 'contactPhone'],
      [{ contactPhone: 56912345678 }, 'contactPhone'],
      [{ contactEmail: 'sin-arroba' }, 'contactEmail'],
      [{ contactEmail: `${'a'.repeat(250)}@example.cl` }, 'contactEmail'],
      [{ messages: { reminder: 'no' } }, 'messages.reminder'],
      [{ messages: { reminder: null } }, 'messages.reminder'],
      [{ messages: { sms: false } }, 'messages.sms'],
      [{ messages: null }, 'messages'],
      [{ messages: [false] }, 'messages'],
    ];
    for (const [body, field] of cases) {
      const response = await patch({ ...body, name: 'Otro nombre' }).expect(400);
      expect(response.body.error, JSON.stringify(body)).toBe('VALIDATION_FAILED');
      const fields = (response.body.details as { field: string }[]).map((d) => d.field);
      // The field, and nothing else but its own parts (an array given for the switches: messages.0 too).
      expect(fields[0], JSON.stringify(body)).toBe(field);
      expect(fields.every((f) => f === field || f.startsWith(`${field}.`)), JSON.stringify(body)).toBe(true);
    }
    expect(await row()).toEqual(before);
    expect((await t.http.get(`/api/v1/offices/${officeId}`).expect(200)).body.name).toBe('Gobernación de Elqui');
  });

  it('only the office’s supervisors and admins change them: agents, another office’s supervisor and the anonymous are refused', async () => {
    const before = await row();
    expect((await patch({ messages: { bookingConfirmed: false } }, agent).expect(403)).body.error).toBe('FORBIDDEN');
    expect((await patch({ contactPhone: '+56912345678' }, otherSupervisor).expect(403)).body.error).toBe('FORBIDDEN');
    await t.http.patch(`/api/v1/offices/${officeId}`).send({ reminderLeadMinutes: 60 }).expect(401);
    expect(await row()).toEqual(before);
  });

  it('says which channels this server sends through, to the office’s supervisors and admins', async () => {
    const url = `/api/v1/offices/${officeId}/message-channels`;
    expect((await t.http.get(url).set('Authorization', supervisor).expect(200)).body).toEqual({ email: true, sms: true, whatsapp: false });
    await t.http.get(url).set('Authorization', admin).expect(200);
    await t.http.get(url).set('Authorization', agent).expect(403);
    await t.http.get(url).set('Authorization', otherSupervisor).expect(403);
    await t.http.get(url).expect(401);
    await t.http.get('/api/v1/offices/not-a-uuid/message-channels').set('Authorization', admin).expect(400);
  });

  it('a confirmation switched off is queued, then skipped as switched_off (no email, no SMS); switched on again, the next booking’s is sent with the office’s contact', async () => {
    await patch({ messages: { bookingConfirmed: false }, contactPhone: '+56512213400', contactEmail: 'extranjeria.elqui@example.cl' }).expect(200);
    const first = person();
    const off = (await book(first, '2026-12-02T10:00:00-03:00')).body as { id: string };
    await t.app.get(NotificationWorker).runDue();
    expect(await outbox(off.id)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'skipped', reason: 'switched_off' },
      { kind: 'booking_confirmed', channel: 'sms', status: 'skipped', reason: 'switched_off' },
    ]);
    // Staff see why in the booking's messages.
    const log = await t.http.get(`/api/v1/bookings/${off.id}/messages`).set('Authorization', agent).expect(200);
    expect(log.body.map((m: { status: string; reason: string }) => `${m.status}:${m.reason}`)).toEqual(['skipped:switched_off', 'skipped:switched_off']);
    expect(receiver.messages.filter((m) => m.to.includes(first.email))).toEqual([]);
    expect(provider.requests.filter((r) => r.form.To === first.phone)).toEqual([]);

    // Other kinds are still sent: cancelling that booking tells the applicant.
    await t.http.post(`/api/v1/bookings/${(await t.db.query(`SELECT code FROM bookings WHERE id = $1`, [off.id]))[0].code}/cancel`).send({ documentNumber: first.documentNumber }).expect(200);
    await t.app.get(NotificationWorker).runDue();
    expect((await outbox(off.id)).filter((m) => m.kind === 'booking_cancelled').map((m) => m.status)).toEqual(['sent', 'sent']);

    await patch({ messages: { bookingConfirmed: true } }).expect(200);
    const second = person();
    const on = (await book(second, '2026-12-02T10:30:00-03:00')).body as { id: string; code: string };
    await t.app.get(NotificationWorker).runDue();
    expect((await outbox(on.id)).map((m) => `${m.channel}:${m.status}`)).toEqual(['email:sent', 'sms:sent']);
    const mails = receiver.messages.filter((m) => m.to.includes(second.email));
    expect(mails).toHaveLength(1);
    const mail = await simpleParser(mails[0]!.raw);
    expect(mail.subject).toContain(on.code);
    expect(mail.text).toContain('Contacto de la oficina: +56 51 221 3400 · extranjeria.elqui@example.cl');
    expect(mail.html).toContain('href="tel:+56512213400"');
    expect(mail.html).toContain('href="mailto:extranjeria.elqui@example.cl"');
    expect(provider.requests.filter((r) => r.form.To === second.phone)).toHaveLength(1);
  });

  it('an office notice sent to the people booked gives the office’s contact; switched off, it is not queued at all', async () => {
    await patch({ messages: { officeNotice: true }, contactPhone: '+56512213400', contactEmail: 'extranjeria.elqui@example.cl' }).expect(200);
    const who = person();
    const booked = (await book(who, '2026-12-03T10:00:00-03:00')).body as { id: string; code: string };
    const notice = { message: 'Atención solo hasta las 12:00 por inventario.', from: '2026-12-03T08:00:00-03:00', to: '2026-12-03T14:00:00-03:00', notifyBooked: true };
    const published = await t.http.post(`/api/v1/offices/${officeId}/notices`).set('Authorization', supervisor).send(notice).expect(201);
    expect(published.body.notified).toBe(2); // email and SMS
    await t.app.get(NotificationWorker).runDue();
    const mails = await Promise.all(receiver.messages.filter((m) => m.to.includes(who.email)).map((m) => simpleParser(m.raw)));
    const told = mails.find((m) => m.subject?.startsWith('Aviso de'));
    expect(told?.text).toContain('Atención solo hasta las 12:00 por inventario.');
    expect(told?.text).toContain('Contacto de la oficina: +56 51 221 3400 · extranjeria.elqui@example.cl');
    expect(told?.text).toContain(booked.code);

    await patch({ messages: { officeNotice: false } }).expect(200);
    const off = await t.http.post(`/api/v1/offices/${officeId}/notices`).set('Authorization', supervisor).send({ ...notice, message: 'Otro aviso' }).expect(201);
    expect(off.body.notified).toBe(0);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE notice_id = $1`, [off.body.id])).toEqual([{ n: 0 }]);
  });
});
