import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../apps/api/src/database/embedded-postgres.js';
import { withDefaultUser } from '../../apps/api/src/database/database-url.js';
import { runMigrations } from '../../apps/api/src/database/migrate.js';
import { dropDatabase, recreateDatabase, serverUrl } from '../../apps/api/src/testing/databases.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A connection string to the test PostgreSQL server (any database on it). */
    postgresServerUrl: string;
    /** A database migrated to the latest migration, to copy for each test file. */
    templateDatabase: string;
  }
}

/**
 * Once per run: a real PostgreSQL (DATABASE_URL's server, or an embedded one in .data/test-postgres)
 * and a template database with every migration applied. Each test file then copies the template
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds and isolates the files from each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dir: '.data/test-postgres', port: Number(process.env.TEST_PG_PORT ?? 54339), database: 'postgres' });
  const url = serverUrl(process.env.DATABASE_URL ? withDefaultUser(process.env.DATABASE_URL) : embedded!.url);
  const templateDatabase = `turnero_template_${process.pid}`;
  await recreateDatabase(url, templateDatabase);
  await runMigrations(serverUrl(url, templateDatabase));

  project.provide('postgresServerUrl', url);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await dropDatabase(url, templateDatabase);
    await embedded?.stop();
  };
}
