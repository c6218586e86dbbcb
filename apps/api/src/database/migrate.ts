import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';
import { silentWorkerLogger } from '../notifications/worker-logger.js';

/** An arbitrary constant: the advisory lock that lets one instance migrate while others wait. */
const MIGRATION_LOCK = 732_150_001;

/**
 * Applies pending migrations, each in its own transaction. Instances that start together take
 * turns through a PostgreSQL advisory lock, so a migration never runs twice. graphile-worker's own
 * schema (`graphile_worker`, the notifications' job queue) is migrated first, under the same lock:
 * our migrations call its `add_job`.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migrateWorkerSchema(url);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}

/** graphile-worker's schema, brought up to date (idempotent; it takes its own lock too). */
export async function migrateWorkerSchema(url: string): Promise<void> {
  await runWorkerMigrations({ connectionString: url, logger: silentWorkerLogger });
}
