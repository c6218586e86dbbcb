import { createServer } from 'node:net';
import pg from 'pg';
import { DataSource, type DataSourceOptions, QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import { describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from './data-source-options.js';
import { isDatabaseUnavailable } from './database-errors.js';

const serverUrl = inject('postgresServerUrl');
/** A port nothing listens on (free a moment ago). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
const pgError = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error(code), { code }));

describe('isDatabaseUnavailable', () => {
  it('recognises what a real PostgreSQL and node-postgres raise when the server is away', async () => {
    // Nothing listens on a free port: refused.
    const refused = await new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres` }).connect().catch((e: unknown) => e);
    expect(isDatabaseUnavailable(refused)).toBe(true);

    // A session ended by the server (as a fast shutdown does to every session): 57P01, then "not queryable".
    const victim = new pg.Client({ connectionString: serverUrl });
    victim.on('error', () => undefined);
    await victim.connect();
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
      const [terminated] = await Promise.all([victim.query('SELECT pg_sleep(5)').catch((e: unknown) => e), admin.query('SELECT pg_terminate_backend($1)', [pid])]);
      expect((terminated as { code?: string }).code).toBe('57P01');
      expect(isDatabaseUnavailable(terminated)).toBe(true);
      expect(isDatabaseUnavailable(await victim.query('SELECT 1').catch((e: unknown) => e))).toBe(true);
    } finally {
      await admin.end();
    }
  });

  it('recognises a pool that has no connection to give within its timeout', async () => {
    const db = new DataSource({ ...dataSourceOptions(serverUrl, 1), connectTimeoutMS: 200 } as DataSourceOptions);
    await db.initialize();
    try {
      const runner = db.createQueryRunner();
      await runner.connect();
      const waited = await db.query('SELECT 1').catch((e: unknown) => e);
      await runner.release();
      expect(isDatabaseUnavailable(waited)).toBe(true);
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });

  it('recognises the SQLSTATEs of a server going away or starting, and nothing else', () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) expect(isDatabaseUnavailable(pgError(code))).toBe(true);
    for (const code of ['23505', '40001', '22P02', '42P01', '57014']) expect(isDatabaseUnavailable(pgError(code))).toBe(false);
    // What TypeORM throws for the next query of a transaction whose connection was lost.
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]))).toBe(true);
  });
});
