import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstanceLiveness } from '../idempotency/instance-liveness.js';
import { DESK_NOW } from '../testing/desk-fixtures.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { leaseUntil, orphanedLeaseBefore } from './rating-email-schedule.js';
import { RatingEmailsRepository } from './rating-emails.repository.js';

/** A key no instance holds: the lock of a dead instance. */
const DEAD_INSTANCE = '4242424242424242';

describe("the rating emails' claims", () => {
  let t: TestApp;
  let repo: RatingEmailsRepository;
  let alive: string;
  const start = new Date(DESK_NOW);
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1_000);
  const claim = (seconds: number, owner = alive) => repo.claimNext(at(seconds), leaseUntil(at(seconds)), owner, orphanedLeaseBefore(at(seconds)));

  beforeAll(async () => {
    t = await startTestApp();
    repo = t.app.get(RatingEmailsRepository);
    alive = t.app.get(InstanceLiveness).key;
  });
  afterAll(() => t.close());

  async function dueRow(): Promise<string> {
    const office = await seeders(t.db).office({ ratingEmail: true });
    const service = await seeders(t.db).service(office.id);
    const ticket = await reportFixtures(t.db).ticket(office.id, service.id, '2026-06-17', { issued: '09:00', completed: '09:30' });
    await t.db.query(`DELETE FROM rating_emails`);
    const [{ id }] = await t.db.query(`INSERT INTO rating_emails (ticket_id, queued_at, next_attempt_at) VALUES ($1, $2, $2) RETURNING id`, [ticket.id, at(-60)]);
    return id as string;
  }

  it("leaves a live instance's claim alone until its lease ends", async () => {
    const id = await dueRow();
    expect(await claim(0)).toMatchObject({ id, attempts: 1 });
    // Another instance, 2 and 9 minutes later: the owner still holds its lock.
    expect(await claim(120, DEAD_INSTANCE)).toBeNull();
    expect(await claim(540, DEAD_INSTANCE)).toBeNull();
    // After the 10-minute lease, it is due again.
    expect(await claim(601, DEAD_INSTANCE)).toMatchObject({ id, attempts: 2 });
  });

  it("takes over a dead instance's claim once it is a minute old, without waiting for the lease", async () => {
    const id = await dueRow();
    expect(await claim(0, DEAD_INSTANCE)).toMatchObject({ id, attempts: 1 });
    expect(await claim(30)).toBeNull();
    expect(await claim(61)).toMatchObject({ id, attempts: 2 });
    const [row] = await t.db.query(`SELECT claimed_by FROM rating_emails WHERE id = $1`, [id]);
    expect(row.claimed_by).toBe(alive);
  });
});
