import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/** An arbitrary constant: the advisory lock that lets one instance migrate while others wait. */
const MIGRATION_LOCK = 732_150_001;

/**
 * Applies pending migrations, each in its own transaction. Instances that start together take
 * turns through a PostgreSQL advisory lock, so a migration never runs twice.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
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
