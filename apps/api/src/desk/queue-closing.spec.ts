import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';
import { QueueClosingJob } from './queue-closing.job.js';

describe('desk: closing time', () => {
  let t: TestApp;
  let second: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    second = await attachTestApp(t.databaseUrl, { FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('closes the waiting and called tickets of an office whose hours ended, once, even run on two instances at once', async () => {
    // At 11:00, an office that closed at 10:00 with 30 minutes of grace is due; one open until 17:00 is not.
    const shortDay = { 3: [{ start: '08:00', end: '10:00' }] };
    const closed = await f.office({ openingHours: shortDay, closeQueueAfterMinutes: 30 });
    const open = await f.office();
    const a = await f.service(closed.id, 'A');
    const b = await f.service(open.id, 'B');
    const waiting = await Promise.all([1, 2, 3].map(() => f.ticket(closed.id, a.id, '09:00')));
    const called = await f.ticket(closed.id, a.id, '09:10', { status: 'called', calledAt: new Date() });
    const done = await f.ticket(closed.id, a.id, '08:30', { status: 'done' });
    const stillOpen = await f.ticket(open.id, b.id, '09:00');

    const runs = await Promise.all([t.app.get(QueueClosingJob).closeExpiredQueues(), second.app.get(QueueClosingJob).closeExpiredQueues()]);
    const again = await t.app.get(QueueClosingJob).closeExpiredQueues();
    expect(runs.reduce((sum, run) => sum + run.closedTickets, 0) + again.closedTickets).toBe(4);

    const rows: { id: string; status: string; closed_reason: string | null }[] = await t.db.query(
      `SELECT id, status, closed_reason FROM tickets WHERE id = ANY($1::uuid[])`,
      [[...waiting, called, done, stillOpen].map((x) => x.id)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const w of waiting) expect(byId.get(w.id)).toMatchObject({ status: 'cancelled', closed_reason: 'closed at end of day' });
    expect(byId.get(called.id)).toMatchObject({ status: 'no_show', closed_reason: 'closed at end of day' });
    expect(byId.get(done.id)?.status).toBe('done');
    expect(byId.get(stillOpen.id)?.status).toBe('waiting');
    const events: { ticket_id: string; n: number }[] = await t.db.query(
      `SELECT ticket_id, count(*)::int AS n FROM ticket_events WHERE type = 'closed' GROUP BY ticket_id`,
    );
    expect(events.map((e) => e.n)).toEqual([1, 1, 1, 1]);
  });

  it('lets only one instance hold the job at a time', async () => {
    const [one, two] = await Promise.all([t.app.get(QueueClosingJob).closeExpiredQueues(), second.app.get(QueueClosingJob).closeExpiredQueues()]);
    expect(one.ran || two.ran).toBe(true);
  });
});
