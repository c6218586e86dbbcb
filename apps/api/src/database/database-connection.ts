import type { Config } from '../config/environment.js';
import { withDefaultUser } from './database-url.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface DatabaseConnection {
  url: string;
  /** Whether an embedded PostgreSQL was started for this process (and must be stopped with it). */
  embedded: boolean;
  close(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise a real PostgreSQL started from the `embedded-postgres` package. */
export async function connectDatabase(config: Pick<Config, 'DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT'>, log?: (line: string) => void): Promise<DatabaseConnection> {
  if (config.DATABASE_URL) {
    return { url: withDefaultUser(config.DATABASE_URL), embedded: false, close: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT, log });
  return { url: server.url, embedded: true, close: () => server.stop() };
}
