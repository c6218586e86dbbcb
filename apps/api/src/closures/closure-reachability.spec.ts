import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { type SmsProviderServer, startSmsProvider } from '../testing/sms-provider.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { applicantFactory } from '../testing/applicants.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const THURSDAY = '2026-12-03';
const FRIDAY = '2026-12-04';

/** A fresh applicant per booking, so each test reads only its own messages. */
const person = applicantFactory({ name: 'Tomás Alcance', tag: 'alcance', documentBase: 17_000_000, phoneBase: 78_000_000 });

interface Affected {
  id: string;
  notified: boolean;
  contact: string;
  messages: { channel: string; status: string; reason: string | null }[];
}

/**
 * Who a closure could not reach (issue #16): each cancelled booking's `contact` is the outcome of
 * the closure's messages to it ('sent', 'queued', 'failed', 'none'), so the office calls only the
 * 'failed' and 'none' ones. Real PostgreSQL, a real SMTP server in process that can refuse a
 * recipient, and a local server speaking Twilio's API.
 */
describe('closure reachability: who the office must call', () => {
  let receiver: SmtpReceiver;
  let provider: SmsProviderServer;
  let t: TestApp;
  let admin: string;
  let officeId: string;
  let serviceId: string;

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    provider = await startSmsProvider();
    t = await startTestApp({ FAKE_NOW: NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl', ...provider.env });
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    const seed = seeders(t.db);
    officeId = (await seed.office({ name: 'Gobernación de Limarí', openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', seatsPerSlot: 5 })).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await provider?.close();
  });

  const book = async (slotStart: string, contact: { email?: boolean; sms?: boolean; phone?: boolean }) => {
    const who = person();
    const response = await t.http
      .post('/api/v1/bookings')
      .send({
        serviceId,
        slotStart,
        applicant: {
          documentType: 'RUT',
          documentNumber: who.documentNumber,
          fullName: who.fullName,
          ...(contact.email ? { email: who.email } : {}),
          ...(contact.sms || contact.phone ? { phone: who.phone } : {}),
          ...(contact.sms ? { smsConsent: true } : {}),
        },
      })
      .expect(201);
    return response.body.id as string;
  };
  const close = async (date: string) => {
    const response = await t.http.post(`/api/v1/offices/${officeId}/closures`).set('Authorization', admin).send({ date, reason: 'Corte de agua' }).expect(201);
    return { closureId: response.body.closure.id as string, affected: response.body.cancelledBookings as Affected[] };
  };
  const affectedOf = async (closureId: string) =>
    (await t.http.get(`/api/v1/closures/${closureId}/cancelled-bookings`).set('Authorization', admin).expect(200)).body as Affected[];
  const outcomes = (list: Affected[]) => Object.fromEntries(list.map((a) => [a.id, { notified: a.notified, contact: a.contact, messages: a.messages }]));
  const sendDue = () => t.app.get(NotificationWorker).runDue();

  it("says 'queued' while the messages wait, then 'sent', and 'none' for a booking without contact data", async () => {
    const email = await book(`${THURSDAY}T09:00:00-03:00`, { email: true });
    const sms = await book(`${THURSDAY}T09:30:00-03:00`, { sms: true });
    const noConsent = await book(`${THURSDAY}T10:00:00-03:00`, { phone: true });
    await sendDue(); // the confirmations

    const { closureId, affected } = await close(THURSDAY);
    const waiting = {
      [email]: { notified: true, contact: 'queued', messages: [{ channel: 'email', status: 'queued', reason: null }] },
      [sms]: { notified: true, contact: 'queued', messages: [{ channel: 'sms', status: 'queued', reason: null }] },
      [noConsent]: { notified: false, contact: 'none', messages: [] },
    };
    expect(outcomes(affected)).toEqual(waiting);
    expect(outcomes(await affectedOf(closureId))).toEqual(waiting);

    await sendDue();
    expect(outcomes(await affectedOf(closureId))).toEqual({
      [email]: { notified: true, contact: 'sent', messages: [{ channel: 'email', status: 'sent', reason: null }] },
      [sms]: { notified: true, contact: 'sent', messages: [{ channel: 'sms', status: 'sent', reason: null }] },
      [noConsent]: { notified: false, contact: 'none', messages: [] },
    });
  });

  it("says 'failed' when the mail server permanently refuses the only address, and 'sent' when another channel got through", async () => {
    const refused = await book(`${FRIDAY}T09:00:00-03:00`, { email: true });
    const smsToo = await book(`${FRIDAY}T09:30:00-03:00`, { email: true, sms: true });
    await sendDue(); // the confirmations, accepted
    const { closureId } = await close(FRIDAY);

    const triedBefore = receiver.recipientsTried.length;
    receiver.refuseWith(550);
    try {
      await sendDue();
    } finally {
      receiver.refuseWith(null);
    }
    // Both addresses were tried and refused: a permanent refusal, not retried.
    expect(receiver.recipientsTried.length - triedBefore).toBe(2);
    const after = outcomes(await affectedOf(closureId));
    expect(after).toEqual({
      [refused]: { notified: true, contact: 'failed', messages: [{ channel: 'email', status: 'failed', reason: 'EENVELOPE 550' }] },
      [smsToo]: {
        notified: true,
        contact: 'sent',
        messages: [
          { channel: 'email', status: 'failed', reason: 'EENVELOPE 550' },
          { channel: 'sms', status: 'sent', reason: null },
        ],
      },
    });
    // What the answer says is what the outbox holds.
    const rows = (await t.db.query(`SELECT status::text AS status, reason FROM notifications WHERE booking_id = $1 AND closure_id = $2`, [refused, closureId])) as {
      status: string;
      reason: string;
    }[];
    expect(rows).toEqual([{ status: 'failed', reason: 'EENVELOPE 550' }]);
    // Nothing more is sent for it, however often the worker runs.
    const tried = receiver.recipientsTried.length;
    await sendDue();
    expect(receiver.recipientsTried.length).toBe(tried);
  });
});
