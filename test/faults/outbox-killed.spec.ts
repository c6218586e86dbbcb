import { createServer, type Server, type Socket } from 'node:net';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { Office } from '../../apps/api/src/offices/office.entity.js';
import { copyTemplate, dropDatabase } from '../../apps/api/src/testing/databases.js';
import { reportFixtures } from '../../apps/api/src/testing/report-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../../apps/api/src/testing/smtp-receiver.js';
import { seeders } from '../../apps/api/src/testing/test-app.js';
import type { ApiProcess } from '../support/api-process.js';
import { errorLines, FAULT_NOW } from './support/load.js';
import { waitUntil, startFaultApi } from './support/services.js';

/**
 * The notifications outbox's worker killed (SIGKILL) between claim and send, and after a send it
 * recorded (issues #15 §3, #16). Real API processes with SMTP_URL (each running its graphile-worker
 * runner), the in-process SMTP receiver, and a "black hole" mail server that accepts connections
 * and never greets, to hold a worker after its claim and before anything is sent. The restarted
 * instance's clock is two minutes later (FAKE_NOW): past the 60 s after which the job of a dead
 * instance's claim is unlocked for another worker, instead of graphile-worker's own 4 hours.
 */
describe('outbox sender killed', () => {
  const server = inject('postgresServerUrl');
  let database: { url: string; name: string };
  let db: DataSource;
  let receiver: SmtpReceiver;
  let blackHole: Server;
  let blackHoleUrl: string;
  const held: Socket[] = [];
  const processes: ApiProcess[] = [];
  let office: Office;
  let serviceId: string;

  beforeAll(async () => {
    database = await copyTemplate(server, inject('templateDatabase'));
    db = new DataSource(dataSourceOptions(database.url, 2));
    await db.initialize();
    office = await seeders(db).office({ ratingEmail: true });
    serviceId = (await seeders(db).service(office.id, { code: 'R', name: 'Residencia temporal' })).id;
    receiver = await startSmtpReceiver();
    blackHole = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
    blackHoleUrl = `smtp://127.0.0.1:${(blackHole.address() as { port: number }).port}`;
  }, 60_000);

  afterAll(async () => {
    for (const api of processes) if (api.child.exitCode === null && api.child.signalCode === null) await api.stop();
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => blackHole?.close(resolve));
    await receiver?.close();
    await db?.destroy();
    if (database) await dropDatabase(server, database.name);
  });

  /** A visit completed an hour before FAULT_NOW whose rating email is due (queued as the desk queues it, at FAULT_NOW). */
  async function dueEmail(email: string): Promise<string> {
    const fixtures = reportFixtures(db);
    const day = DateTime.fromISO(FAULT_NOW, { setZone: true }).toISODate()!;
    const booking = await fixtures.booking(office.id, serviceId, day, '08:00', { email });
    const ticket = await fixtures.ticket(office.id, serviceId, day, { issued: '07:50', called: '07:55', started: '07:56', completed: '08:00', slot: '08:00' }, { bookingId: booking.id });
    const completed = ticket.completedAt!;
    const [{ id }] = (await db.query(`SELECT queue_notification('rating', 'email', $1, $2, $3, $4, $5) AS id`, [
      booking.id,
      ticket.id,
      office.id,
      new Date(completed.getTime() + 30 * 60_000),
      new Date(FAULT_NOW),
    ])) as { id: string }[];
    return id;
  }

  const row = async (id: string) =>
    ((await db.query(`SELECT status::text, attempts, claimed_by, reason FROM notifications WHERE id = $1`, [id])) as { status: string; attempts: number; claimed_by: string | null; reason: string | null }[])[0];

  async function start(smtpUrl: string, fakeNow: string): Promise<ApiProcess> {
    const api = await startFaultApi(database.url, { FAKE_NOW: fakeNow, SMTP_URL: smtpUrl, DATABASE_POOL_SIZE: '3' });
    processes.push(api);
    return api;
  }

  async function kill(api: ApiProcess): Promise<void> {
    const exited = new Promise((resolve) => api.child.once('exit', resolve));
    api.child.kill('SIGKILL');
    await exited;
  }

  const sentTo = (address: string) => receiver.messages.filter((m) => m.to.includes(address)).length;

  it('sends again after a restart what was claimed and not sent, and never twice what was sent and recorded', async () => {
    // 1. Sent and recorded, then the instance is killed.
    const recorded = await dueEmail('enviado@example.cl');
    const first = await start(receiver.url, FAULT_NOW);
    await waitUntil('the first email sent and marked', async () => (await row(recorded)).status === 'sent', 15_000);
    await kill(first);
    expect(sentTo('enviado@example.cl')).toBe(1);

    // 2. Claimed, then killed while the mail server has not even greeted: nothing was sent.
    const claimed = await dueEmail('pendiente@example.cl');
    const second = await start(blackHoleUrl, FAULT_NOW);
    await waitUntil('the second email claimed and its send begun', async () => (await row(claimed)).attempts === 1 && held.length > 0, 15_000);
    const claim = await row(claimed);
    expect(claim).toMatchObject({ status: 'queued', attempts: 1 });
    expect(claim.claimed_by).not.toBeNull();
    const killedAt = Date.now();
    await kill(second);
    expect(sentTo('pendiente@example.cl')).toBe(0);

    // 3. Restarted two minutes later (clock): its worker unlocks the dead instance's job at start-up.
    const restartNow = DateTime.fromISO(FAULT_NOW, { setZone: true }).plus({ minutes: 2 }).toISO()!;
    const third = await start(receiver.url, restartNow);
    const restartedAt = Date.now();
    await waitUntil('the claimed email sent by the restarted instance', async () => (await row(claimed)).status === 'sent', 15_000);
    const sentMsAfterRestart = Date.now() - restartedAt;
    // A poll more would send anything still due: give it the time of one poll.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const output = processes.map((p) => p.output()).join('\n');
    const figures = {
      emails: 2,
      sentToFirstAddress: sentTo('enviado@example.cl'),
      sentToSecondAddress: sentTo('pendiente@example.cl'),
      attemptsOfTakenOverClaim: (await row(claimed)).attempts,
      sentMsAfterRestart,
      msFromKillToResend: Date.now() - killedAt,
      errorLogLines: errorLines(output).length,
    };
    console.log(`[faults] Outbox sender killed: ${JSON.stringify(figures)}`);

    expect(figures.sentToSecondAddress).toBe(1);
    expect(figures.sentToFirstAddress).toBe(1);
    expect(await row(recorded)).toMatchObject({ status: 'sent', attempts: 1, claimed_by: null });
    expect(await row(claimed)).toMatchObject({ status: 'sent', attempts: 2, claimed_by: null });
    expect(sentMsAfterRestart).toBeLessThan(10_000);
    expect(errorLines(output)).toEqual([]);
    await third.stop();
  }, 60_000);
});
