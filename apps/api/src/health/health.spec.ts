import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the database as up', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' } } });
  });

  it('answers 503 with the database down once the pool is gone', async () => {
    await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    await t.db.destroy();
    const response = await t.http.get('/api/health').expect(503);
    expect(response.headers['retry-after']).toBe('2');
    expect(response.body).toMatchObject({
      statusCode: 503,
      error: 'DATABASE_UNAVAILABLE',
      details: { status: 'error', error: { database: { status: 'down' } } },
    });
    await t.db.initialize();
  });
});
