import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { freePort } from './api-process.js';
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
 * The embedded test server in .data/test-postgres; when another test run already holds it (two
 * runs at once on one machine), a private one in a folder of its own, removed afterwards.
 */
async function startTestPostgres(): Promise<{ url: string; stop: () => Promise<void> }> {
  try {
    return await startEmbeddedPostgres({ dir: '.data/test-postgres', port: Number(process.env.TEST_PG_PORT ?? 54339), database: 'postgres' });
  } catch {
    const dir = `.data/test-postgres-${process.pid}`;
    const server = await startEmbeddedPostgres({ dir, port: await freePort(), database: 'postgres' });
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * Once per run: a real PostgreSQL (DATABASE_URL's server, or an embedded one in .data/test-postgres)
 * and a template database with every migration applied. Each test file then copies the template
 * (CREATE DATABASE … TEMPLATE), which takes milliseconds and isolates the files from each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const embedded = process.env.DATABASE_URL ? undefined : await startTestPostgres();
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
