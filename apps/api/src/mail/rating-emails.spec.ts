import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PersonalDataRetentionJob } from '../retention/personal-data-retention.job.js';
import { DESK_NOW } from '../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { completeVisit, type DeskOffice, deskOffice, outboxOf, stoppedClock } from '../testing/visit-fixtures.js';
import { RATING_EMAIL_DELAY_MINUTES } from './rating-email-schedule.js';
import { NotificationWorker } from '../notifications/notification-worker.js';

const PUBLIC_URL = 'https://turnos.example.cl';
const OFFICE = 'Gobernación Provincial de Elqui – Extranjería';
const SERVICE = 'Residencia temporal';
const DUE = { minutes: RATING_EMAIL_DELAY_MINUTES };

let addresses = 0;
/** A fresh address per visit, so that each test reads only its own messages. */
const address = () => `persona.${++addresses}@example.cl`;

describe('the email that asks for a rating', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let second: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let office: DeskOffice;
  let silentOffice: DeskOffice;

  /** What is due by the app's clock, sent through the notifications outbox's worker. */
  const sendDue = async (app = t) => {
    const { sent, skipped, retrying, failed } = await app.app.get(NotificationWorker).runDue();
    return { sent, skipped, retrying, failed };
  };
  const mailTo = (to: string) => receiver.messages.filter((m) => m.to.includes(to));

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    const env = { FAKE_NOW: DESK_NOW, SMTP_URL: receiver.url, PUBLIC_URL: `${PUBLIC_URL}/`, MAIL_FROM: 'Turnos Elqui <turnos@example.cl>' };
    t = await startTestApp(env);
    second = await attachTestApp(t.databaseUrl, env);
    clock = stoppedClock([t, second], DESK_NOW);
    office = await deskOffice(t, { name: OFFICE, address: 'Arturo Prat 350, La Serena', personalDataRetentionDays: 1 }, SERVICE);
    silentOffice = await deskOffice(t, { name: 'Oficina sin correos' });
    // The office's switch, as its supervisor turns it off.
    const patched = await t.http.patch(`/api/v1/offices/${silentOffice.id}`).set('Authorization', silentOffice.supervisor).send({ ratingEmail: false }).expect(200);
    expect(patched.body.ratingEmail).toBe(false);
  });
  beforeEach(() => clock.set(DESK_NOW));
  afterAll(async () => {
    await second.close();
    await t.close();
    await receiver.close();
  });

  it('sends one email per completed booked ticket, 30 minutes after, to the booking’s address: office, procedure and the turn page’s link, no document, no name', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to, fullName: 'María José Pérez Soto', documentType: 'RUT', documentNumber: '12345678-5' });
    const [queued] = await outboxOf(t, [visit.ticketId]);
    expect(queued).toMatchObject({ kind: 'rating', channel: 'email', booking_id: visit.booking!.id, status: 'queued', attempts: 0, sent_at: null });
    expect(queued.due_at.getTime() - queued.queued_at.getTime()).toBe(RATING_EMAIL_DELAY_MINUTES * 60_000);

    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(mailTo(to)).toEqual([]);

    clock.advance(DUE);
    expect(await sendDue()).toMatchObject({ sent: 1 });
    const [mail] = mailTo(to);
    expect(mail).toBeDefined();
    expect(mail.to).toEqual([to]);
    expect(mail.headers.to).toBe(to);
    expect(mail.mailFrom).toBe('turnos@example.cl');
    expect(mail.user).toBe('turnero');
    expect(mail.headers['auto-submitted']).toBe('auto-generated');
    expect(mail.subject).toBe(`¿Cómo fue su atención? / How was your visit? – ${OFFICE}`);

    const link = `${PUBLIC_URL}/turno/${visit.trackingCode}`;
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain(OFFICE);
      expect(body).toContain(SERVICE);
      expect(body).toContain(link);
      expect(body).toContain(visit.number);
    }
    // Spanish first, English below.
    expect(mail.text.indexOf('¿Cómo fue su atención?')).toBeLessThan(mail.text.indexOf('How was your visit?'));
    expect(mail.text).toContain('17 de junio de 2026');
    expect(mail.text).toContain('hasta el 24 de junio de 2026');
    // The five scores, each a link to the turn page with the score preselected.
    for (let score = 1; score <= 5; score++) expect(mail.html).toContain(`href="${link}?calificacion=${score}"`);
    // Nothing about the person, in any form, anywhere in the message.
    const everything = [mail.raw, mail.subject, mail.text, mail.html].join('\n');
    for (const personal of ['12345678-5', '12.345.678-5', '123456785', '12345678', 'María', 'Pérez', 'Soto']) expect(everything).not.toContain(personal);
    expect([...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0])).toEqual([link, link]);

    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'sent', attempts: 1, reason: null, sent_at: expect.any(Date) }]);
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(mailTo(to)).toHaveLength(1);
  });

  it('queues once per ticket: completing it again is refused and queues nothing more', async () => {
    const visit = await completeVisit(t, office, { email: address() });
    const again = await t.http.post(`/api/v1/tickets/${visit.ticketId}/complete`).set('Authorization', office.agent).expect(409);
    expect(again.body.error).toBe('INVALID_TRANSITION');
    expect(await outboxOf(t, [visit.ticketId])).toHaveLength(1);
    clock.advance(DUE);
    expect(await sendDue()).toMatchObject({ sent: 1 });
  });

  it('queues and sends nothing for a walk-in, a booking without an address, or an office whose switch is off', async () => {
    const walkIn = await completeVisit(t, office, null);
    const noAddress = await completeVisit(t, office, { email: null });
    const silentTo = address();
    const silent = await completeVisit(t, silentOffice, { email: silentTo });
    expect(await outboxOf(t, [walkIn.ticketId, noAddress.ticketId, silent.ticketId])).toEqual([]);

    clock.advance(DUE);
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(mailTo(silentTo)).toEqual([]);
  });

  it('skips a queued email when the office turned its switch off before it went out', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    const patch = (ratingEmail: boolean) => t.http.patch(`/api/v1/offices/${office.id}`).set('Authorization', office.supervisor).send({ ratingEmail }).expect(200);
    await patch(false);
    try {
      clock.advance(DUE);
      expect(await sendDue()).toMatchObject({ sent: 0, skipped: 1 });
    } finally {
      await patch(true);
    }
    expect(mailTo(to)).toEqual([]);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'skipped', reason: 'office_off' }]);
  });

  it('skips the email when the survey was answered first, on the turn page or at the kiosk', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    await t.http.post(`/api/v1/turns/${visit.trackingCode}/survey`).send({ rating: 5 }).expect(201);
    clock.advance(DUE);
    expect(await sendDue()).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailTo(to)).toEqual([]);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'skipped', reason: 'answered' }]);
  });

  it('skips the email once the 7 days to answer are over (a sender that was stopped that long)', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    clock.advance({ days: 7, minutes: 1 });
    expect(await sendDue()).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailTo(to)).toEqual([]);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'skipped', reason: 'expired' }]);
  });

  it('sends each email exactly once when two instances send at the same time', async () => {
    const visits = [];
    for (let i = 0; i < 12; i++) visits.push(await completeVisit(t, office, { email: address() }));
    clock.advance(DUE);
    const runs = await Promise.all([sendDue(t), sendDue(second)]);
    expect(runs[0].sent + runs[1].sent).toBe(12);
    for (const visit of visits) expect(mailTo(visit.booking!.email!), visit.booking!.email!).toHaveLength(1);
    const rows = await outboxOf(t, visits.map((v) => v.ticketId));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(12).fill(['sent', 1]));
  });

  it('keeps no copy of the address: once the retention job erased it, the queued email is skipped and no table holds it', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to, fullName: 'Pedro Pablo Rojas' });
    const holding = async (text: string) => {
      // Ours, and graphile-worker's (the jobs' payloads: an outbox id only).
      const tables = (await t.db.query(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('public', 'graphile_worker') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
      )) as { table_schema: string; table_name: string }[];
      expect(tables.filter((x) => x.table_schema === 'graphile_worker').map((x) => x.table_name)).toContain('_private_jobs');
      const found: string[] = [];
      for (const { table_schema, table_name } of tables) {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}" x WHERE strpos(x::text, $1) > 0`, [text]);
        if (n > 0) found.push(table_name);
      }
      return found;
    };
    expect(await holding(to)).toEqual(['bookings']);

    // The office keeps personal data one day: two days later the booking's data is erased.
    clock.advance({ days: 2 });
    expect((await t.app.get(PersonalDataRetentionJob).eraseExpiredPersonalData()).bookings).toBeGreaterThan(0);
    expect(await holding(to)).toEqual([]);
    expect(await holding('Pedro Pablo Rojas')).toEqual([]);

    expect(await sendDue()).toMatchObject({ sent: 0 });
    expect(mailTo(to)).toEqual([]);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'skipped', reason: 'no_address' }]);
  });
});
