import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { stoppedClock } from '../../testing/visit-fixtures.js';
import { NotificationWorker } from '../notification-worker.js';
import { ReminderQueue } from './reminder-queue.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';
import { applicantFactory } from '../../testing/applicants.js';

const START = '2026-12-01T09:00:00-03:00';
const PUBLIC_URL = 'https://turnos.example.cl';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const FORM = 'application/x-www-form-urlencoded';

/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Pedro Baja', tag: 'baja', documentBase: 17_000_000, phoneBase: 77_000_000 });

/**
 * A reminder's one-click unsubscribe link (RFC 8058): the List-Unsubscribe URL of a real reminder,
 * POSTed form-encoded as mail clients do, stops the booking's reminders; a GET shows a page and
 * changes nothing; a garbled or forged token is a 4xx in the API's error shape. Real PostgreSQL
 * and SMTP server.
 */
describe('reminder unsubscribe link', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let serviceId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    t = await startTestApp({ FAKE_NOW: START, SMTP_URL: receiver.url, PUBLIC_URL });
    clock = stoppedClock([t], START);
    const seed = seeders(t.db);
    const officeId = (await seed.office({ name: 'Gobernación de Cachapoal', openingHours: WEEKDAYS, holidayCountry: '' })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 10 })).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  const book = async (slotStart: string) => {
    const who = person();
    const { body } = await t.http
      .post('/api/v1/bookings')
      .send({ serviceId, slotStart, applicant: { documentType: 'RUT', documentNumber: who.documentNumber, fullName: who.fullName, email: who.email } })
      .expect(201);
    return { ...(body as { id: string; code: string }), who };
  };
  const reminders = (bookingId: string) =>
    t.db.query(`SELECT status::text AS status, reason FROM notifications WHERE booking_id = $1 AND kind = 'booking_reminder' ORDER BY id`, [bookingId]) as Promise<
      { status: string; reason: string | null }[]
    >;
  const path = (url: string) => new URL(url).pathname;

  it("the reminder's List-Unsubscribe link: GET shows a page and changes nothing; the one-click POST stops the booking's reminders, a queued one is skipped 'unsubscribed'", async () => {
    clock.set(START);
    const first = await book('2026-12-03T10:00:00-03:00');
    const second = await book('2026-12-03T10:30:00-03:00');
    await t.app.get(NotificationWorker).runDue();
    clock.set('2026-12-02T09:56:00-03:00');
    expect(await t.app.get(ReminderQueue).queueDue()).toBe(1);
    clock.set('2026-12-02T10:00:00-03:00');
    await t.app.get(NotificationWorker).runDue();
    const mail = receiver.messages.find((m) => m.to.includes(first.who.email) && m.raw.includes('List-Unsubscribe-Post'))!;
    const url = /List-Unsubscribe:\s*<([^>]+)>/.exec(mail.raw)![1];
    expect(url.startsWith(`${PUBLIC_URL}/api/v1/notifications/unsubscribe/`)).toBe(true);

    const page = await t.http.get(path(url)).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(page.text).toContain('Dejar de recibir recordatorios');
    for (const secret of [first.who.fullName, first.who.email, first.code]) expect(page.text).not.toContain(secret);
    expect((await t.db.query(`SELECT reminders_off FROM bookings WHERE id = $1`, [first.id]))[0].reminders_off).toBe(false);

    // The second booking's reminder is queued, then its applicant unsubscribes before it is due.
    clock.set('2026-12-02T10:26:00-03:00');
    expect(await t.app.get(ReminderQueue).queueDue()).toBe(1);
    const secondUrl = `/api/v1/notifications/unsubscribe/${t.app.get(UnsubscribeTokens).sign({ bookingId: second.id, channel: 'email' })}`;
    const done = await t.http.post(secondUrl).set('Content-Type', FORM).send('List-Unsubscribe=One-Click').expect(200);
    expect(done.text).toContain('no recibirá más recordatorios');
    await t.http.post(secondUrl).set('Content-Type', FORM).send('List-Unsubscribe=One-Click').expect(200); // again: harmless
    clock.set('2026-12-02T10:30:00-03:00');
    await t.app.get(NotificationWorker).runDue();
    expect(await reminders(second.id)).toEqual([{ status: 'skipped', reason: 'unsubscribed' }]);
    expect(receiver.messages.filter((m) => m.to.includes(second.who.email) && m.raw.includes('List-Unsubscribe-Post'))).toHaveLength(0);

    // The first one unsubscribes through its email's link, then moves the appointment: no reminder of the new slot.
    await t.http.post(path(url)).set('Content-Type', FORM).send('List-Unsubscribe=One-Click').expect(200);
    await t.http.post(`/api/v1/bookings/${first.code}/reschedule`).send({ documentNumber: first.who.documentNumber, slotStart: '2026-12-04T10:00:00-03:00' }).expect(200);
    clock.set('2026-12-03T09:56:00-03:00');
    expect(await t.app.get(ReminderQueue).queueDue()).toBe(0);
    expect(await reminders(first.id)).toEqual([{ status: 'sent', reason: null }]);
  });

  it('a garbled token is 400 naming token, a forged one 404, a POST without the one-click body 400, another content type 415: never a 5xx', async () => {
    clock.set(START);
    const booking = await book('2026-12-04T11:00:00-03:00');
    const token = t.app.get(UnsubscribeTokens).sign({ bookingId: booking.id, channel: 'email' });
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`;
    // Another booking's id under the first one's tag.
    const other = t.app.get(UnsubscribeTokens).sign({ bookingId: '00000000-0000-4000-8000-000000000000', channel: 'email' });
    const swapped = `${other.split('.')[0]}.${token.split('.')[1]}`;

    for (const bad of ['garbage', 'a'.repeat(46), `${token}x`]) {
      const get = await t.http.get(`/api/v1/notifications/unsubscribe/${bad}`).expect(400);
      expect(get.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED', details: [{ field: 'token' }] });
      await t.http.post(`/api/v1/notifications/unsubscribe/${bad}`).set('Content-Type', FORM).send('List-Unsubscribe=One-Click').expect(400);
    }
    for (const bad of [forged, swapped]) {
      const get = await t.http.get(`/api/v1/notifications/unsubscribe/${bad}`).expect(404);
      expect(get.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
      await t.http.post(`/api/v1/notifications/unsubscribe/${bad}`).set('Content-Type', FORM).send('List-Unsubscribe=One-Click').expect(404);
    }
    // A well-signed token of a booking that is not there.
    await t.http.get(`/api/v1/notifications/unsubscribe/${other}`).expect(404);

    const url = `/api/v1/notifications/unsubscribe/${token}`;
    const noBody = await t.http.post(url).expect(400);
    expect(noBody.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'List-Unsubscribe' }] });
    await t.http.post(url).set('Content-Type', FORM).send('List-Unsubscribe=Yes').expect(400);
    await t.http.post(url).set('Content-Type', 'text/plain').send('List-Unsubscribe=One-Click').expect(415);
    // The form-encoded exception is this route's alone.
    await t.http.post('/api/v1/bookings/lookup').set('Content-Type', FORM).send('code=ABC').expect(415);
    expect((await t.db.query(`SELECT reminders_off FROM bookings WHERE id = $1`, [booking.id]))[0].reminders_off).toBe(false);
    // JSON, the API's usual body, is accepted too.
    await t.http.post(url).send({ 'List-Unsubscribe': 'One-Click' }).expect(200);
    expect((await t.db.query(`SELECT reminders_off FROM bookings WHERE id = $1`, [booking.id]))[0].reminders_off).toBe(true);
  });
});
