import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../../apps/api/src/database/embedded-postgres.js';
import { runMigrations } from '../../../apps/api/src/database/migrate.js';
import { type ApiProcess, freePort, startApiProcess } from '../../support/api-process.js';

/**
 * Services a fault test can break: a PostgreSQL and a Redis of the test's own, on free ports,
 * which it stops and starts again at will. Nothing here touches the machine's PostgreSQL or Redis
 * or the suite's shared test database.
 */

/** Polls `check` every 50 ms until it resolves truthy, or fails after `ms`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await Promise.resolve().then(check).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface FaultPostgres {
  /** Connection string of the migrated `turnero` database. */
  url: string;
  port: number;
  running(): boolean;
  /** Fast shutdown (SIGINT, as `pg_ctl stop -m fast`): sessions are ended with 57P01. */
  stop(): Promise<void>;
  /** Starts the same cluster again on the same port, with its data. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster (embedded-postgres) in a folder of its own under .data/, on a free port,
 * with every migration applied to its `turnero` database. initdb takes a few seconds.
 */
export async function startFaultPostgres(): Promise<FaultPostgres> {
  const dir = resolve(`.data/faults-pg-${process.pid}-${randomBytes(3).toString('hex')}`);
  const port = await freePort();
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres({ dir, port });
  const url = server.url;
  await runMigrations(url);
  return {
    url,
    port,
    running: () => server !== undefined,
    stop: async () => {
      const current = server;
      server = undefined;
      await current?.stop();
    },
    start: async () => {
      if (server) return;
      server = await startEmbeddedPostgres({ dir, port });
    },
    destroy: async () => {
      const current = server;
      server = undefined;
      await current?.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` on a client of its own (autocommit), closed afterwards. */
export { withClient as withPg } from '../../../apps/api/src/testing/databases.js';

/**
 * An API process as the README starts it (`node dist/apps/api/main.js`) on a free port, with the
 * fault tests' common settings: no Redis, mail or rate limit unless `env` gives them, the clock at
 * `FAKE_NOW` when given. `env` overrides (undefined removes a variable).
 */
export async function startFaultApi(databaseUrl: string, env: Record<string, string | undefined> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const common = {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    ADMIN_PASSWORD: 'fault-admin-password',
    SEED_DEMO: 'false',
    REDIS_URL: undefined,
    SMTP_URL: undefined,
  };
  return startApiProcess(['node', 'dist/apps/api/main.js'], { ...common, ...env }, port);
}

export interface FaultRedis {
  url: string;
  port: number;
  running(): boolean;
  /** Kills the server (SIGKILL): connections drop at once, nothing is saved. */
  kill(): Promise<void>;
  /** Starts a fresh, empty server on the same port. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';

/** A redis-server of the test's own on a free port, without persistence (`--save "" --appendonly no`). */
export async function startFaultRedis(): Promise<FaultRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const launch = async () => {
    const process_ = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    process_.stdout!.on('data', (chunk) => (output += chunk));
    process_.stderr!.on('data', (chunk) => (output += chunk));
    const killOnExit = () => process_.kill('SIGKILL');
    process.once('exit', killOnExit);
    process_.on('exit', () => process.removeListener('exit', killOnExit));
    child = process_;
    await waitUntil(`redis-server on port ${port} (${output})`, () => ping(port), 10_000);
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    running: () => child !== undefined,
    kill: async () => {
      const current = child;
      child = undefined;
      if (!current || current.exitCode !== null) return;
      await new Promise<void>((done) => {
        current.once('exit', () => done());
        current.kill('SIGKILL');
      });
    },
    start: async () => {
      if (!child) await launch();
    },
    destroy: async () => {
      const current = child;
      child = undefined;
      if (current && current.exitCode === null) {
        await new Promise<void>((done) => {
          current.once('exit', () => done());
          current.kill('SIGKILL');
        });
      }
    },
  };
}

/** Whether a Redis answers PING on 127.0.0.1:port (a raw RESP exchange, no client library state). */
async function ping(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((done) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(500, () => finish(false));
    socket.on('error', () => finish(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')));
  });
}
