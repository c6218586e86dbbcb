import { createServer } from 'node:net';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotificationWorker } from '../notifications/notification-worker.js';
import { DESK_NOW } from '../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { completeVisit, type DeskOffice, deskOffice, outboxOf, stoppedClock } from '../testing/visit-fixtures.js';
import { RATING_EMAIL_DELAY_MINUTES } from './rating-email-schedule.js';

const NAME = 'Ana María Castillo Rojas';
/** queue_notification's max_attempts. */
const MAX_ATTEMPTS = 10;

/** A port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let addresses = 0;
const address = () => `fallo.${++addresses}@example.cl`;

describe('the rating email when the mail server fails', () => {
  let receiver: SmtpReceiver;
  let t: TestApp;
  let clock: ReturnType<typeof stoppedClock>;
  let office: DeskOffice;
  const logs: string[] = [];
  const logStream: DestinationStream = { write: (line: string) => void logs.push(line) };

  const sendDue = async (app = t) => {
    const { sent, skipped, retrying, failed } = await app.app.get(NotificationWorker).runDue();
    return { sent, skipped, retrying, failed };
  };
  const attemptsAt = (to: string) => receiver.recipientsTried.filter((a) => a === to).length;
  const env = () => ({ FAKE_NOW: DESK_NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });
  /** The message's graphile-worker job, while it has one. */
  const jobOf = async (id: string) =>
    ((await t.db.query(`SELECT attempts, max_attempts, last_error, extract(epoch FROM run_at - now()) AS wait_s FROM graphile_worker.jobs WHERE key = $1`, [`notification:${id}`])) as {
      attempts: number;
      max_attempts: number;
      last_error: string | null;
      wait_s: string;
    }[])[0];

  beforeAll(async () => {
    receiver = await startSmtpReceiver();
    t = await startTestApp(env(), logStream);
    clock = stoppedClock([t], DESK_NOW);
    office = await deskOffice(t);
  });
  beforeEach(() => {
    clock.set(DESK_NOW);
    receiver.refuseWith(null);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it("retries a temporary refusal (4xx) with graphile-worker's growing backoff, then records it failed after the last attempt; logs name the outbox id, never the person", async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to, fullName: NAME });
    receiver.refuseWith(451);
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });

    let lastWait = 0;
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 1, failed: 0 });
      const [row] = await outboxOf(t, [visit.ticketId]);
      expect(row).toMatchObject({ status: 'queued', attempts: attempt, reason: 'EENVELOPE 451' });
      const job = await jobOf(row.id);
      expect(job).toMatchObject({ attempts: attempt, max_attempts: MAX_ATTEMPTS });
      // exp(attempt) seconds later, longer each time; its error holds the code, not the address.
      expect(Number(job.wait_s)).toBeGreaterThan(lastWait);
      expect(Number(job.wait_s)).toBeCloseTo(Math.exp(attempt), 0);
      lastWait = Number(job.wait_s);
      expect(job.last_error).toContain('EENVELOPE 451');
      expect(job.last_error).not.toContain(to);
    }
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 1 });
    expect(attemptsAt(to)).toBe(MAX_ATTEMPTS);
    const [row] = await outboxOf(t, [visit.ticketId]);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, reason: 'EENVELOPE 451', sent_at: null });
    // Recorded in the outbox, and the job is finished (not left failed in the queue).
    expect(await jobOf(row.id)).toBeUndefined();

    // Given up is final, even once the server accepts again.
    receiver.refuseWith(null);
    clock.advance({ days: 1 });
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(receiver.messages.filter((m) => m.to.includes(to))).toEqual([]);

    const logged = logs.join('');
    expect(logged).toContain(`Notification ${row.id} (rating, email): attempt 1 failed (EENVELOPE 451); to be retried`);
    expect(logged).toContain(`Notification ${row.id} (rating, email): given up after ${MAX_ATTEMPTS} attempt(s) (EENVELOPE 451)`);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain(NAME);
    expect(logged).not.toContain(visit.booking!.documentNumber);
    // The app still answers.
    await t.http.get('/api/health').expect(200);
  });

  it('gives up at once on a permanent refusal (5xx), records its code, and retries nothing', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    receiver.refuseWith(550);
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 1 });
    expect(attemptsAt(to)).toBe(1);
    const rows = await outboxOf(t, [visit.ticketId]);
    expect(rows).toMatchObject([{ status: 'failed', attempts: 1, reason: 'EENVELOPE 550' }]);
    expect(await jobOf(rows[0].id)).toBeUndefined();
  });

  it('retries while the mail server is not listening, and delivers once it is back', async () => {
    const down = await attachTestApp(t.databaseUrl, { ...env(), SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    const downClock = stoppedClock([down], DESK_NOW);
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    try {
      downClock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
      for (let attempt = 1; attempt <= 3; attempt++) {
        await expect(sendDue(down)).resolves.toMatchObject({ retrying: 1 });
        expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'queued', attempts: attempt, reason: 'ESOCKET' }]);
      }
      await down.http.get('/api/health').expect(200);
    } finally {
      await down.close();
    }
    // The server is back (an instance that reaches it): the same message goes out, once.
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    expect(await sendDue()).toMatchObject({ sent: 1 });
    expect(receiver.messages.filter((m) => m.to.includes(to))).toHaveLength(1);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'sent', attempts: 4, reason: null, sent_at: expect.any(Date) }]);
    expect(await sendDue()).toMatchObject({ sent: 0 });
  });

  it('on shutdown the runner finishes and marks the email being sent, and takes no other', async () => {
    const slow = await startSmtpReceiver({ delayMs: 700 });
    const leaving = await attachTestApp(t.databaseUrl, { ...env(), SMTP_URL: slow.url });
    // The leaving instance's clock stands when the emails are due; their jobs are made runnable now.
    stoppedClock([leaving], DESK_NOW).advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    try {
      const visits = [];
      for (let i = 0; i < 3; i++) visits.push(await completeVisit(t, office, { email: address() }));
      await t.db.query(`SELECT graphile_worker.reschedule_jobs(array_agg(id), run_at := now()) FROM graphile_worker.jobs`);
      const receiving = slow.nextData();
      await leaving.app.get(NotificationWorker).start(1);
      await receiving;
      await leaving.close();
      expect(slow.messages).toHaveLength(1);
      const rows = await outboxOf(t, visits.map((v) => v.ticketId));
      expect(rows.map((r) => r.status).sort()).toEqual(['queued', 'queued', 'sent']);
      expect(rows.filter((r) => r.status === 'queued').map((r) => r.attempts)).toEqual([0, 0]);

      // The instances that stay send the rest.
      clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
      expect(await sendDue()).toMatchObject({ sent: 2 });
    } finally {
      await slow.close();
    }
  });
});
