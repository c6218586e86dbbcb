import { rutFromBody } from '@turnero/scheduling';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { NotificationWorker } from './notification-worker.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const PUBLIC_URL = 'https://turnos.example.cl';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const OFFICE_ADDRESS = 'Arturo Prat 350, La Serena';

let people = 0;
/** A fresh applicant (document, name, address, phone) per booking, so each test reads only its own messages. */
function person() {
  const n = ++people;
  const document = rutFromBody(14_000_000 + n);
  return {
    documentType: 'RUT',
    documentNumber: document.formatted,
    normalized: document.normalized,
    fullName: `Valentina Mensajes ${n}`,
    email: `mensajes.${n}@example.cl`,
    phone: `+5698${String(7_000_000 + n).padStart(7, '0')}`,
  };
}
type Person = ReturnType<typeof person>;

interface OutboxRow {
  kind: string;
  channel: string;
  status: string;
  reason: string | null;
}

/**
 * Booking confirmed, rescheduled and cancelled (issue #16): each change queues its messages in its
 * own statement or transaction, and the outbox sends them by email (real SMTP server, in process)
 * and by SMS (a local server speaking Twilio's API), reading the address and phone from the booking
 * only when it sends. Real PostgreSQL.
 */
describe('booking messages: confirmed, rescheduled, cancelled', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let serviceId: string;
  let oneSeatServiceId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({
      FAKE_NOW: NOW,
      SMTP_URL: receiver.url,
      PUBLIC_URL,
      ...provider.env,
    });
    const seed = seeders(t.db);
    const officeId = (await seed.office({ name: 'Gobernación de Elqui', openingHours: WEEKDAYS, address: OFFICE_ADDRESS })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5, requirements: ['Pasaporte vigente'] })).id;
    oneSeatServiceId = (await seed.service(officeId, { code: 'P', name: 'Permiso de trabajo', seatsPerSlot: 1 })).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const book = (who: Person, slotStart: string, fields: { email?: boolean; phone?: boolean; smsConsent?: boolean } = {}, service = serviceId) =>
    t.http.post('/api/v1/bookings').send({
      serviceId: service,
      slotStart,
      applicant: {
        documentType: who.documentType,
        documentNumber: who.documentNumber,
        fullName: who.fullName,
        ...(fields.email === false ? {} : { email: who.email }),
        ...(fields.phone ? { phone: who.phone } : {}),
        ...(fields.smsConsent ? { smsConsent: true } : {}),
      },
    });
  const outbox = async (bookingId: string): Promise<OutboxRow[]> =>
    (await t.db.query(`SELECT kind, channel::text AS channel, status::text AS status, reason FROM notifications WHERE booking_id = $1 ORDER BY id`, [bookingId])) as OutboxRow[];
  const jobsOf = async (bookingId: string): Promise<number> =>
    ((await t.db.query(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs j JOIN notifications n ON j.key = 'notification:' || n.id WHERE n.booking_id = $1`,
      [bookingId],
    )) as { n: number }[])[0]!.n;
  const sendDue = () => t.app.get(NotificationWorker).runDue();
  const mailTo = (who: Person) => receiver.messages.filter((m) => m.to.includes(who.email));
  const smsTo = (who: Person) => provider.requests.filter((r) => r.form.To === who.phone);
  const parsed = (raw: string): Promise<ParsedMail> => simpleParser(raw);

  /** Every link of a message, and the proof that none carries the applicant's data. */
  function expectNoPersonalData(text: string, who: Person) {
    for (const secret of [who.email, who.phone, who.fullName, who.documentNumber, who.normalized, 'Valentina']) expect(text).not.toContain(secret);
    const links = text.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link).not.toMatch(/@|%40|mensajes|\+569|Valentina/i);
      expect(link).not.toContain(who.normalized.replace(/-/g, ''));
    }
  }

  it('confirms a booking by email (code in the subject, QR, .ics, links without personal data) and by SMS with consent, each exactly once', async () => {
    const who = person();
    const created = await book(who, '2026-12-02T10:00:00-03:00', { phone: true, smsConsent: true }).expect(201);
    const { id, code } = created.body as { id: string; code: string };
    expect(await outbox(id)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'queued', reason: null },
      { kind: 'booking_confirmed', channel: 'sms', status: 'queued', reason: null },
    ]);
    expect(await jobsOf(id)).toBe(2);

    await sendDue();
    expect(await outbox(id)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'sent', reason: null },
      { kind: 'booking_confirmed', channel: 'sms', status: 'sent', reason: null },
    ]);
    const mails = mailTo(who);
    expect(mails).toHaveLength(1);
    const mail = await parsed(mails[0]!.raw);
    expect(mail.subject).toContain(code);
    expect(mail.subject).toMatch(/^Reserva confirmada/);
    const ics = mail.attachments.find((a) => a.filename === 'reserva.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = ics!.content.toString('utf8');
    expect(calendar).toContain(`UID:${id}@turnero`);
    expect(calendar).toContain('SEQUENCE:0');
    expect(calendar).toContain('DTSTART:20261202T130000Z');
    expect(mail.attachments.some((a) => a.contentType === 'image/png' && a.cid)).toBe(true);
    expect(mail.text).toContain(code);
    expect(mail.text).toContain(OFFICE_ADDRESS);
    expectNoPersonalData(`${mail.text}\n${mail.html || ''}\n${calendar}`, who);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');

    const sms = smsTo(who);
    expect(sms).toHaveLength(1);
    expect(sms[0]!.form.From).toBe('Turnero');
    expect(sms[0]!.form.Body).toContain(code);
    expectNoPersonalData(sms[0]!.form.Body!, who);

    // Sent once: running the outbox again sends nothing more.
    await sendDue();
    expect(mailTo(who)).toHaveLength(1);
    expect(smsTo(who)).toHaveLength(1);
  });

  it('sends no SMS without the consent (a phone alone is not enough), and no email without an address', async () => {
    const phoneOnly = person();
    const noConsent = await book(phoneOnly, '2026-12-02T10:15:00-03:00', { phone: true }).expect(201);
    expect(await outbox(noConsent.body.id)).toEqual([{ kind: 'booking_confirmed', channel: 'email', status: 'queued', reason: null }]);
    const nothing = person();
    const none = await book(nothing, '2026-12-02T10:15:00-03:00', { email: false, phone: true }).expect(201);
    expect(await outbox(none.body.id)).toEqual([]);
    const smsOnly = person();
    const sms = await book(smsOnly, '2026-12-02T10:15:00-03:00', { email: false, phone: true, smsConsent: true }).expect(201);
    expect(await outbox(sms.body.id)).toEqual([{ kind: 'booking_confirmed', channel: 'sms', status: 'queued', reason: null }]);
    await sendDue();
    expect(smsTo(phoneOnly)).toHaveLength(0);
    expect(mailTo(phoneOnly)).toHaveLength(1);
    expect(smsTo(nothing)).toHaveLength(0);
    expect(mailTo(nothing)).toHaveLength(0);
    expect(smsTo(smsOnly)).toHaveLength(1);
    expect(mailTo(smsOnly)).toHaveLength(0);
  });

  it('tells of a reschedule (old and new time, .ics with the same UID and a higher SEQUENCE) and of a cancellation, by email and SMS', async () => {
    const who = person();
    const created = await book(who, '2026-12-03T09:00:00-03:00', { phone: true, smsConsent: true }).expect(201);
    const { id, code } = created.body as { id: string; code: string };
    await sendDue();

    await t.http.post(`/api/v1/bookings/${code}/reschedule`).send({ documentNumber: who.documentNumber, slotStart: '2026-12-04T11:30:00-03:00' }).expect(200);
    // The same slot again is no change: nothing is queued.
    await t.http.post(`/api/v1/bookings/${code}/reschedule`).send({ documentNumber: who.documentNumber, slotStart: '2026-12-04T11:30:00-03:00' }).expect(200);
    await sendDue();
    const moved = mailTo(who).slice(1);
    expect(moved).toHaveLength(1);
    const mail = await parsed(moved[0]!.raw);
    expect(mail.subject).toMatch(/^Hora cambiada/);
    expect(mail.subject).toContain(code);
    const calendar = mail.attachments.find((a) => a.filename === 'reserva.ics')!.content.toString('utf8');
    expect(calendar).toContain(`UID:${id}@turnero`);
    expect(calendar).toContain('SEQUENCE:1');
    expect(calendar).toContain('DTSTART:20261204T143000Z');
    // The previous time is said too (3 December, 09:00).
    expect(mail.text).toMatch(/09:00/);
    expect(mail.text).toMatch(/11:30/);
    expectNoPersonalData(`${mail.text}\n${mail.html || ''}`, who);
    expect(smsTo(who)).toHaveLength(2);
    expect(smsTo(who)[1]!.form.Body).toContain(code);

    await t.http.post(`/api/v1/bookings/${code}/cancel`).send({ documentNumber: who.documentNumber }).expect(200);
    await sendDue();
    const cancelled = mailTo(who).slice(2);
    expect(cancelled).toHaveLength(1);
    const cancellation = await parsed(cancelled[0]!.raw);
    expect(cancellation.subject).toMatch(/^Reserva cancelada/);
    expect(cancellation.subject).toContain(code);
    expect(cancellation.attachments.filter((a) => a.filename?.endsWith('.ics'))).toHaveLength(0);
    expectNoPersonalData(`${cancellation.text}\n${cancellation.html || ''}`, who);
    expect(smsTo(who)).toHaveLength(3);
    expect(smsTo(who)[2]!.form.Body).toContain(code);

    expect((await outbox(id)).map((r) => `${r.kind}/${r.channel}/${r.status}`)).toEqual([
      'booking_confirmed/email/sent',
      'booking_confirmed/sms/sent',
      'booking_rescheduled/email/sent',
      'booking_rescheduled/sms/sent',
      'booking_cancelled/email/sent',
      'booking_cancelled/sms/sent',
    ]);
  });

  it('queues nothing for a refused booking (SLOT_FULL, DUPLICATE_BOOKING) nor for an idempotent retry', async () => {
    const before = ((await t.db.query(`SELECT count(*)::int AS n FROM notifications`)) as { n: number }[])[0]!.n;
    const first = person();
    await book(first, '2026-12-02T11:00:00-03:00', { phone: true, smsConsent: true }, oneSeatServiceId).expect(201);
    const second = person();
    expect((await book(second, '2026-12-02T11:00:00-03:00', { phone: true, smsConsent: true }, oneSeatServiceId).expect(409)).body.error).toBe('SLOT_FULL');
    expect((await book(first, '2026-12-02T11:15:00-03:00', { phone: true, smsConsent: true }, oneSeatServiceId).expect(409)).body.error).toBe('DUPLICATE_BOOKING');

    const third = person();
    const body = { serviceId, slotStart: '2026-12-02T11:30:00-03:00', applicant: { documentType: 'RUT', documentNumber: third.documentNumber, fullName: third.fullName, email: third.email } };
    const made = await t.http.post('/api/v1/bookings').set('Idempotency-Key', 'mensajes-retry-1').send(body).expect(201);
    const again = await t.http.post('/api/v1/bookings').set('Idempotency-Key', 'mensajes-retry-1').send(body).expect(201);
    expect(again.body.id).toBe(made.body.id);
    expect(await outbox(made.body.id)).toHaveLength(1);

    const after = ((await t.db.query(`SELECT count(*)::int AS n FROM notifications`)) as { n: number }[])[0]!.n;
    // The first booking's email and SMS and the third's email: nothing for the refusals or the retry.
    expect(after - before).toBe(3);
    await sendDue();
    expect(mailTo(second)).toHaveLength(0);
    expect(smsTo(second)).toHaveLength(0);
    expect(mailTo(first)).toHaveLength(1);
    expect(mailTo(third)).toHaveLength(1);
  });

  it('reads the address and phone only when sending: erased meanwhile, the message is skipped; a cancelled booking gets no confirmation', async () => {
    const erased = person();
    const a = await book(erased, '2026-12-02T12:15:00-03:00', { phone: true, smsConsent: true }).expect(201);
    // As the retention job erases them (the phone with its consent).
    await t.db.query(`UPDATE bookings SET email = NULL, phone = NULL, sms_consent = false WHERE id = $1`, [a.body.id]);
    const late = person();
    const b = await book(late, '2026-12-02T12:15:00-03:00').expect(201);
    await t.http.post(`/api/v1/bookings/${b.body.code}/cancel`).send({ documentNumber: late.documentNumber }).expect(200);
    await sendDue();
    expect(await outbox(a.body.id)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'skipped', reason: 'no_address' },
      { kind: 'booking_confirmed', channel: 'sms', status: 'skipped', reason: 'no_phone' },
    ]);
    expect(mailTo(erased)).toHaveLength(0);
    expect(smsTo(erased)).toHaveLength(0);
    expect(await outbox(b.body.id)).toEqual([
      { kind: 'booking_confirmed', channel: 'email', status: 'skipped', reason: 'outdated' },
      { kind: 'booking_cancelled', channel: 'email', status: 'sent', reason: null },
    ]);
    expect(mailTo(late)).toHaveLength(1);
  });

  it('retries an SMS the provider could not take for now, and records a refused one as failed with its code', async () => {
    const retried = person();
    const a = await book(retried, '2026-12-02T12:30:00-03:00', { email: false, phone: true, smsConsent: true }).expect(201);
    provider.answerWith('server_error');
    try {
      expect((await sendDue()).retrying).toBe(1);
    } finally {
      provider.answerWith('accept');
    }
    expect(await outbox(a.body.id)).toEqual([{ kind: 'booking_confirmed', channel: 'sms', status: 'queued', reason: '20500' }]);
    expect((await sendDue()).sent).toBe(1);
    expect(await outbox(a.body.id)).toEqual([{ kind: 'booking_confirmed', channel: 'sms', status: 'sent', reason: null }]);
    expect(provider.accepted.length).toBeGreaterThan(0);

    const refused = person();
    const b = await book(refused, '2026-12-02T12:45:00-03:00', { email: false, phone: true, smsConsent: true }).expect(201);
    provider.answerWith('invalid_to');
    try {
      expect((await sendDue()).failed).toBe(1);
    } finally {
      provider.answerWith('accept');
    }
    expect(await outbox(b.body.id)).toEqual([{ kind: 'booking_confirmed', channel: 'sms', status: 'failed', reason: '21211' }]);
    await sendDue();
    expect(smsTo(refused)).toHaveLength(1);
  });
});
