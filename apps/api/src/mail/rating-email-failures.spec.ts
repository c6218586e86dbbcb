import { createServer } from 'node:net';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DESK_NOW } from '../testing/desk-fixtures.js';
import { type SmtpReceiver, startSmtpReceiver } from '../testing/smtp-receiver.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { completeVisit, type DeskOffice, deskOffice, outboxOf, stoppedClock } from '../testing/visit-fixtures.js';
import { RATING_EMAIL_DELAY_MINUTES, RATING_EMAIL_MAX_ATTEMPTS } from './rating-email-schedule.js';
import { RatingEmailSenderJob } from './rating-email-sender.job.js';

const NAME = 'Ana María Castillo Rojas';

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

  const sendDue = (app = t) => app.app.get(RatingEmailSenderJob).sendDue();
  const attemptsAt = (to: string) => receiver.recipientsTried.filter((a) => a === to).length;
  const env = () => ({ FAKE_NOW: DESK_NOW, SMTP_URL: receiver.url, PUBLIC_URL: 'https://turnos.example.cl' });

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

  it('retries a temporary refusal (4xx) with a growing pause, then gives up after 5 attempts; logs name the outbox id, never the person', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to, fullName: NAME });
    receiver.refuseWith(451);
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });

    // The pause after each failed attempt, in minutes: the row is not tried again before it.
    const pauses = [1, 5, 30, 120];
    for (const [i, pause] of pauses.entries()) {
      expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 1, failed: 0 });
      const [row] = await outboxOf(t, [visit.ticketId]);
      expect(row).toMatchObject({ status: 'pending', attempts: i + 1, outcome: 'EENVELOPE 451' });
      expect(row.next_attempt_at.getTime() - clock.now().toMillis()).toBe(pause * 60_000);
      clock.advance({ minutes: pause - 1 });
      expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
      clock.advance({ minutes: 1 });
    }
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 1 });
    expect(attemptsAt(to)).toBe(RATING_EMAIL_MAX_ATTEMPTS);
    const [row] = await outboxOf(t, [visit.ticketId]);
    expect(row).toMatchObject({ status: 'failed', attempts: RATING_EMAIL_MAX_ATTEMPTS, outcome: 'EENVELOPE 451', finished_at: expect.any(Date) });

    // Given up is final, even once the server accepts again.
    receiver.refuseWith(null);
    clock.advance({ days: 1 });
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(receiver.messages.filter((m) => m.to.includes(to))).toEqual([]);

    const logged = logs.join('');
    expect(logged).toContain(`Rating email ${row.id}: attempt 1 failed (EENVELOPE 451)`);
    expect(logged).toContain(`Rating email ${row.id}: given up after 5 attempt(s) (EENVELOPE 451)`);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain(NAME);
    expect(logged).not.toContain(visit.booking!.documentNumber);
    // The app still answers.
    await t.http.get('/api/health').expect(200);
  });

  it('gives up at once on a permanent refusal (5xx) and keeps only its code', async () => {
    const to = address();
    const visit = await completeVisit(t, office, { email: to });
    receiver.refuseWith(550);
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    expect(await sendDue()).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 1 });
    expect(attemptsAt(to)).toBe(1);
    expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'failed', attempts: 1, outcome: 'EENVELOPE 550' }]);
  });

  it('retries while the mail server is not listening, then gives up; a later email still goes out once it is back', async () => {
    const down = await attachTestApp(t.databaseUrl, { ...env(), SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    const downClock = stoppedClock([down], DESK_NOW);
    try {
      const visit = await completeVisit(t, office, { email: address() });
      downClock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
      for (let attempt = 1; attempt < RATING_EMAIL_MAX_ATTEMPTS; attempt++) {
        await expect(sendDue(down)).resolves.toMatchObject({ retrying: 1 });
        expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'pending', attempts: attempt, outcome: 'ESOCKET' }]);
        downClock.advance({ hours: 2 });
      }
      await expect(sendDue(down)).resolves.toMatchObject({ failed: 1 });
      expect(await outboxOf(t, [visit.ticketId])).toMatchObject([{ status: 'failed', attempts: RATING_EMAIL_MAX_ATTEMPTS }]);
      await down.http.get('/api/health').expect(200);
    } finally {
      await down.close();
    }
    const to = address();
    await completeVisit(t, office, { email: to });
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    expect(await sendDue()).toMatchObject({ sent: 1 });
    expect(receiver.messages.filter((m) => m.to.includes(to))).toHaveLength(1);
  });

  it('on shutdown finishes and marks the email being sent, and claims no other', async () => {
    const slow = await startSmtpReceiver({ delayMs: 700 });
    const leaving = await attachTestApp(t.databaseUrl, { ...env(), SMTP_URL: slow.url });
    stoppedClock([leaving], DESK_NOW).advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    try {
      const visits = [];
      for (let i = 0; i < 3; i++) visits.push(await completeVisit(t, office, { email: address() }));
      const receiving = slow.nextData();
      const run = sendDue(leaving);
      await receiving;
      await leaving.close();
      expect(await run).toEqual({ sent: 1, skipped: 0, retrying: 0, failed: 0 });
      expect(slow.messages).toHaveLength(1);
      const rows = await outboxOf(t, visits.map((v) => v.ticketId));
      expect(rows.map((r) => r.status).sort()).toEqual(['pending', 'pending', 'sent']);
      expect(rows.filter((r) => r.status === 'pending').map((r) => r.attempts)).toEqual([0, 0]);

      // The instances that stay send the rest.
      clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
      expect(await sendDue()).toMatchObject({ sent: 2 });
    } finally {
      await slow.close();
    }
  });
});
