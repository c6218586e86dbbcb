import { parseCrontab } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../../notifications/notification-worker.js';
import { deskFixtures } from '../../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../testing/smtp-receiver.js';
import { attachTestApp, startTestApp, type TestApp } from '../../testing/test-app.js';
import { stoppedClock } from '../../testing/visit-fixtures.js';
import { requestFixtures } from '../../testing/request-fixtures.js';
import { REQUEST_DIGEST_CRONTAB, RequestDigestQueue } from './request-digest-queue.js';

/**
 * The supervisors' daily digest of requests (issue #17). Wednesday 16 September 2026 in Santiago;
 * Friday 18 and Saturday 19 are public holidays, so "due within two working days" reaches Monday
 * the 21st. Two instances on one database, a stopped app clock, a real SMTP server in process.
 */
const START = '2026-09-16T07:50:00-03:00';
const PERSONAL = { contactName: 'Rosa Digesto Pérez', email: 'rosa.digesto@example.cl', phone: '+56977776666', document: '12.345.678-5', description: 'Mi vecino Juan Secreto me insultó' };

describe('requests daily digest', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let second: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let officeId: string;
  let quietOfficeId: string;
  const codes: Record<string, string> = {};
  const supervisors: Record<string, string> = {};

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    const env = { FAKE_NOW: START, SMTP_URL: receiver.url };
    t = await startTestApp(env);
    second = await attachTestApp(t.databaseUrl, env);
    clock = stoppedClock([t, second], START);
    const f = deskFixtures(t);
    const r = requestFixtures(t.db, { dueDate: '2026-12-31', deadlineDays: 10 });
    officeId = (await f.office({ name: 'OIRS Talca', holidayCountry: 'CL' })).id;
    quietOfficeId = (await f.office({ name: 'OIRS Tranquila', holidayCountry: 'CL' })).id;
    const staff = async (name: string, role: 'supervisor' | 'agent', office: string, email: string | null, active = true) => {
      const user = await f.staff(role, office);
      await t.db.query(`UPDATE staff_users SET email = $2, active = $3 WHERE id = $1`, [user.id, email, active]);
      supervisors[name] = user.id;
    };
    await staff('ana', 'supervisor', officeId, 'ana.supervisora@muni.example.cl');
    await staff('bruno', 'supervisor', officeId, 'bruno.supervisor@muni.example.cl');
    await staff('sin-correo', 'supervisor', officeId, null);
    await staff('inactiva', 'supervisor', officeId, 'inactiva@muni.example.cl', false);
    await staff('agente', 'agent', officeId, 'agente@muni.example.cl');
    await staff('tranquila', 'supervisor', quietOfficeId, 'tranquila@muni.example.cl');

    const topic = await r.topic(officeId, 'Permisos de circulación');
    const add = async (name: string, status: 'received' | 'in_progress' | 'waiting' | 'answered', dueDate: string, kind: 'complaint' | 'request' = 'complaint') => {
      codes[name] = (await r.request(officeId, topic, { ...PERSONAL, status, dueDate, kind, filedAt: '2026-08-20T10:00:00-04:00' })).code;
    };
    await add('overdue', 'in_progress', '2026-09-15');
    await add('today', 'received', '2026-09-16', 'request');
    await add('monday', 'received', '2026-09-21');
    await add('tuesday', 'received', '2026-09-22');
    await add('waiting', 'waiting', '2026-09-10');
    await add('answered', 'answered', '2026-09-10');
    const quietTopic = await r.topic(quietOfficeId, 'Subsidios');
    await r.request(quietOfficeId, quietTopic, { ...PERSONAL, status: 'received', dueDate: '2026-09-30', filedAt: '2026-09-14T10:00:00-03:00' });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await receiver?.close();
  });

  const digests = async () =>
    (await t.db.query(`SELECT staff_user_id, office_id, status, due_at FROM notifications WHERE kind = 'request_digest' ORDER BY staff_user_id, due_at`)) as {
      staff_user_id: string;
      office_id: string;
      status: string;
      due_at: Date;
    }[];
  const tickBoth = async () => (await Promise.all([t.app.get(RequestDigestQueue).queueDue(), second.app.get(RequestDigestQueue).queueDue()])).reduce((a, b) => a + b, 0);

  it('is in the workers’ crontab every 15 minutes', () => {
    const [item] = parseCrontab(REQUEST_DIGEST_CRONTAB);
    expect(item!.task).toBe('queue_request_digests');
    expect(item!.options.maxAttempts).toBe(1);
    expect([0, 7, 15, 30, 45, 59].map((min) => item!.match({ min, hour: 8, date: 16, month: 9, dow: 3 }))).toEqual([true, false, true, true, true, false]);
  });

  it('at 08:00 office-local, two instances ticking at once queue one digest per active supervisor with an address, once a day; none for an office with nothing due', async () => {
    expect(await tickBoth()).toBe(0); // 07:50: not yet
    clock.set('2026-09-16T08:00:00-03:00');
    expect(await tickBoth()).toBe(2);
    clock.set('2026-09-16T08:15:00-03:00');
    expect(await tickBoth()).toBe(0);
    clock.set('2026-09-16T10:45:00-03:00');
    expect(await tickBoth()).toBe(0);
    const rows = await digests();
    expect(rows.map((row) => row.staff_user_id).sort()).toEqual([supervisors.ana, supervisors.bruno].sort());
    expect(rows.every((row) => row.office_id === officeId && row.due_at.toISOString() === '2026-09-16T11:00:00.000Z')).toBe(true);

    const counts = await t.app.get(NotificationWorker).runDue();
    expect(counts.sent).toBe(2);
    const mails = receiver.messages.filter((m) => /Solicitudes: /.test(m.subject));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['ana.supervisora@muni.example.cl', 'bruno.supervisor@muni.example.cl']);
    for (const mail of mails) {
      expect(mail.subject).toBe('Solicitudes: 1 vencidas, 2 por vencer / Requests due – OIRS Talca');
      expect(mail.text).toContain(`${codes.overdue} · Reclamo · Permisos de circulación · vence el 15/09/2026`);
      expect(mail.text).toContain(`${codes.today} · Solicitud · Permisos de circulación · vence el 16/09/2026`);
      expect(mail.text).toContain(`${codes.monday} · Reclamo · Permisos de circulación · vence el 21/09/2026`);
      for (const absent of [codes.tuesday, codes.waiting, codes.answered]) expect(mail.raw).not.toContain(absent);
      // No personal data and no description, in any part of the message.
      for (const secret of ['Rosa', 'Digesto', 'rosa.digesto', '77776666', '7777 6666', '12.345.678', '12345678', 'Juan', 'Secreto', 'insult']) expect(mail.raw).not.toContain(secret);
    }
    expect((await digests()).every((row) => row.status === 'sent')).toBe(true);
  });

  it('the next morning queues again; after noon a missed morning is left to the next day', async () => {
    clock.set('2026-09-17T12:30:00-03:00');
    expect(await tickBoth()).toBe(0);
    clock.set('2026-09-17T08:00:00-03:00');
    expect(await tickBoth()).toBe(2);
    expect(await digests()).toHaveLength(4);
  });

  it('a digest whose requests were all dealt with before it went out is skipped (nothing to list)', async () => {
    await t.db.query(`UPDATE requests SET status = 'answered' WHERE office_id = $1 AND status IN ('received', 'in_progress')`, [officeId]);
    const before = receiver.messages.length;
    const counts = await t.app.get(NotificationWorker).runDue();
    expect(counts.skipped).toBe(2);
    expect(receiver.messages.length).toBe(before);
    const reasons = (await t.db.query(`SELECT DISTINCT reason FROM notifications WHERE kind = 'request_digest' AND status = 'skipped'`)) as { reason: string }[];
    expect(reasons).toEqual([{ reason: 'nothing_due' }]);
  });
});
