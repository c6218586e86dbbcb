import { simpleParser } from 'mailparser';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { applicantFactory } from '../testing/applicants.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours (Santiago is UTC-3 in December)
const PUBLIC_URL = 'https://turnos.example.cl';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const THURSDAY = '2026-12-03';
const at = (time: string, date = THURSDAY) => `${date}T${time}:00-03:00`;
const NOTICE = 'Oficina cerrada por emergencia sanitaria: sus trámites por correo a partes@iquique.example.cl';

/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Valentina Aviso', tag: 'aviso', documentBase: 16_000_000, phoneBase: 87_000_000 });
type Person = ReturnType<typeof person>;

interface Notice {
  id: string;
  message: string;
  from: string;
  to: string;
}

/**
 * Office notices (issue #16, the Iquique case): published by a supervisor for a period, public
 * while in force, and sent in the notice's own transaction to everyone booked in the period.
 * Real PostgreSQL, a real SMTP server in process, a local server speaking Twilio's API.
 */
describe('office notices', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL, ...provider.env });
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const office = async (name = 'Municipalidad de Iquique', address = 'Serrano 134, Iquique') => {
    const seed = seeders(t.db);
    const officeId = (await seed.office({ name, openingHours: WEEKDAYS, address })).id;
    const serviceId = (await seed.service(officeId, { code: 'P', name: 'Patente comercial', seatsPerSlot: 5 })).id;
    const supervisor = await seed.staff('supervisor', officeId);
    const agent = await seed.staff('agent', officeId);
    return {
      officeId,
      serviceId,
      supervisor: await bearer(t.http, supervisor.username, supervisor.password),
      agent: await bearer(t.http, agent.username, agent.password),
    };
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
  const publish = (officeId: string, auth: string, body: object) => t.http.post(`/api/v1/offices/${officeId}/notices`).set('Authorization', auth).send(body);
  const inForce = async (officeId: string) => (await t.http.get(`/api/v1/offices/${officeId}/notices`).expect(200)).body as Notice[];
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const mailTo = (who: Person) => receiver.messages.filter((m) => m.to.includes(who.email));
  const smsTo = (who: Person) => provider.requests.filter((r) => r.form.To === who.phone);
  const noticeMessages = async (bookingId: string) =>
    (await t.db.query(`SELECT channel::text AS channel, status::text AS status, reason, notice_id FROM notifications WHERE booking_id = $1 AND kind = 'office_notice' ORDER BY id`, [
      bookingId,
    ])) as { channel: string; status: string; reason: string | null; notice_id: string }[];
  const count = async (sql: string, params: unknown[] = []) => ((await t.db.query(sql, params)) as { n: number }[])[0]!.n;

  function expectNoPersonalData(text: string, who: Person) {
    for (const secret of [who.email, who.phone, who.fullName, who.documentNumber, who.normalized, 'Valentina']) expect(text).not.toContain(secret);
    const links = text.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).not.toMatch(/aviso\.|%40aviso|\+569|Valentina/i);
  }

  it('public: only the notices in force now, in the office offset, not those to come, ended or deleted; 404 for an unknown office', async () => {
    const { officeId, supervisor } = await office('Delegación de Alto Hospicio');
    expect(await inForce(officeId)).toEqual([]);
    const current = await publish(officeId, supervisor, { message: '  Hoy atendemos hasta las 12:00.  ', from: '2026-12-01T11:00:00Z', to: at('18:00', '2026-12-01') }).expect(201);
    expect(current.body).toEqual({ id: expect.any(String), message: 'Hoy atendemos hasta las 12:00.', from: '2026-12-01T08:00:00-03:00', to: '2026-12-01T18:00:00-03:00', notified: 0 });
    // Not started yet: listed for staff, not shown.
    const upcoming = await publish(officeId, supervisor, { message: 'El jueves cerramos a mediodía.', from: at('12:00'), to: at('18:00') }).expect(201);
    // Ended: refused through the API (to in the past), so written as history directly.
    await t.db.query(`INSERT INTO office_notices (office_id, message, starts_at, ends_at) VALUES ($1, 'Ayer no hubo atención.', '2026-11-30T11:00:00Z', '2026-12-01T11:59:59Z')`, [officeId]);
    // Shown at once on this instance (its cached list is dropped on publish).
    expect(await inForce(officeId)).toEqual([{ id: current.body.id, message: 'Hoy atendemos hasta las 12:00.', from: '2026-12-01T08:00:00-03:00', to: '2026-12-01T18:00:00-03:00' }]);

    const staff = await t.http.get(`/api/v1/offices/${officeId}/notices/schedule`).set('Authorization', supervisor).expect(200);
    expect((staff.body as { id: string; status: string; notified: number }[]).map((n) => [n.id, n.status, n.notified])).toEqual([
      [current.body.id, 'current', 0],
      [upcoming.body.id, 'upcoming', 0],
    ]);
    const withPast = await t.http.get(`/api/v1/offices/${officeId}/notices/schedule?include=past`).set('Authorization', supervisor).expect(200);
    expect((withPast.body as { message: string; status: string }[]).map((n) => [n.message, n.status])).toEqual([['Ayer no hubo atención.', 'past']]);

    await t.http.delete(`/api/v1/notices/${current.body.id}`).set('Authorization', supervisor).expect(204);
    expect(await inForce(officeId)).toEqual([]);
    // Kept as history, marked deleted; gone from the staff list.
    expect(await count(`SELECT count(*)::int AS n FROM office_notices WHERE id = $1 AND deleted_at IS NOT NULL`, [current.body.id])).toBe(1);
    const after = await t.http.get(`/api/v1/offices/${officeId}/notices/schedule`).set('Authorization', supervisor).expect(200);
    expect((after.body as { id: string }[]).map((n) => n.id)).toEqual([upcoming.body.id]);

    const unknown = await t.http.get('/api/v1/offices/00000000-0000-4000-8000-000000000000/notices').expect(404);
    expect(unknown.body.error).toBe('OFFICE_NOT_FOUND');
    await t.http.get('/api/v1/offices/not-a-uuid/notices').expect(400);
  });

  it('notifyBooked: one message per channel to each booking in [from, to) with contact data; not outside, cancelled, without consent or in another office', async () => {
    const { officeId, serviceId, supervisor } = await office();
    const other = await office('Municipalidad de Pozo Almonte', 'Balmaceda 276');
    const emailOnly = person();
    const smsOnly = person();
    const both = person();
    const noConsent = person();
    const before = person();
    const atEnd = person();
    const cancelled = person();
    const elsewhere = person();
    const a = await book(serviceId, emailOnly, at('09:00'), { email: true });
    const b = await book(serviceId, smsOnly, at('09:30'), { phone: true, smsConsent: true });
    const c = await book(serviceId, both, at('10:00'), { email: true, phone: true, smsConsent: true });
    const d = await book(serviceId, noConsent, at('10:30'), { phone: true });
    const e = await book(serviceId, before, at('08:30'), { email: true });
    const f = await book(serviceId, atEnd, at('11:00'), { email: true }); // `to` is exclusive
    const g = await book(serviceId, cancelled, at('09:00'), { email: true, phone: true, smsConsent: true });
    await t.http.post(`/api/v1/bookings/${g.code}/cancel`).send({ documentNumber: cancelled.documentNumber }).expect(200);
    const h = await book(other.serviceId, elsewhere, at('09:00'), { email: true });
    await sendDue(); // the confirmations and the cancellation
    const mails = receiver.messages.length;
    const texts = provider.requests.length;

    const published = await publish(officeId, supervisor, { message: NOTICE, from: at('09:00'), to: at('11:00'), notifyBooked: true }).expect(201);
    expect(published.body).toMatchObject({ message: NOTICE, from: at('09:00'), to: at('11:00'), notified: 4 });
    const noticeId = published.body.id as string;
    expect(await noticeMessages(a.id)).toEqual([{ channel: 'email', status: 'queued', reason: null, notice_id: noticeId }]);
    expect(await noticeMessages(b.id)).toEqual([{ channel: 'sms', status: 'queued', reason: null, notice_id: noticeId }]);
    expect((await noticeMessages(c.id)).map((m) => m.channel)).toEqual(['email', 'sms']);
    for (const booking of [d, e, f, g, h]) expect(await noticeMessages(booking.id)).toEqual([]);

    await sendDue();
    expect(receiver.messages.length - mails).toBe(2);
    expect(provider.requests.length - texts).toBe(2);
    for (const [who, booking, slot] of [[emailOnly, a, '09:00'], [both, c, '10:00']] as const) {
      const mail = await simpleParser(mailTo(who).at(-1)!.raw);
      expect(mail.subject).toBe(`Aviso de Municipalidad de Iquique (${booking.code}) / Notice from Municipalidad de Iquique`);
      expect(mail.text).toContain(NOTICE);
      expect(mail.html || '').toContain('Oficina cerrada por emergencia sanitaria');
      expect(mail.text).toContain('Vigente desde el jueves, 3 de diciembre de 2026, 09:00 hasta el jueves, 3 de diciembre de 2026, 11:00.');
      expect(mail.text).toContain('jueves, 3 de diciembre de 2026');
      expect(mail.text).toContain(slot);
      expect(mail.text).toContain(booking.code);
      expect(mail.text).toContain('Patente comercial');
      expect(mail.text).toContain('Serrano 134, Iquique');
      expectNoPersonalData(`${mail.text}\n${mail.html || ''}`, who);
    }
    for (const [who, booking] of [[smsOnly, b], [both, c]] as const) {
      const sms = smsTo(who).at(-1)!.form.Body!;
      expect(sms).toContain('Aviso de Municipalidad de Iquique (03/12-03/12');
      expect(sms).toContain(booking.code);
      expect(sms).toContain('Oficina cerrada por emergencia sanitaria');
      for (const secret of [who.email, who.phone, who.fullName, who.documentNumber]) expect(sms).not.toContain(secret);
    }
    for (const who of [before, atEnd, elsewhere]) expect(mailTo(who).length + smsTo(who).length).toBe(1); // their confirmation only
    expect(smsTo(noConsent)).toHaveLength(0); // no consent to SMS: not even a confirmation
    // The cancellation only (the confirmation, not yet sent when they cancelled, was skipped): no notice.
    expect((await simpleParser(mailTo(cancelled).at(-1)!.raw)).subject).toMatch(/^Reserva cancelada/);
    expect(mailTo(cancelled)).toHaveLength(1);
    expect(smsTo(cancelled)).toHaveLength(1);
    expect(await noticeMessages(a.id)).toEqual([{ channel: 'email', status: 'sent', reason: null, notice_id: noticeId }]);

    const staff = await t.http.get(`/api/v1/offices/${officeId}/notices/schedule`).set('Authorization', supervisor).expect(200);
    expect(staff.body).toEqual([expect.objectContaining({ id: noticeId, status: 'upcoming', notified: 4 })]);
  });

  it('queues nothing when the office switched office notices off; the notice is still published', async () => {
    const { officeId, serviceId, supervisor } = await office('Oficina sin avisos');
    await t.db.query(`UPDATE offices SET notifications_off = '{office_notice}' WHERE id = $1`, [officeId]);
    const booked = await book(serviceId, person(), at('09:00'), { email: true });
    const published = await publish(officeId, supervisor, { message: NOTICE, from: at('08:00'), to: at('12:00'), notifyBooked: true }).expect(201);
    expect(published.body.notified).toBe(0);
    expect(await noticeMessages(booked.id)).toEqual([]);
    expect(await count(`SELECT count(*)::int AS n FROM office_notices WHERE office_id = $1`, [officeId])).toBe(1);
  });

  it('skips a message whose notice was deleted or whose booking was cancelled before it went out (outdated)', async () => {
    const { officeId, serviceId, supervisor } = await office('Oficina de Huara');
    const first = person();
    const second = person();
    const x = await book(serviceId, first, at('09:00'), { email: true });
    const y = await book(serviceId, second, at('09:30'), { email: true });
    await sendDue();
    const deleted = await publish(officeId, supervisor, { message: 'Aviso retirado', from: at('08:30'), to: at('09:15'), notifyBooked: true }).expect(201);
    const kept = await publish(officeId, supervisor, { message: 'Aviso vigente', from: at('09:15'), to: at('10:00'), notifyBooked: true }).expect(201);
    expect([deleted.body.notified, kept.body.notified]).toEqual([1, 1]);
    await t.http.delete(`/api/v1/notices/${deleted.body.id}`).set('Authorization', supervisor).expect(204);
    await t.http.post(`/api/v1/bookings/${y.code}/cancel`).send({ documentNumber: second.documentNumber }).expect(200);
    await sendDue();
    expect(await noticeMessages(x.id)).toEqual([{ channel: 'email', status: 'skipped', reason: 'outdated', notice_id: deleted.body.id }]);
    expect(await noticeMessages(y.id)).toEqual([{ channel: 'email', status: 'skipped', reason: 'outdated', notice_id: kept.body.id }]);
    expect(mailTo(first)).toHaveLength(1);
    expect(mailTo(second)).toHaveLength(2); // confirmation and cancellation
  });

  it('a notice whose transaction fails after queuing leaves no notice, no message and no job', async () => {
    const { officeId, serviceId, supervisor } = await office('Oficina de Pica');
    const booked = await book(serviceId, person(), at('09:00'), { email: true, phone: true, smsConsent: true });
    await sendDue();
    const jobs = () => count(`SELECT count(*)::int AS n FROM graphile_worker.jobs`);
    const messages = () => count(`SELECT count(*)::int AS n FROM notifications WHERE booking_id = $1`, [booked.id]);
    const before = { jobs: await jobs(), messages: await messages() };
    // Fails when the queued messages are tied to the notice: after queue_notification ran.
    await t.db.query(`CREATE FUNCTION test_fail_notice_tie() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'notice tie refused'; END $$`);
    await t.db.query(
      `CREATE TRIGGER test_fail_notice_tie BEFORE UPDATE OF notice_id ON notifications FOR EACH ROW WHEN (NEW.office_id = '${officeId}') EXECUTE FUNCTION test_fail_notice_tie()`,
    );
    try {
      await publish(officeId, supervisor, { message: NOTICE, from: at('08:30'), to: at('12:00'), notifyBooked: true }).expect(500);
    } finally {
      await t.db.query(`DROP TRIGGER test_fail_notice_tie ON notifications`);
      await t.db.query(`DROP FUNCTION test_fail_notice_tie()`);
    }
    expect(await count(`SELECT count(*)::int AS n FROM office_notices WHERE office_id = $1`, [officeId])).toBe(0);
    expect(await messages()).toBe(before.messages);
    expect(await jobs()).toBe(before.jobs);
    expect(await inForce(officeId)).toEqual([]);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const { officeId, supervisor } = await office('Oficina de Camiña');
    const valid = { message: 'Aviso', from: at('09:00'), to: at('10:00') };
    const cases: [object, string][] = [
      [{ ...valid, message: '   ' }, 'message'],
      [{ ...valid, message: 'x'.repeat(501) }, 'message'],
      [{ ...valid, message: 42 }, 'message'],
      [{ ...valid, from: '2026-12-03T09:00:00' }, 'from'],
      [{ ...valid, from: '2026-12-03' }, 'from'],
      [{ ...valid, from: '2026-13-03T09:00:00-03:00' }, 'from'],
      [{ ...valid, to: at('09:00') }, 'to'],
      [{ ...valid, to: at('08:00') }, 'to'],
      [{ ...valid, from: '2026-11-01T09:00:00-03:00', to: '2026-12-01T08:00:00-03:00' }, 'to'], // ended before now
      [{ ...valid, notifyBooked: 'yes' }, 'notifyBooked'],
      [{ ...valid, notifyBooked: null }, 'notifyBooked'],
      [{ ...valid, officeId }, 'officeId'],
    ];
    for (const [body, field] of cases) {
      const response = await publish(officeId, supervisor, body).expect(400);
      expect(response.body.error, JSON.stringify(body)).toBe('VALIDATION_FAILED');
      expect((response.body.details as { field: string }[]).map((d) => d.field), JSON.stringify(body)).toContain(field);
    }
    const include = await t.http.get(`/api/v1/offices/${officeId}/notices/schedule?include=soon`).set('Authorization', supervisor).expect(400);
    expect((include.body.details as { field: string }[]).map((d) => d.field)).toEqual(['include']);
    expect(await count(`SELECT count(*)::int AS n FROM office_notices WHERE office_id = $1`, [officeId])).toBe(0);
    // 500 characters are fine.
    await publish(officeId, supervisor, { ...valid, message: 'x'.repeat(500) }).expect(201);
  });

  it('only supervisors of the office and admins publish and delete: 401, 403 for agents and other offices, 404 for an unknown notice', async () => {
    const own = await office('Oficina de Colchane');
    const other = await office('Oficina de Pisagua');
    const body = { message: 'Aviso', from: at('09:00'), to: at('10:00') };
    await t.http.post(`/api/v1/offices/${own.officeId}/notices`).send(body).expect(401);
    expect((await publish(own.officeId, own.agent, body).expect(403)).body.error).toBe('FORBIDDEN');
    expect((await publish(own.officeId, other.supervisor, body).expect(403)).body.error).toBe('FORBIDDEN');
    await t.http.get(`/api/v1/offices/${own.officeId}/notices/schedule`).set('Authorization', other.agent).expect(403);
    await t.http.get(`/api/v1/offices/${own.officeId}/notices/schedule`).set('Authorization', own.agent).expect(200);
    const created = await publish(own.officeId, own.supervisor, body).expect(201);
    const noticeId = created.body.id as string;
    await t.http.delete(`/api/v1/notices/${noticeId}`).expect(401);
    await t.http.delete(`/api/v1/notices/${noticeId}`).set('Authorization', own.agent).expect(403);
    await t.http.delete(`/api/v1/notices/${noticeId}`).set('Authorization', other.supervisor).expect(403);
    expect(await count(`SELECT count(*)::int AS n FROM office_notices WHERE id = $1 AND deleted_at IS NULL`, [noticeId])).toBe(1);
    await t.http.delete(`/api/v1/notices/${noticeId}`).set('Authorization', admin).expect(204);
    expect((await t.http.delete(`/api/v1/notices/${noticeId}`).set('Authorization', admin).expect(404)).body.error).toBe('NOTICE_NOT_FOUND');
    expect((await t.http.delete('/api/v1/notices/00000000-0000-4000-8000-000000000000').set('Authorization', admin).expect(404)).body.error).toBe('NOTICE_NOT_FOUND');
    await t.http.delete('/api/v1/notices/nope').set('Authorization', admin).expect(400);
    await publish(own.officeId, admin, body).expect(201);
  });

  it("tells the office's screens live: notices.changed with the notices in force, on publish and on delete", async () => {
    const { officeId, supervisor } = await office('Oficina de Tarapacá');
    const other = await office('Oficina de Mamiña');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const connect = async (id: string) => {
      const socket = io(`${await t.app.getUrl()}/display`, { auth: { officeId: id }, transports: ['websocket'], forceNew: true, reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('queue.snapshot', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    };
    const collect = (socket: Socket) => {
      const seen: unknown[] = [];
      socket.on('notices.changed', (event: unknown) => seen.push(event));
      return seen;
    };
    const screen = await connect(officeId);
    const elsewhere = await connect(other.officeId);
    try {
      const events = collect(screen);
      const foreign = collect(elsewhere);
      const upcoming = await publish(officeId, supervisor, { message: 'Mañana cerramos a las 12:00', from: at('12:00'), to: at('18:00') }).expect(201);
      await expect.poll(() => events).toEqual([{ officeId, notices: [] }]);
      const current = await publish(officeId, supervisor, { message: 'Hoy no hay atención de patentes', from: at('08:00', '2026-12-01'), to: at('14:00', '2026-12-01') }).expect(201);
      const shown = { id: current.body.id, message: 'Hoy no hay atención de patentes', from: '2026-12-01T08:00:00-03:00', to: '2026-12-01T14:00:00-03:00' };
      await expect.poll(() => events.length).toBe(2);
      expect(events[1]).toEqual({ officeId, notices: [shown] });
      await t.http.delete(`/api/v1/notices/${current.body.id}`).set('Authorization', supervisor).expect(204);
      await expect.poll(() => events.length).toBe(3);
      expect(events[2]).toEqual({ officeId, notices: [] });
      expect(upcoming.body.id).toBeTruthy();
      expect(foreign).toEqual([]);
    } finally {
      screen.close();
      elsewhere.close();
    }
  });
});
