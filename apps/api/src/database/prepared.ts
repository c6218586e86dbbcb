import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

const names = new Map<string, string>();

/** A name per statement text: the same text always gets the same name, on every connection. */
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `turnero_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * A hot statement as a named prepared statement: PostgreSQL parses it once per connection and,
 * after a few executions, keeps its plan, where TypeORM's `query()` has every call parsed and
 * planned again (1–2 ms for call-next's read). It runs on the manager's transaction connection,
 * or on the pool when the manager has none (an autocommitted statement). Errors are TypeORM's
 * `QueryFailedError`, as from `manager.query`, so retries and constraint mapping still apply.
 */
export async function preparedQuery<R>(manager: EntityManager, text: string, values: unknown[]): Promise<R[]> {
  const connection = (manager.queryRunner as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  const client: Pool | PoolClient = connection ?? (manager.connection.driver as unknown as { master: Pool }).master;
  try {
    const result = await client.query({ name: nameOf(text), text, values });
    return result.rows as R[];
  } catch (error) {
    throw new QueryFailedError(text, values, error as Error);
  }
}
