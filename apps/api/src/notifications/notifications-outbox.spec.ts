import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceLiveness } from '../idempotency/instance-liveness.js';
import { DESK_DAY, DESK_NOW } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { stoppedClock } from '../testing/visit-fixtures.js';
import { NotificationWorker } from './notification-worker.js';
import { NotificationsRepository } from './notifications.repository.js';

/** A key no instance holds: the liveness lock of a dead instance. */
const DEAD_INSTANCE = '4242424242424242';

/**
 * The outbox itself (issue #16): messages queued in the caller's transaction, sent by graphile-worker
 * runners in every instance, each exactly once; a rollback queues nothing; a dead instance's jobs
 * are handed over. Real PostgreSQL, the in-process SMTP receiver.
 */
describe('the notifications outbox', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let second: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let officeId: string;
  let serviceId: string;
  let addresses = 0;
  const now = () => clock.now().toJSDate();

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    const env = { FAKE_NOW: DESK_NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl', NOTIFY_CONCURRENCY: '5' };
    t = await startTestApp(env);
    second = await attachTestApp(t.databaseUrl, env);
    clock = stoppedClock([t, second], DESK_NOW);
    const office = await seeders(t.db).office({ ratingEmail: true });
    officeId = office.id;
    serviceId = (await seeders(t.db).service(officeId)).id;
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
    await receiver?.close();
  });

  /** `n` visits completed an hour before the clock, each with its own address. */
  async function visits(n: number): Promise<{ bookingId: string; ticketId: string; email: string }[]> {
    const fixtures = reportFixtures(t.db);
    const out = [];
    for (let i = 0; i < n; i++) {
      const email = `outbox.${++addresses}@example.cl`;
      const booking = await fixtures.booking(officeId, serviceId, DESK_DAY, '09:45', { email });
      const ticket = await fixtures.ticket(officeId, serviceId, DESK_DAY, { issued: '09:40', called: '09:50', started: '09:51', completed: '10:00', slot: '09:45' }, { bookingId: booking.id });
      out.push({ bookingId: booking.id, ticketId: ticket.id, email });
    }
    return out;
  }

  const queueSql = `SELECT queue_notification('rating', 'email', $1, $2, $3, $4, $4) AS id`;
  const jobCount = async () => ((await t.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'send_notification'`)) as { n: number }[])[0].n;

  it('sends every message exactly once with two instances working the outbox at once (200 queued, 200 received, no duplicates)', async () => {
    const batch = await visits(200);
    const queuedAt = Date.now();
    await t.db.transaction(async (manager) => {
      for (const v of batch) await manager.query(queueSql, [v.bookingId, v.ticketId, officeId, now()]);
    });
    const queueMs = Date.now() - queuedAt;
    expect(await jobCount()).toBe(200);

    const started = Date.now();
    await Promise.all([t.app.get(NotificationWorker).start(), second.app.get(NotificationWorker).start()]);
    const ids = batch.map((v) => v.ticketId);
    for (;;) {
      const [{ n }] = (await t.db.query(`SELECT count(*)::int AS n FROM notifications WHERE ticket_id = ANY($1::uuid[]) AND status = 'sent'`, [ids])) as { n: number }[];
      if (n === 200) break;
      if (Date.now() - started > 30_000) throw new Error(`only ${n} of 200 sent in 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sendMs = Date.now() - started;
    const received = receiver.messages.filter((m) => m.to.some((to) => to.startsWith('outbox.'))).map((m) => m.to[0]);
    expect(received).toHaveLength(200);
    expect(new Set(received).size).toBe(200);
    expect(new Set(received)).toEqual(new Set(batch.map((v) => v.email)));
    const rows = (await t.db.query(`SELECT status::text, attempts, claimed_by FROM notifications WHERE ticket_id = ANY($1::uuid[])`, [ids])) as {
      status: string;
      attempts: number;
      claimed_by: string | null;
    }[];
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.claimed_by === null)).toBe(true);
    // Finished jobs are deleted in batches (completeJobBatchDelay): gone within moments of the last mark.
    await expect.poll(jobCount, { timeout: 5_000 }).toBe(0);
    console.log(`[bench] Notifications outbox: 200 queued in one transaction in ${queueMs} ms (${((queueMs * 1000) / 200).toFixed(0)} µs each); sent by 2 instances × 5 workers to the local SMTP receiver in ${sendMs} ms (${Math.round((200 * 1000) / sendMs)} messages/s)`);
  }, 60_000);

  it('measures what queuing costs: queue_notification (row + add_job) against the row alone, 1000 of each in one statement', async () => {
    const timed = async (sql: string) => {
      const runner = t.db.createQueryRunner();
      await runner.connect();
      try {
        await runner.startTransaction();
        const started = process.hrtime.bigint();
        await runner.query(sql, [officeId, now()]);
        const us = Number(process.hrtime.bigint() - started) / 1_000 / 1_000;
        await runner.rollbackTransaction();
        return us;
      } finally {
        await runner.release();
      }
    };
    // Warm up, then measure (rolled back: nothing stays).
    await timed(`SELECT count(queue_notification('rating', 'email', NULL, NULL, $1, $2, $2)) FROM generate_series(1, 100)`);
    const withJob = await timed(`SELECT count(queue_notification('rating', 'email', NULL, NULL, $1, $2, $2)) FROM generate_series(1, 1000)`);
    const rowOnly = await timed(
      `INSERT INTO notifications (kind, channel, office_id, queued_at, due_at, updated_at) SELECT 'rating', 'email', $1, $2, $2, $2 FROM generate_series(1, 1000)`,
    );
    console.log(`[bench] queue_notification: ${withJob.toFixed(0)} µs per call (row + job); the row alone ${rowOnly.toFixed(0)} µs; add_job ≈ ${(withJob - rowOnly).toFixed(0)} µs`);
    expect(withJob).toBeLessThan(5_000);
    expect(await jobCount()).toBe(0);
  });

  it('queues nothing for a change that rolled back: no row, no job, nothing sent', async () => {
    const [v] = await visits(1);
    const jobsBefore = await jobCount();
    await expect(
      t.db.transaction(async (manager) => {
        const [{ id }] = await manager.query(queueSql, [v.bookingId, v.ticketId, officeId, now()]);
        expect(id).not.toBeNull();
        throw new Error('the change fails after queuing');
      }),
    ).rejects.toThrow('the change fails after queuing');
    expect(await t.db.query(`SELECT id FROM notifications WHERE ticket_id = $1`, [v.ticketId])).toEqual([]);
    expect(await jobCount()).toBe(jobsBefore);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.messages.filter((m) => m.to.includes(v.email))).toEqual([]);
  });

  it('queues a ticket’s rating once: a second queue_notification returns null and adds no job', async () => {
    const [v] = await visits(1);
    const repo = t.app.get(NotificationsRepository);
    const later = DateTime.fromJSDate(now()).plus({ days: 1 }).toJSDate();
    const first = await repo.queue(t.db.manager, { kind: 'rating', channel: 'email', bookingId: v.bookingId, ticketId: v.ticketId, officeId, dueAt: later, now: now() });
    const jobs = await jobCount();
    const again = await repo.queue(t.db.manager, { kind: 'rating', channel: 'email', bookingId: v.bookingId, ticketId: v.ticketId, officeId, dueAt: later, now: now() });
    expect(first).toMatch(/^\d+$/);
    expect(again).toBeNull();
    expect(await jobCount()).toBe(jobs);
    // The job waits the delay asked for (one day) on the database's clock, whatever the app's clock says.
    const [{ wait_h }] = await t.db.query(`SELECT round(extract(epoch FROM run_at - now()) / 3600) AS wait_h FROM graphile_worker.jobs WHERE key = $1`, [`notification:${first}`]);
    expect(Number(wait_h)).toBe(24);
  });

  it("hands a dead instance's locked job to another worker once its claim is a minute old, and leaves a live instance's alone", async () => {
    await Promise.all([t.app.get(NotificationWorker).beforeApplicationShutdown(), second.app.get(NotificationWorker).beforeApplicationShutdown()]);
    const [dead, live] = await visits(2);
    const queue = async (v: { bookingId: string; ticketId: string }) =>
      ((await t.db.query(queueSql, [v.bookingId, v.ticketId, officeId, now()])) as { id: string }[])[0].id;
    const deadId = await queue(dead);
    const liveId = await queue(live);
    // Two workers took the jobs and claimed the messages (attempt 1); one instance then died.
    for (const [id, owner, worker] of [
      [deadId, DEAD_INSTANCE, 'worker-of-a-dead-instance'],
      [liveId, t.app.get(InstanceLiveness).key, 'worker-of-a-live-instance'],
    ] as const) {
      await t.db.query(`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = $2, attempts = 1 WHERE key = $1`, [`notification:${id}`, worker]);
      await t.db.query(`UPDATE notifications SET attempts = 1, claimed_by = $2, updated_at = $3 WHERE id = $1`, [id, owner, now()]);
    }
    const sweep = () => t.app.get(NotificationWorker).sweep();
    clock.advance({ seconds: 30 });
    expect(await sweep()).toBe(0);
    clock.advance({ seconds: 31 });
    expect(await sweep()).toBe(1);
    const locks = (await t.db.query(`SELECT key, locked_by FROM graphile_worker.jobs WHERE key = ANY($1::text[]) ORDER BY key`, [[`notification:${deadId}`, `notification:${liveId}`]])) as {
      key: string;
      locked_by: string | null;
    }[];
    expect(Object.fromEntries(locks.map((l) => [l.key, l.locked_by]))).toEqual({ [`notification:${deadId}`]: null, [`notification:${liveId}`]: 'worker-of-a-live-instance' });

    expect(await second.app.get(NotificationWorker).runDue()).toMatchObject({ sent: 1 });
    expect(receiver.messages.filter((m) => m.to.includes(dead.email))).toHaveLength(1);
    expect(await t.db.query(`SELECT status::text, attempts FROM notifications WHERE id = $1`, [deadId])).toEqual([{ status: 'sent', attempts: 2 }]);
    expect(receiver.messages.filter((m) => m.to.includes(live.email))).toHaveLength(0);
  });
});
