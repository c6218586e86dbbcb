import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from './notification-worker.js';
import { applicantFactory } from '../testing/applicants.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const PUBLIC_URL = 'https://turnos.example.cl';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const THURSDAY = '2026-12-03';
const REASON = 'Corte de energía en el edificio';

/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Ignacio Cierre', tag: 'cierre', documentBase: 15_000_000, phoneBase: 77_000_000 });
type Person = ReturnType<typeof person>;

interface Affected {
  id: string;
  code: string;
  notified: boolean;
}

/**
 * A closure cancels bookings and, in the same transaction, queues the message telling each
 * applicant (issue #16): the closure's reason, a link to book the same procedure again, the
 * office's contact. Real PostgreSQL, a real SMTP server in process, a local server speaking
 * Twilio's API.
 */
describe('closure messages: cancelled by the office', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({
      FAKE_NOW: NOW,
      SMTP_URL: receiver.url,
      PUBLIC_URL,
      ...provider.env,
    });
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const office = async (name: string, address: string) => {
    const seed = seeders(t.db);
    const officeId = (await seed.office({ name, openingHours: WEEKDAYS, address })).id;
    const serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5 })).id;
    return { officeId, serviceId };
  };
  const book = async (serviceId: string, who: Person, slotStart: string, fields: { email?: boolean; phone?: boolean; smsConsent?: boolean }) =>
    (
      await t.http
        .post('/api/v1/bookings')
        .send({
          serviceId,
          slotStart,
          applicant: {
            documentType: 'RUT',
            documentNumber: who.documentNumber,
            fullName: who.fullName,
            ...(fields.email ? { email: who.email } : {}),
            ...(fields.phone ? { phone: who.phone } : {}),
            ...(fields.smsConsent ? { smsConsent: true } : {}),
          },
        })
        .expect(201)
    ).body as { id: string; code: string };
  const byOffice = async (bookingId: string) =>
    (await t.db.query(
      `SELECT channel::text AS channel, status::text AS status, closure_id FROM notifications WHERE booking_id = $1 AND kind = 'booking_cancelled_by_office' ORDER BY id`,
      [bookingId],
    )) as { channel: string; status: string; closure_id: string | null }[];
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const mailTo = (who: Person) => receiver.messages.filter((m) => m.to.includes(who.email));
  const smsTo = (who: Person) => provider.requests.filter((r) => r.form.To === who.phone);

  function expectNoPersonalData(text: string, who: Person) {
    for (const secret of [who.email, who.phone, who.fullName, who.documentNumber, who.normalized, 'Ignacio']) expect(text).not.toContain(secret);
    const links = text.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).not.toMatch(/@|%40|cierre|\+569|Ignacio/i);
  }

  it('a day closed with 3 bookings: the email-only and the SMS-with-consent applicants get one message each with the reason and a rebook link; the third is listed to call', async () => {
    const address = 'Vicuña Mackenna 101, Ovalle';
    const { officeId, serviceId } = await office('Gobernación de Limarí', address);
    const emailOnly = person();
    const smsOnly = person();
    const noContact = person();
    const a = await book(serviceId, emailOnly, `${THURSDAY}T09:00:00-03:00`, { email: true });
    const b = await book(serviceId, smsOnly, `${THURSDAY}T10:00:00-03:00`, { phone: true, smsConsent: true });
    // A phone without the consent to SMS: no way to tell them but a call.
    const c = await book(serviceId, noContact, `${THURSDAY}T11:00:00-03:00`, { phone: true });
    await sendDue(); // the confirmations
    const mailsBefore = receiver.messages.length;
    const smsBefore = provider.requests.length;

    const closed = await t.http.post(`/api/v1/offices/${officeId}/closures`).set('Authorization', admin).send({ date: THURSDAY, reason: REASON }).expect(201);
    const closureId = closed.body.closure.id as string;
    const affected = closed.body.cancelledBookings as Affected[];
    expect(affected.map((x) => [x.code, x.notified])).toEqual([
      [a.code, true],
      [b.code, true],
      [c.code, false],
    ]);
    // Queued in the closure's transaction, tied to the closure.
    expect(await byOffice(a.id)).toEqual([{ channel: 'email', status: 'queued', closure_id: closureId }]);
    expect(await byOffice(b.id)).toEqual([{ channel: 'sms', status: 'queued', closure_id: closureId }]);
    expect(await byOffice(c.id)).toEqual([]);

    await sendDue();
    expect(receiver.messages.length - mailsBefore).toBe(1);
    expect(provider.requests.length - smsBefore).toBe(1);
    const rebook = `${PUBLIC_URL}/reservar?oficina=${officeId}&tramite=${serviceId}`;

    const mail = await simpleParser(mailTo(emailOnly).at(-1)!.raw);
    expect(mail.subject).toMatch(/^Su hora fue cancelada por la oficina/);
    expect(mail.subject).toContain(a.code);
    expect(mail.text).toContain(REASON);
    expect(mail.text).toContain(rebook);
    expect(mail.text).toContain(address);
    expect(mail.attachments.filter((x) => x.filename?.endsWith('.ics'))).toHaveLength(0);
    expectNoPersonalData(`${mail.text}\n${mail.html || ''}`, emailOnly);

    const sms = smsTo(smsOnly).at(-1)!.form.Body!;
    expect(sms).toContain(b.code);
    // SMS text is GSM-7 (accents dropped) and the reason is shortened to fit one message.
    expect(sms).toMatch(/Motivo: Corte de energia/);
    expect(sms).toContain(rebook);
    expectNoPersonalData(sms, smsOnly);
    expect(smsTo(noContact)).toHaveLength(0);
    expect(await byOffice(a.id)).toEqual([{ channel: 'email', status: 'sent', closure_id: closureId }]);
    expect(await byOffice(b.id)).toEqual([{ channel: 'sms', status: 'sent', closure_id: closureId }]);

    // The list again, later: the same flags.
    const again = await t.http.get(`/api/v1/closures/${closureId}/cancelled-bookings`).set('Authorization', admin).expect(200);
    expect((again.body as Affected[]).map((x) => [x.code, x.notified])).toEqual([
      [a.code, true],
      [b.code, true],
      [c.code, false],
    ]);
  });

  it('a closure that fails and rolls back cancels nothing and queues nothing', async () => {
    const { officeId, serviceId } = await office('Delegación de Ovalle', 'Benavente 480, Ovalle');
    const who = person();
    const booked = await book(serviceId, who, `${THURSDAY}T09:30:00-03:00`, { email: true, phone: true, smsConsent: true });
    await sendDue();
    const count = async () =>
      ((await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE booking_id = $1`, [booked.id])) as { n: number }[])[0]!.n;
    const jobs = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)) as { n: number }[])[0]!.n;
    const before = { notifications: await count(), jobs: await jobs() };

    // The transaction fails after the messages were queued: when they are tied to the closure.
    await t.db.query(`CREATE FUNCTION test_fail_closure_tie() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'closure tie refused'; END $$`);
    await t.db.query(
      `CREATE TRIGGER test_fail_closure_tie BEFORE UPDATE OF closure_id ON notifications FOR EACH ROW WHEN (NEW.office_id = '${officeId}') EXECUTE FUNCTION test_fail_closure_tie()`,
    );
    try {
      await t.http.post(`/api/v1/offices/${officeId}/closures`).set('Authorization', admin).send({ date: THURSDAY, reason: REASON }).expect(500);
    } finally {
      await t.db.query(`DROP TRIGGER test_fail_closure_tie ON notifications`);
      await t.db.query(`DROP FUNCTION test_fail_closure_tie()`);
    }

    expect(await count()).toBe(before.notifications);
    expect(await jobs()).toBe(before.jobs);
    expect(((await t.db.query(`SELECT status::text AS status FROM bookings WHERE id = $1`, [booked.id])) as { status: string }[])[0]!.status).toBe('confirmed');
    expect(((await t.db.query(`SELECT count(*)::int AS n FROM office_closures WHERE office_id = $1`, [officeId])) as { n: number }[])[0]!.n).toBe(0);
    await sendDue();
    expect(mailTo(who)).toHaveLength(1); // the confirmation only
    expect(smsTo(who)).toHaveLength(1);
  });
});
