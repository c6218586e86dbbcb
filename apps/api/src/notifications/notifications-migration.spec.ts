import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../database/data-source-options.js';
import { runMigrations } from '../database/migrate.js';
import { MIGRATIONS } from '../database/migrations/index.js';
import { copyTemplate, dropDatabase } from '../testing/databases.js';
import { reportFixtures } from '../testing/report-fixtures.js';
import { seeders } from '../testing/test-app.js';

/**
 * Migration `Notifications`: the rating emails' old outbox moves into `notifications` — pending
 * rows get a graphile-worker job (due when they were due), finished ones are kept as history — and
 * `rating_emails` is dropped; reverting brings it back with its rows.
 */
describe('the Notifications migration', () => {
  const server = inject('postgresServerUrl');
  let database: { url: string; name: string };
  let db: DataSource;

  beforeAll(async () => {
    database = await copyTemplate(server, inject('templateDatabase'));
    db = new DataSource(dataSourceOptions(database.url, 2));
    await db.initialize();
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    if (database) await dropDatabase(server, database.name);
  });

  it('moves the pending rating emails into the outbox with a job, keeps the finished ones, and reverts', async () => {
    const office = await seeders(db).office({ ratingEmail: true });
    const service = await seeders(db).service(office.id);
    const fixtures = reportFixtures(db);
    const tickets = [];
    for (const time of ['09:00', '09:15']) {
      const booking = await fixtures.booking(office.id, service.id, '2026-06-17', time, { email: `migrada.${time}@example.cl` });
      tickets.push(await fixtures.ticket(office.id, service.id, '2026-06-17', { issued: time, completed: time }, { bookingId: booking.id }));
    }
    // Back to the schema before it (and the migrations after it).
    const index = MIGRATIONS.findIndex((m) => new m().name === 'Notifications1795760000000');
    for (let i = MIGRATIONS.length - 1; i >= index; i--) await db.undoLastMigration({ transaction: 'each' });
    const due = new Date(Date.now() + 3_600_000);
    await db.query(
      `INSERT INTO rating_emails (ticket_id, status, attempts, queued_at, next_attempt_at, finished_at, outcome)
       VALUES ($1, 'pending', 2, $3, $4, NULL, 'EENVELOPE 451'), ($2, 'sent', 1, $3, $3, $3, NULL)`,
      [tickets[0].id, tickets[1].id, new Date('2026-06-17T13:00:00Z'), due],
    );

    expect(await runMigrations(database.url)).toEqual(MIGRATIONS.slice(index).map((m) => new m().name));
    const rows = (await db.query(
      `SELECT id, kind, channel::text, status::text, booking_id, ticket_id, office_id, reason, attempts, due_at, sent_at FROM notifications ORDER BY id`,
    )) as Record<string, unknown>[];
    expect(rows).toMatchObject([
      { kind: 'rating', channel: 'email', status: 'queued', booking_id: tickets[0].bookingId, ticket_id: tickets[0].id, office_id: office.id, reason: 'EENVELOPE 451', attempts: 2, due_at: due, sent_at: null },
      { kind: 'rating', channel: 'email', status: 'sent', ticket_id: tickets[1].id, attempts: 1, sent_at: new Date('2026-06-17T13:00:00Z') },
    ]);
    const jobs = (await db.query(`SELECT v.key, v.task_identifier, p.payload, v.run_at, v.max_attempts FROM graphile_worker.jobs v JOIN graphile_worker._private_jobs p ON p.id = v.id`)) as Record<string, unknown>[];
    expect(jobs).toEqual([{ key: `notification:${rows[0].id}`, task_identifier: 'send_notification', payload: { id: Number(rows[0].id) }, run_at: due, max_attempts: 10 }]);
    expect(await db.query(`SELECT to_regclass('rating_emails') AS t`)).toEqual([{ t: null }]);

    // Reverting gives the old outbox its rows back and leaves no job.
    for (let i = MIGRATIONS.length - 1; i >= index; i--) await db.undoLastMigration({ transaction: 'each' });
    expect(await db.query(`SELECT ticket_id, status::text, attempts, outcome FROM rating_emails ORDER BY id`)).toEqual([
      { ticket_id: tickets[0].id, status: 'pending', attempts: 2, outcome: 'EENVELOPE 451' },
      { ticket_id: tickets[1].id, status: 'sent', attempts: 1, outcome: null },
    ]);
    expect(await db.query(`SELECT count(*)::int AS n FROM graphile_worker.jobs`)).toEqual([{ n: 0 }]);
    await runMigrations(database.url);
  });
});
