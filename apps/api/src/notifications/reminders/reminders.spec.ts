import { parseCrontab } from 'graphile-worker';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../../testing/test-app.js';
import { stoppedClock } from '../../testing/visit-fixtures.js';
import { NotificationWorker } from '../notification-worker.js';
import { QUEUE_REMINDERS, REMINDER_CRONTAB, ReminderQueue } from './reminder-queue.js';
import { applicantFactory } from '../../testing/applicants.js';

const START = '2026-12-01T09:00:00-03:00'; // a Tuesday
const PUBLIC_URL = 'https://turnos.example.cl';
const EVERY_DAY = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

let offices = 0;
/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Rosa Recordatorio', tag: 'recordatorio', documentBase: 16_000_000, phoneBase: 67_000_000 });
type Person = ReturnType<typeof person>;

interface ReminderRow {
  id: string;
  channel: string;
  status: string;
  reason: string | null;
  due_at: Date;
  sent_at: Date | null;
  reminder_for_slot: Date;
}

/**
 * The reminder before the appointment (issue #16): queued by the `queue_reminders` task (every
 * minute by graphile-worker's cron; here called at chosen instants of a stopped app clock), due at
 * slot_start - the office's lead time, sent by the outbox. Real PostgreSQL, a real SMTP server in
 * process, a local server speaking Twilio's API.
 *
 * bookings.created_at is the app's instant (book_seat writes the Clock's now, migration
 * BookingCreatedAtAppClock): the app clock here is stopped in 2026, and the rules hold by it.
 */
describe('booking reminders', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let second: TestApp;
  let clock: ReturnType<typeof stoppedClock>;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    const env = { FAKE_NOW: START, SMTP_URL: receiver.url, PUBLIC_URL, ...provider.env };
    t = await startTestApp(env);
    second = await attachTestApp(t.databaseUrl, env);
    clock = stoppedClock([t, second], START);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const office = async (fields: { holidayCountry?: string; reminderLeadMinutes?: number; notificationsOff?: string[] } = {}) => {
    const seed = seeders(t.db);
    const { id: officeId } = await seed.office({ name: `Gobernación ${++offices}`, openingHours: EVERY_DAY, address: 'Libertad 1, Talca', holidayCountry: fields.holidayCountry ?? '' });
    if (fields.reminderLeadMinutes) await t.db.query(`UPDATE offices SET reminder_lead_minutes = $2 WHERE id = $1`, [officeId, fields.reminderLeadMinutes]);
    if (fields.notificationsOff) await t.db.query(`UPDATE offices SET notifications_off = $2 WHERE id = $1`, [officeId, fields.notificationsOff]);
    const { id: serviceId } = await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 30, requirements: ['Pasaporte vigente'] });
    return serviceId;
  };
  /** Books over HTTP at the app clock's instant (created_at included), and sends the confirmation. */
  const book = async (serviceId: string, who: Person, slotStart: string, fields: { email?: boolean; sms?: boolean } = { email: true }) => {
    const response = await t.http
      .post('/api/v1/bookings')
      .send({
        serviceId,
        slotStart,
        applicant: {
          documentType: 'RUT',
          documentNumber: who.documentNumber,
          fullName: who.fullName,
          ...(fields.email ? { email: who.email } : {}),
          ...(fields.sms ? { phone: who.phone, smsConsent: true } : {}),
        },
      })
      .expect(201);
    const [{ created_at: createdAt }] = (await t.db.query(`SELECT created_at FROM bookings WHERE id = $1`, [response.body.id])) as { created_at: Date }[];
    expect(createdAt.toISOString()).toBe(clock.now().toJSDate().toISOString()); // the app's instant, not the database's
    await t.app.get(NotificationWorker).runDue(); // its confirmation
    return response.body as { id: string; code: string };
  };
  const at = async (iso: string) => {
    clock.set(iso);
  };
  const queueDue = () => t.app.get(ReminderQueue).queueDue();
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const reminders = (bookingId: string) =>
    t.db.query(
      `SELECT id, channel::text AS channel, status::text AS status, reason, due_at, sent_at, reminder_for_slot FROM notifications WHERE booking_id = $1 AND kind = 'booking_reminder' ORDER BY id`,
      [bookingId],
    ) as Promise<ReminderRow[]>;
  /** The reminders received by this applicant: the only emails with the one-click unsubscribe headers. */
  const reminderMails = (who: Person) => receiver.messages.filter((m) => m.to.includes(who.email) && /^List-Unsubscribe-Post:/im.test(m.raw));
  const smsTo = (who: Person) => provider.requests.filter((r) => r.form.To === who.phone);
  /** A raw message's header, unfolded. */
  const header = (raw: string, name: string) =>
    new RegExp(`^${name}:(.*(?:\\r?\\n[ \\t].*)*)`, 'mi')
      .exec(raw.split(/\r?\n\r?\n/)[0])?.[1]
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();

  it('a booking made days ahead gets exactly one reminder at slot_start - 24 h, by email and by SMS, saying the time, the check-in window and how to cancel', async () => {
    const serviceId = await office();
    const who = person();
    const booking = await book(serviceId, who, '2026-12-03T10:00:00-03:00', { email: true, sms: true });
    await sendDue(); // the confirmations

    await at('2026-12-02T09:54:00-03:00');
    expect(await queueDue()).toBe(0); // more than 5 minutes ahead: not yet
    await at('2026-12-02T09:56:00-03:00');
    expect(await queueDue()).toBe(2);
    expect(await queueDue()).toBe(0);
    const queued = await reminders(booking.id);
    expect(queued.map((r) => [r.channel, r.status, r.due_at.toISOString(), r.reminder_for_slot.toISOString()])).toEqual([
      ['email', 'queued', '2026-12-02T13:00:00.000Z', '2026-12-03T13:00:00.000Z'],
      ['sms', 'queued', '2026-12-02T13:00:00.000Z', '2026-12-03T13:00:00.000Z'],
    ]);
    expect((await sendDue()).sent).toBe(0); // due at 10:00 by the app's clock
    expect(reminderMails(who)).toHaveLength(0);

    await at('2026-12-02T10:00:00-03:00');
    expect((await sendDue()).sent).toBe(2);
    const sent = await reminders(booking.id);
    expect(sent.map((r) => [r.status, r.sent_at?.toISOString()])).toEqual([
      ['sent', '2026-12-02T13:00:00.000Z'],
      ['sent', '2026-12-02T13:00:00.000Z'],
    ]);
    expect(reminderMails(who)).toHaveLength(1);
    const raw = reminderMails(who)[0].raw;
    const mail = await simpleParser(raw);
    expect(mail.subject).toMatch(/^Recordatorio: su hora del jueves, 3 de diciembre de 2026 a las 10:00 \/ Reminder – Gobernación \d+$/);
    const text = mail.text!;
    expect(text).toContain(booking.code);
    expect(text).toContain('9:30'); // check-in from 30 minutes before…
    expect(text).toContain('10:15'); // …until 15 minutes after the start
    expect(text).toContain(`${PUBLIC_URL}/mi-reserva`);
    expect(text).toMatch(/Cancele su hora para que otra persona pueda usarla/);
    const unsubscribe = header(raw, 'List-Unsubscribe');
    expect(unsubscribe).toMatch(new RegExp(`^<${PUBLIC_URL}/api/v1/notifications/unsubscribe/[A-Za-z0-9_-]{23}\\.[A-Za-z0-9_-]{22}>$`));
    expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toContain(unsubscribe!.slice(1, -1));
    for (const secret of [who.email, who.phone, who.fullName, who.documentNumber]) expect(`${text}${unsubscribe}`).not.toContain(secret);

    const sms = smsTo(who).map((r) => r.form.Body!).filter((body) => body.startsWith('Recordatorio'));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain(booking.code);
    expect(sms[0]).toContain('entre las 09:30 y las 10:15');
    expect(sms[0]).toContain(`${PUBLIC_URL}/mi-reserva`);

    // Later runs find nothing more to do.
    await at('2026-12-03T09:00:00-03:00');
    expect(await queueDue()).toBe(0);
    await sendDue();
    expect(reminderMails(who)).toHaveLength(1);
  });
  it('a booking made 2 hours before its slot gets no reminder (made after its reminder instant)', async () => {
    const serviceId = await office();
    const who = person();
    await at('2026-12-04T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-12-04T11:00:00-03:00', { email: true, sms: true });
    expect(await queueDue()).toBe(0);
    await at('2026-12-04T10:58:00-03:00');
    expect(await queueDue()).toBe(0);
    await sendDue();
    expect(await reminders(booking.id)).toEqual([]);
    expect(reminderMails(who)).toHaveLength(0);
  });

  it('an office that switched reminders off queues none; switched on again, the hourly sweep queues the reminder of an appointment not yet started', async () => {
    const serviceId = await office({ notificationsOff: ['booking_reminder'] });
    const who = person();
    await at('2026-12-01T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-12-08T12:00:00-03:00');
    await at('2026-12-07T12:00:00-03:00');
    expect(await queueDue()).toBe(0);
    await sendDue();
    expect(await reminders(booking.id)).toEqual([]);
    expect(reminderMails(who)).toHaveLength(0);
    // Switched on again before the appointment: the hourly sweep queues the reminder, late, due at once.
    await t.db.query(`UPDATE offices SET notifications_off = '{}' WHERE id = (SELECT office_id FROM bookings WHERE id = $1)`, [booking.id]);
    await at('2026-12-07T13:17:00-03:00');
    expect(await queueDue()).toBe(0); // the minute's run looks back 30 minutes only
    expect(await t.app.get(ReminderQueue).queueDue({ sweep: true })).toBe(1);
    expect((await sendDue()).sent).toBe(1);
    expect(reminderMails(who)).toHaveLength(1);
  });

  it("the office's lead time of 48 h is respected, even when that instant is a public holiday (Monday after Fiestas Patrias: reminded Saturday 19 at 09:00)", async () => {
    const serviceId = await office({ holidayCountry: 'CL', reminderLeadMinutes: 48 * 60 });
    const who = person();
    await at('2026-09-14T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-09-21T09:00:00-03:00');
    await at('2026-09-19T08:50:00-03:00');
    expect(await queueDue()).toBe(0);
    await at('2026-09-19T08:56:00-03:00');
    expect(await queueDue()).toBe(1);
    await at('2026-09-19T09:00:00-03:00'); // Día de las Glorias del Ejército: the office is closed, the reminder goes out
    expect((await sendDue()).sent).toBe(1);
    const [row] = await reminders(booking.id);
    expect([row.status, row.due_at.toISOString(), row.sent_at?.toISOString()]).toEqual(['sent', '2026-09-19T12:00:00.000Z', '2026-09-19T12:00:00.000Z']);
    expect(reminderMails(who)).toHaveLength(1);
  });

  it('a booking on the working day after a public holiday is reminded 24 h before, on the holiday (Tuesday 13 October 2026 at 09:00: reminded Monday 12, Encuentro de Dos Mundos)', async () => {
    const serviceId = await office({ holidayCountry: 'CL' });
    const who = person();
    await at('2026-10-08T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-10-13T09:00:00-03:00');
    await at('2026-10-12T08:55:00-03:00');
    expect(await queueDue()).toBe(1);
    await at('2026-10-12T09:00:00-03:00');
    expect((await sendDue()).sent).toBe(1);
    const [row] = await reminders(booking.id);
    expect([row.status, row.sent_at?.toISOString()]).toEqual(['sent', '2026-10-12T12:00:00.000Z']);
    const mail = await simpleParser(reminderMails(who)[0].raw);
    expect(mail.subject).toMatch(/^Recordatorio: su hora del martes, 13 de octubre de 2026 a las 09:00 /);
  });

  // Chosen rule: the lead time is a duration. Across a change of the clocks the reminder goes 24
  // real hours before the appointment, so its local time differs from the appointment's by an hour.
  it('across the end of DST (Sat 2026-04-04 24:00 → 23:00): a Sunday 09:00 (-04) appointment is reminded 24 real hours before, Saturday 10:00 (-03)', async () => {
    const serviceId = await office();
    const who = person();
    await at('2026-04-01T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-04-05T09:00:00-04:00');
    await at('2026-04-04T09:56:00-03:00');
    expect(await queueDue()).toBe(1);
    await at('2026-04-04T09:59:59-03:00');
    expect((await sendDue()).sent).toBe(0);
    await at('2026-04-04T10:00:00-03:00');
    expect((await sendDue()).sent).toBe(1);
    const [row] = await reminders(booking.id);
    expect([row.due_at.toISOString(), row.sent_at?.toISOString(), row.reminder_for_slot.toISOString()]).toEqual([
      '2026-04-04T13:00:00.000Z',
      '2026-04-04T13:00:00.000Z',
      '2026-04-05T13:00:00.000Z',
    ]);
    expect((await simpleParser(reminderMails(who)[0].raw)).subject).toMatch(/domingo, 5 de abril de 2026 a las 09:00 /);
  });

  it('across the start of DST (Sat 2026-09-05 24:00 → Sun 01:00): a Sunday 09:00 (-03) appointment is reminded 24 real hours before, Saturday 08:00 (-04)', async () => {
    const serviceId = await office();
    const who = person();
    await at('2026-09-01T09:00:00-04:00');
    const booking = await book(serviceId, who, '2026-09-06T09:00:00-03:00');
    await at('2026-09-05T07:56:00-04:00');
    expect(await queueDue()).toBe(1);
    await at('2026-09-05T08:00:00-04:00');
    expect((await sendDue()).sent).toBe(1);
    const [row] = await reminders(booking.id);
    expect([row.due_at.toISOString(), row.sent_at?.toISOString()]).toEqual(['2026-09-05T12:00:00.000Z', '2026-09-05T12:00:00.000Z']);
  });

  it('a reschedule: the reminder queued for the old slot is skipped as outdated, the new slot gets its own, sent once', async () => {
    const serviceId = await office();
    const who = person();
    await at('2026-12-01T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-12-03T10:00:00-03:00');
    await at('2026-12-02T09:57:00-03:00');
    expect(await queueDue()).toBe(1);
    await t.http.post(`/api/v1/bookings/${booking.code}/reschedule`).send({ documentNumber: who.documentNumber, slotStart: '2026-12-04T11:00:00-03:00' }).expect(200);
    await at('2026-12-02T10:00:00-03:00');
    await sendDue();
    expect((await reminders(booking.id)).map((r) => [r.status, r.reason, r.reminder_for_slot.toISOString()])).toEqual([['skipped', 'outdated', '2026-12-03T13:00:00.000Z']]);
    expect(await queueDue()).toBe(0); // the new slot's instant is a day away

    await at('2026-12-03T10:56:00-03:00');
    expect(await queueDue()).toBe(1);
    expect(await queueDue()).toBe(0);
    await at('2026-12-03T11:00:00-03:00');
    await sendDue();
    expect((await reminders(booking.id)).map((r) => [r.status, r.reason, r.reminder_for_slot.toISOString(), r.sent_at?.toISOString() ?? null])).toEqual([
      ['skipped', 'outdated', '2026-12-03T13:00:00.000Z', null],
      ['sent', null, '2026-12-04T14:00:00.000Z', '2026-12-03T14:00:00.000Z'],
    ]);
    const mails = reminderMails(who);
    expect(mails).toHaveLength(1);
    expect((await simpleParser(mails[0].raw)).subject).toMatch(/viernes, 4 de diciembre de 2026 a las 11:00 /);
  });

  it('a cancellation: a reminder already queued is skipped, none is queued after it', async () => {
    const serviceId = await office();
    const queuedFirst = person();
    const cancelledFirst = person();
    await at('2026-12-01T09:00:00-03:00');
    const a = await book(serviceId, queuedFirst, '2026-12-03T12:00:00-03:00');
    const b = await book(serviceId, cancelledFirst, '2026-12-03T12:00:00-03:00');
    await t.http.post(`/api/v1/bookings/${b.code}/cancel`).send({ documentNumber: cancelledFirst.documentNumber }).expect(200);
    await at('2026-12-02T11:56:00-03:00');
    expect(await queueDue()).toBe(1);
    await t.http.post(`/api/v1/bookings/${a.code}/cancel`).send({ documentNumber: queuedFirst.documentNumber }).expect(200);
    await at('2026-12-02T12:00:00-03:00');
    await sendDue();
    expect((await reminders(a.id)).map((r) => [r.status, r.reason])).toEqual([['skipped', 'outdated']]);
    expect(await reminders(b.id)).toEqual([]);
    expect(reminderMails(queuedFirst)).toHaveLength(0);
    expect(reminderMails(cancelledFirst)).toHaveLength(0);
  });

  it("late: missed minutes are caught by the next minute's run; a longer outage by the hourly sweep, while the appointment has not started", async () => {
    const serviceId = await office();
    const onTime = person();
    const started = person();
    await at('2026-12-01T09:00:00-03:00');
    const a = await book(serviceId, onTime, '2026-12-07T12:00:00-03:00');
    const b = await book(serviceId, started, '2026-12-07T10:00:00-03:00');
    const c = await book(serviceId, person(), '2026-12-07T11:00:00-03:00');
    await at('2026-12-06T11:20:00-03:00'); // no run since the 6th at 10:50: c's instant (11:00) was missed by 20 minutes
    expect(await queueDue()).toBe(1);
    expect((await reminders(c.id)).map((r) => r.due_at.toISOString())).toEqual(['2026-12-06T14:20:00.000Z']);
    await at('2026-12-07T10:30:00-03:00'); // the cluster was down from then until now
    expect(await queueDue()).toBe(0);
    expect(await t.app.get(ReminderQueue).queueDue({ sweep: true })).toBe(1); // b's appointment has begun: none for it
    expect((await sendDue()).sent).toBe(2);
    const [row] = await reminders(a.id);
    expect([row.due_at.toISOString(), row.sent_at?.toISOString()]).toEqual(['2026-12-07T13:30:00.000Z', '2026-12-07T13:30:00.000Z']);
    expect(await reminders(b.id)).toEqual([]);
  });

  it('two instances queuing and sending at once: one reminder per booking and channel', async () => {
    const serviceId = await office();
    const applicants = Array.from({ length: 12 }, () => person());
    await at('2026-12-01T09:00:00-03:00');
    const bookings = [];
    for (const who of applicants) bookings.push(await book(serviceId, who, '2026-12-09T09:30:00-03:00', { email: true, sms: true }));
    await sendDue();
    await at('2026-12-08T09:26:00-03:00');
    const [first, other] = await Promise.all([t.app.get(ReminderQueue).queueDue(), second.app.get(ReminderQueue).queueDue()]);
    expect(first + other).toBe(24);
    await at('2026-12-08T09:30:00-03:00');
    await Promise.all([t.app.get(NotificationWorker).runDue(), second.app.get(NotificationWorker).runDue()]);
    for (const [i, who] of applicants.entries()) {
      expect((await reminders(bookings[i].id)).map((r) => [r.channel, r.status])).toEqual([
        ['email', 'sent'],
        ['sms', 'sent'],
      ]);
      expect(reminderMails(who)).toHaveLength(1);
      expect(smsTo(who).filter((r) => r.form.Body!.startsWith('Recordatorio'))).toHaveLength(1);
    }
  });

  it("graphile-worker's crontab adds queue_reminders every minute, and the task as the worker runs it queues the reminders", async () => {
    const [minute, sweep] = parseCrontab(REMINDER_CRONTAB);
    expect([minute.task, minute.payload, minute.options.maxAttempts]).toEqual([QUEUE_REMINDERS, null, 1]);
    expect([sweep.task, sweep.payload, sweep.options.maxAttempts]).toEqual([QUEUE_REMINDERS, { sweep: true }, 1]);
    // The minute's run every minute of every day, the sweep at minute 17 of every hour.
    for (const [min, hour, date, month, dow] of [[0, 0, 1, 1, 0], [17, 9, 19, 9, 6], [59, 23, 31, 12, 3]]) expect(minute.match({ min, hour, date, month, dow })).toBe(true);
    expect([16, 17, 18].map((min) => sweep.match({ min, hour: 4, date: 2, month: 3, dow: 1 }))).toEqual([false, true, false]);

    const serviceId = await office();
    const who = person();
    await at('2026-12-01T09:00:00-03:00');
    const booking = await book(serviceId, who, '2026-12-03T13:00:00-03:00');
    await at('2026-12-02T13:00:00-03:00');
    await t.db.query(`SELECT graphile_worker.add_job('${QUEUE_REMINDERS}', '{}'::json)`);
    await sendDue(); // runs the queue_reminders job, which queues the reminder due now…
    await sendDue(); // …then sends it
    expect((await reminders(booking.id)).map((r) => r.status)).toEqual(['sent']);
    expect(reminderMails(who)).toHaveLength(1);
  });
});
