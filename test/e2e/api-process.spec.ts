import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { dropDatabase, recreateDatabase, serverUrl } from '../../apps/api/src/testing/databases.js';
import { freePort, startApiProcess } from '../support/api-process.js';
import { copyRepository } from '../support/repository-copy.js';

/** Retries an assertion for up to `ms`, for things that happen shortly after an action. */
async function expectEventually(assertion: () => unknown, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const getJson = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
};

/** The API started as a separate process, the way the README starts it. */
describe('the API as a process', () => {
  // `npm start` builds first, and a build rewrites dist/ in place while the other test files of the
  // run start the API and serve the front ends from it: one of them once loaded a half-written
  // migration module. So it runs in a copy of the repository (its own dist/ and libs/*/dist, links
  // to node_modules), as on a fresh clone, and this tree's build is never touched.
  it('starts with `npm start` on an embedded PostgreSQL with the demo data, and stops cleanly on SIGTERM', async () => {
    const sharedBuild = () => statSync('dist/apps/api/main.js', { throwIfNoEntry: false })?.mtimeMs;
    const sharedBuildBefore = sharedBuild();
    const copy = copyRepository();
    const [port, pgPort] = [await freePort(), await freePort()];
    try {
      const api = await startApiProcess(
        ['npm', 'start', '--silent'],
        { DATABASE_URL: undefined, PORT: String(port), EMBEDDED_PG_DIR: undefined, EMBEDDED_PG_PORT: String(pgPort), NODE_ENV: 'development', LOG_LEVEL: 'warn', ADMIN_PASSWORD: undefined },
        port,
        { cwd: copy.dir, timeoutMs: 200_000 },
      );
      // It built everything (the API and both front ends) where it ran, and nothing here.
      for (const built of ['dist/apps/api/main.js', 'libs/scheduling/dist/index.js', 'dist/apps/web/index.html', 'dist/apps/kiosk-display/kiosk.html']) expect(existsSync(join(copy.dir, built)), built).toBe(true);
      expect(sharedBuild()).toBe(sharedBuildBefore);
      expect(api.output()).toContain(`http://localhost:${port}/api/docs`);
      expect(api.output()).toMatch(/supervisora\.elqui \/ \S+/);
      expect(api.output()).toMatch(/agente1\.elqui \/ \S+/);

      const health = await getJson(`${api.baseUrl}/api/health`);
      expect(health).toMatchObject({ status: 200, body: { status: 'ok', info: { database: { status: 'up' } } } });
      const offices = await getJson(`${api.baseUrl}/api/v1/offices`);
      expect(offices.body.map((o: { name: string }) => o.name)).toContain('Gobernación Provincial de Elqui – Extranjería');
      const login = await fetch(`${api.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'supervisora.elqui', password: /supervisora\.elqui \/ (\S+)/.exec(api.output())![1] }),
      });
      expect(login.status).toBe(200);

      // npm passes SIGTERM on to the API and then ends itself by the same signal.
      await api.stop();
      await expectEventually(() => expect(api.output()).toContain('SIGTERM received: finishing requests and shutting down'));
      // The embedded database stops with the API.
      await expectEventually(async () => {
        const client = new pg.Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres` });
        await expect(client.connect()).rejects.toThrow();
      });
    } finally {
      copy.remove(); // the embedded database's files (.data/postgres) with it
    }
    // `npm start` builds everything first (the API and both front ends): 15 s on a quiet machine, up
    // to 2 minutes on one busy with other tests and builds; the test outlasts startApiProcess's wait.
  }, 240_000);

  describe('two instances on one database, started together', () => {
    const server = inject('postgresServerUrl');
    const name = `turnero_shared_${process.pid}`;
    afterAll(() => dropDatabase(server, name));

    it('migrate once, create the bootstrap admin once, and both serve', async () => {
      await recreateDatabase(server, name);
      const ports = [await freePort(), await freePort()];
      const env = (port: number) => ({ DATABASE_URL: serverUrl(server, name), PORT: String(port), LOG_LEVEL: 'warn', ADMIN_PASSWORD: 'shared-admin-password', SEED_DEMO: 'false' });
      const apis = await Promise.all(ports.map((port) => startApiProcess(['node', 'dist/apps/api/main.js'], env(port), port)));
      try {
        for (const api of apis) expect((await getJson(`${api.baseUrl}/api/health`)).status).toBe(200);
        const created = await fetch(`${apis[0].baseUrl}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: 'shared-admin-password' }),
        });
        const { accessToken } = (await created.json()) as { accessToken: string };
        // A token issued by one instance works on the other (same secret, same database).
        const me = await fetch(`${apis[1].baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
        expect(me.status).toBe(200);
        const client = new pg.Client({ connectionString: serverUrl(server, name) });
        await client.connect();
        try {
          expect((await client.query(`SELECT count(*)::int AS n FROM staff_users WHERE role = 'admin'`)).rows[0].n).toBe(1);
          const migrations = await client.query(`SELECT name FROM migrations`);
          expect(new Set(migrations.rows.map((r) => r.name)).size).toBe(migrations.rowCount);
        } finally {
          await client.end();
        }
      } finally {
        expect(await Promise.all(apis.map((api) => api.stop()))).toEqual([0, 0]);
      }
    });
  });
});
