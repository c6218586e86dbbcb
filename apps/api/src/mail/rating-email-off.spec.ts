import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { completeVisit, deskOffice, outboxOf, stoppedClock } from '../testing/visit-fixtures.js';
import { RATING_EMAIL_DELAY_MINUTES } from './rating-email-schedule.js';
import { NotificationWorker } from '../notifications/notification-worker.js';

// A file of its own: Nest's ConfigModule copies a validated SMTP_URL into process.env, where
// another app in the same process would find it.
describe('the rating email without SMTP_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
  });
  afterAll(() => t.close());

  it('is never queued, and the sender has nothing to do', async () => {
    const clock = stoppedClock([t], DESK_NOW);
    const office = await deskOffice(t);
    const visit = await completeVisit(t, office, { email: 'persona@example.cl' });
    expect(await outboxOf(t, [visit.ticketId])).toEqual([]);
    clock.advance({ minutes: RATING_EMAIL_DELAY_MINUTES });
    expect(await t.app.get(NotificationWorker).runDue()).toMatchObject({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    expect(await t.db.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 0 }]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).toEqual([{ n: 0 }]);
  });
});
