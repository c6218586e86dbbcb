import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The same server as `url`, on another database. */
export function serverUrl(url: string, database?: string): string {
  const parsed = new URL(url);
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Runs `work` on a client of its own (autocommit), closed afterwards. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  await withClient(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function recreateDatabase(url: string, name: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
}

/** A fresh, migrated database copied from the run's template; returns its URL. */
export async function copyTemplate(url: string, template: string): Promise<{ url: string; name: string }> {
  const name = `turnero_test_${randomBytes(5).toString('hex')}`;
  await withClient(url, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { url: serverUrl(url, name), name };
}
