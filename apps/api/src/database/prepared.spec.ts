import { QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { preparedQuery } from './prepared.js';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t?.close());

describe('preparedQuery', () => {
  it('runs on the transaction’s own connection: it sees the transaction’s uncommitted rows, and nothing after a rollback', async () => {
    const name = `prepared-${Date.now()}`;
    await expect(
      t.db.transaction(async (manager) => {
        await manager.query(`INSERT INTO offices (name, time_zone, holiday_country) VALUES ($1, 'America/Santiago', 'CL')`, [name]);
        const inside = await preparedQuery<{ n: string }>(manager, `SELECT count(*) AS n FROM offices WHERE name = $1`, [name]);
        expect(inside).toEqual([{ n: '1' }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // Autocommitted, on the pool, the same statement text (the same prepared name) many times.
    for (let i = 0; i < 8; i++) expect(await preparedQuery(t.db.manager, `SELECT count(*) AS n FROM offices WHERE name = $1`, [name])).toEqual([{ n: '0' }]);
  });

  it('fails as TypeORM does, with the driver error inside, so retries and constraint mapping still apply', async () => {
    const failure = await preparedQuery(t.db.manager, `SELECT 1 / $1::int AS x`, [0]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('22012');
  });
});
