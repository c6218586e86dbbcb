#!/usr/bin/env node
// Queue (issue #6): a busy morning at the front desk of the demo Extranjería office.
//
//   node bench/queue/run.mjs            (settings: see README.md in this folder)
//
// 1. Call-next throughput: 20 open counters, 2,000 waiting tickets (inserted with SQL), 20 workers
//    (one per counter, each with its own agent's token) looping call-next → start → complete (every
//    10th a no-show) until the queue is empty. Duplicates are checked from the responses and in SQL.
// 2. Fan-out: N waiting-room screens (socket.io-client, websocket only, /display of the office) in
//    a few child processes; 100 calls made one at a time over HTTP; for each, the time from the
//    call-next response to the last screen's receipt of `ticket.called`. Then the same with two API
//    instances sharing the database and Redis, half the screens on each, the calls made on A.
import { execSync, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery, databaseUrlOf, fmt, freePort, localDateOf, logger, quoteIdent, summary, tail } from '../support/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const env = process.env;
/** The checkout whose dist/ is run (default: this one); another one isolates a run from concurrent rebuilds. */
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));
const list = (name, fallback) => (env[name] ? env[name].split(',').map((s) => s.trim()).filter(Boolean) : fallback);

const opts = {
  tickets: int('BENCH_TICKETS', 2_000),
  counters: int('BENCH_COUNTERS', 20),
  throughputInstances: int('BENCH_THROUGHPUT_INSTANCES', 1),
  noShowEvery: int('BENCH_NO_SHOW_EVERY', 10),
  clients: list('BENCH_CLIENTS', ['1000', '5000']).map(Number),
  calls: int('BENCH_CALLS', 100),
  warmCalls: int('BENCH_WARM_CALLS', 3),
  clientProcs: int('BENCH_CLIENT_PROCS', 2),
  connectConcurrency: int('BENCH_CONNECT_CONCURRENCY', 100),
  receiptTimeoutMs: int('BENCH_RECEIPT_TIMEOUT_MS', 5_000),
  phases: list('BENCH_PHASES', ['throughput', 'fanout', 'fanout2']),
  /** The servers the throughput and national phases run on, in this order (api: the API; bare: bench/queue/bare/server.mjs). */
  servers: list('BENCH_SERVERS', ['api']),
  /** The national phase's servers (default: BENCH_SERVERS). */
  nationalServers: list('BENCH_NATIONAL_SERVERS', list('BENCH_SERVERS', ['api'])),
  nationalOffices: int('BENCH_NATIONAL_OFFICES', 500),
  nationalCounters: int('BENCH_NATIONAL_COUNTERS', 10),
  nationalIntervalS: int('BENCH_NATIONAL_INTERVAL_S', 100),
  nationalSeconds: int('BENCH_NATIONAL_S', 60),
  nationalWaiting: int('BENCH_NATIONAL_WAITING', 20),
  nationalConnections: int('BENCH_NATIONAL_CONNECTIONS', 64),
  poolSize: int('BENCH_POOL_SIZE', 20),
  fakeNow: env.BENCH_FAKE_NOW ?? '2026-12-01T09:00:00-03:00',
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_queue_bench',
  redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  svg: env.BENCH_SVG === '' ? null : resolve(root, env.BENCH_SVG ?? 'docs/queue-fanout.svg'),
  json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
  cpuProfDir: env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : null,
  /** A CPU profile of each server during each throughput or national run only, through its inspector. */
  phaseProfDir: env.BENCH_PHASE_PROF ? resolve(env.BENCH_PHASE_PROF) : null,
  deadlineSeconds: int('BENCH_DEADLINE_S', 240),
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
};

const TARGETS = { callsPerSecond: 300, callP99: 50, fanoutP99: { 1000: 100, 5000: 300 }, ratioToBare: 0.9, nationalP99: 50 };
const JWT_SECRET = 'bench-queue-jwt-secret-0123456789abcdef';
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const MUNICIPAL = 'Municipalidad de La Serena – Atención Ciudadana';
const ADMIN_PASSWORD = 'bench-queue-admin-2026';
const AGENT_PASSWORD = 'bench-queue-agent-2026';

const { default: pg } = await import('pg');

// ---------------------------------------------------------------- small helpers

const log = logger('queue');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nsToMs = (ns) => Number(ns) / 1e6;

function databaseUrl() {
  return databaseUrlOf(opts.adminUrl, opts.database);
}

async function withDb(fn) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Memory of an API process after a full GC forced through its inspector: `ps` RSS and V8's heap in
 * use, in MiB. RSS right after thousands of handshakes is mostly garbage not yet collected.
 */
async function memoryAfterGc(api) {
  const { send, close } = await inspectorOf(api);
  try {
    await send('HeapProfiler.collectGarbage');
    await send('HeapProfiler.collectGarbage');
    const { result } = await send('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true });
    const usage = JSON.parse(result.value);
    return { rss: rssMiB(api.pid), heapUsed: usage.heapUsed / 2 ** 20, external: usage.external / 2 ** 20 };
  } finally {
    close();
  }
}

/** A DevTools-protocol session with a server process started with --inspect (`inspectPort`). */
async function inspectorOf(server) {
  const { default: WebSocket } = await import('ws');
  const [target] = await (await fetch(`http://127.0.0.1:${server.inspectPort}/json/list`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 1 << 30 });
  await once(ws, 'open');
  let id = 0;
  const send = (method, params = {}) =>
    new Promise((resolveCall, rejectCall) => {
      const callId = ++id;
      const onMessage = (data) => {
        const message = JSON.parse(data.toString());
        if (message.id !== callId) return;
        ws.off('message', onMessage);
        if (message.error) rejectCall(new Error(`${method}: ${message.error.message}`));
        else resolveCall(message.result);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: callId, method, params }));
    });
  return { send, close: () => ws.close() };
}

/**
 * BENCH_PHASE_PROF: a CPU profile of the servers during one phase only (not their start-up or
 * warm-up), taken through their inspector; `stop()` writes `<dir>/<label>-<server>.cpuprofile`.
 */
async function phaseProfile(servers, label) {
  if (!opts.phaseProfDir) return { stop: async () => {} };
  mkdirSync(opts.phaseProfDir, { recursive: true });
  const sessions = await Promise.all(servers.map(inspectorOf));
  for (const { send } of sessions) {
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 200 });
    await send('Profiler.start');
  }
  return {
    async stop() {
      for (const [i, { send, close }] of sessions.entries()) {
        const { profile } = await send('Profiler.stop');
        const file = join(opts.phaseProfDir, `${label}-${servers[i].name}.cpuprofile`);
        writeFileSync(file, JSON.stringify(profile));
        close();
        log(`CPU profile of ${servers[i].name} during ${label}: ${file}`);
      }
    },
  };
}

const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
  } catch {
    return 0;
  }
}

/** CPU seconds of the API processes, of PostgreSQL's processes (user postgres) and of this process. */
/**
 * A server process's kernel side so far: user and system CPU seconds apart, and its read and
 * write system calls (/proc/<pid>/io syscr, syscw: socket reads and writes, writev included).
 */
function kernelSnapshot(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const io = Object.fromEntries(
      readFileSync(`/proc/${pid}/io`, 'utf8')
        .trim()
        .split('\n')
        .map((line) => line.split(': ')),
    );
    return { user: Number(fields[11]) / CLK_TCK, system: Number(fields[12]) / CLK_TCK, reads: Number(io.syscr), writes: Number(io.syscw) };
  } catch {
    return { user: 0, system: 0, reads: 0, writes: 0 };
  }
}

function cpuSnapshot(apiList) {
  const postgresPids = new Map();
  try {
    for (const pid of execSync('ps -u postgres -o pid=').toString().trim().split(/\s+/)) postgresPids.set(pid, cpuSeconds(pid));
  } catch {
    // no process of user postgres (another PostgreSQL set-up): reported as 0
  }
  const { user, system } = process.cpuUsage();
  const kernel = apiList.map((a) => kernelSnapshot(a.pid)).reduce((sum, k) => ({ user: sum.user + k.user, system: sum.system + k.system, reads: sum.reads + k.reads, writes: sum.writes + k.writes }));
  return { api: apiList.reduce((sum, a) => sum + cpuSeconds(a.pid), 0), kernel, postgresPids, bench: (user + system) / 1e6 };
}

/**
 * CPU seconds used between two snapshots: the API processes, this process, and PostgreSQL's
 * processes alive at the end (a backend that ended in between, another client's, takes its CPU
 * time with it: counting it would make the difference negative; one started in between counts whole).
 */
function cpuBetween(before, after) {
  let postgres = 0;
  for (const [pid, seconds] of after.postgresPids) postgres += seconds - (before.postgresPids.get(pid) ?? 0);
  const kernel = Object.fromEntries(Object.keys(after.kernel).map((k) => [k, after.kernel[k] - before.kernel[k]]));
  return { api: after.api - before.api, kernel, postgres, bench: after.bench - before.bench };
}

/** RSS of a process in MiB (ps -o rss, KiB). */
function rssMiB(pid) {
  return Number(execSync(`ps -o rss= -p ${pid}`).toString().trim()) / 1024;
}

/**
 * A tiny keep-alive HTTP client (one connection per worker, like a desk console): status, parsed
 * body, and hrtime stamps of the request written and of the response fully read.
 */
function httpClient(base, token) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method, path, body) =>
    new Promise((resolveRequest, rejectRequest) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (payload !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(payload);
      }
      const t0 = process.hrtime.bigint();
      const request = http.request({ host: url.hostname, port: url.port, method, path, headers, agent }, (response) => {
        const chunks = [];
        response.on('data', (c) => chunks.push(c));
        response.on('end', () => {
          const t1 = process.hrtime.bigint();
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            // not JSON
          }
          resolveRequest({ status: response.statusCode, json, text, t0, t1, ms: nsToMs(t1 - t0) });
        });
        response.on('error', rejectRequest);
      });
      request.on('error', rejectRequest);
      request.setTimeout(30_000, () => request.destroy(new Error(`${method} ${path}: no answer in 30 s`)));
      request.end(payload);
    });
}

async function expectOk(promise, what) {
  const r = await promise;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

// ---------------------------------------------------------------- lifecycle (always cleaned up)

/** Running API processes: { name, proc, exited, pid, base, logFile }. */
const apis = [];
const children = new Set();
let dbCreated = false;
let cleaning = null;

async function stopApi(api) {
  const { proc } = api;
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGTERM');
    const timeout = new Promise((r) => setTimeout(r, 15_000, 'timeout'));
    if ((await Promise.race([api.exited, timeout])) === 'timeout') {
      log(`API ${api.name} did not stop on SIGTERM within 15 s: SIGKILL`);
      proc.kill('SIGKILL');
      await api.exited;
    }
  }
  apis.splice(apis.indexOf(api), 1);
}

function cleanup() {
  cleaning ??= (async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const api of [...apis]) {
      try {
        await stopApi(api);
      } catch (error) {
        log(`stopping API ${api.name} failed:`, error);
      }
    }
    if (dbCreated && opts.keepDatabase) log(`kept database ${opts.database} (BENCH_KEEP_DB=1)`);
    else if (dbCreated) {
      try {
        await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
        log(`dropped database ${opts.database}`);
      } catch (error) {
        log('dropping the database failed:', error.message);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

async function startApi(name, { redis = false } = {}) {
  const port = await freePort();
  const logFile = join(tmpdir(), `queue-bench-api-${name}-${process.pid}.log`);
  const args = [];
  if (opts.cpuProfDir) {
    mkdirSync(opts.cpuProfDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  }
  // The inspector lets the benchmark force a GC before reading memory (nothing attaches otherwise).
  const inspectPort = await freePort();
  args.push(`--inspect=127.0.0.1:${inspectPort}`);
  args.push(join(apiRoot, 'dist/apps/api/main.js'));
  const childEnv = {
    ...env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl(),
    DATABASE_POOL_SIZE: String(opts.poolSize),
    PORT: String(port),
    HOST: '127.0.0.1',
    FAKE_NOW: opts.fakeNow,
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD,
    // Fixed, so a token from one instance (or from A before its restart) is valid on the other.
    JWT_SECRET,
  };
  if (redis) childEnv.REDIS_URL = opts.redisUrl;
  else delete childEnv.REDIS_URL;
  const out = createWriteStream(logFile);
  firstApiSpawnMs ??= Date.now();
  const proc = spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  const api = { name, kind: 'api', proc, pid: proc.pid, exited: once(proc, 'exit'), base, logFile, redis, inspectPort };
  apis.push(api);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`API ${name} exited with ${proc.exitCode} during start-up; log:\n${tail(logFile)}`);
    try {
      const response = await fetch(`${base}/api/health`);
      if (response.ok) {
        log(`API ${name} healthy at ${base} (pid ${proc.pid}${redis ? ', REDIS_URL set' : ''}${opts.cpuProfDir ? ', --cpu-prof' : ''}, log ${logFile})`);
        return api;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`API ${name} did not become healthy within 90 s; log:\n${tail(logFile)}`);
}

/** When the first API process was started: its clock read FAKE_NOW then (a little later, in fact). */
let firstApiSpawnMs = null;

/**
 * The yardstick (bench/queue/bare/server.mjs) as its own process on the same database, its clock
 * where the API's is now (FAKE_NOW moved on by the time since the first API started, so its calls
 * never go back in time against the API's).
 */
async function startBare(name = 'bare') {
  const port = await freePort();
  const logFile = join(tmpdir(), `queue-bench-${name}-${process.pid}.log`);
  const args = [];
  if (opts.cpuProfDir) {
    mkdirSync(opts.cpuProfDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  }
  // As the API's: lets BENCH_PHASE_PROF profile one phase (nothing attaches otherwise).
  const inspectPort = await freePort();
  args.push(`--inspect=127.0.0.1:${inspectPort}`);
  args.push(join(here, 'bare/server.mjs'));
  const fakeNow = new Date(Date.parse(opts.fakeNow) + (firstApiSpawnMs ? Date.now() - firstApiSpawnMs : 0)).toISOString();
  const childEnv = {
    ...env,
    BENCH_API_ROOT: apiRoot,
    DATABASE_URL: databaseUrl(),
    DATABASE_POOL_SIZE: String(opts.poolSize),
    PORT: String(port),
    HOST: '127.0.0.1',
    FAKE_NOW: fakeNow,
    LOG_LEVEL: 'warn',
    JWT_SECRET,
  };
  const out = createWriteStream(logFile);
  const proc = spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  const server = { name, kind: 'bare', proc, pid: proc.pid, exited: once(proc, 'exit'), base, logFile, inspectPort };
  apis.push(server);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${name} exited with ${proc.exitCode} during start-up; log:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) {
        log(`${name} (bench/queue/bare/server.mjs) healthy at ${base} (pid ${proc.pid}, FAKE_NOW ${fakeNow}, log ${logFile})`);
        return server;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${name} did not become healthy within 30 s; log:\n${tail(logFile)}`);
}

// ---------------------------------------------------------------- set-up

/** Admin token, the demo office, its services; every counter serving every service. */
async function prepareOffice(base) {
  const anon = httpClient(base);
  const { accessToken: adminToken } = await expectOk(anon('POST', '/api/v1/auth/login', { username: 'admin', password: ADMIN_PASSWORD }), 'admin login');
  const admin = httpClient(base, adminToken);
  const offices = await expectOk(anon('GET', '/api/v1/offices'), 'offices');
  const office = offices.find((o) => o.name === EXTRANJERIA);
  const municipal = offices.find((o) => o.name === MUNICIPAL);
  if (!office || !municipal) throw new Error('demo offices not found (was the database empty before SEED_DEMO?)');
  const services = await expectOk(anon('GET', `/api/v1/offices/${office.id}/services`), 'services');
  const serviceIds = services.map((s) => s.id);
  let counters = await expectOk(admin('GET', `/api/v1/offices/${office.id}/counters`), 'counters');
  // The demo's five counters serve subsets; the benchmark wants 20 alike, each serving everything.
  for (const c of counters) {
    if (c.serviceIds.length !== serviceIds.length) await expectOk(admin('PATCH', `/api/v1/counters/${c.id}`, { serviceIds }), `PATCH counter ${c.name}`);
  }
  for (let i = counters.length + 1; i <= opts.counters; i++) {
    await expectOk(admin('POST', `/api/v1/offices/${office.id}/counters`, { name: `Módulo ${i}`, serviceIds }), `POST counter ${i}`);
  }
  counters = (await expectOk(admin('GET', `/api/v1/offices/${office.id}/counters`), 'counters')).slice(0, opts.counters);
  // One agent per counter, each logged in with its own token.
  const agents = [];
  for (let i = 0; i < counters.length; i++) {
    const username = `bench.agente${String(i + 1).padStart(2, '0')}`;
    await expectOk(admin('POST', '/api/v1/staff', { username, password: AGENT_PASSWORD, role: 'agent', officeId: office.id }), `POST staff ${username}`);
  }
  for (let i = 0; i < counters.length; i++) {
    const username = `bench.agente${String(i + 1).padStart(2, '0')}`;
    const { accessToken } = await expectOk(anon('POST', '/api/v1/auth/login', { username, password: AGENT_PASSWORD }), `login ${username}`);
    agents.push({ username, token: accessToken, counter: counters[i] });
  }
  for (const a of agents) await expectOk(httpClient(base, a.token)('POST', `/api/v1/counters/${a.counter.id}/open`, {}), `open ${a.counter.name}`);
  return { adminToken, office, municipal, services, counters, agents };
}

/**
 * Inserts `count` waiting tickets for today, as the front desk would have issued them between 08:30
 * and a minute before FAKE_NOW: appointments of R and P (their checked-in share, slots from 08:30 on)
 * and walk-ins of the walk-in services, ~10 % preferential; numbers continue each prefix's sequence
 * (ticket_sequences is advanced to match), tracking codes are 128 random bits like the API's.
 */
async function insertWaitingTickets(officeId, count, seedTag, { appointments = true } = {}) {
  return withDb(async (db) => {
    const [{ time_zone: zone }] = (await db.query('SELECT time_zone FROM offices WHERE id = $1', [officeId])).rows;
    const today = localDateOf(opts.fakeNow, zone);
    const services = (await db.query(`SELECT id, code, mode::text AS mode FROM services WHERE office_id = $1 AND active ORDER BY code`, [officeId])).rows;
    const appointmentServices = services.filter((s) => s.mode !== 'walk_in');
    const walkInServices = services.filter((s) => s.mode !== 'appointment');
    if (walkInServices.length === 0) throw new Error('the office has no walk-in service');
    const seq = new Map();
    for (const r of (await db.query('SELECT prefix, last FROM ticket_sequences WHERE office_id = $1 AND local_date = $2', [officeId, today])).rows) seq.set(r.prefix, r.last);
    const nextNumber = (code) => {
      const n = (seq.get(code) ?? 0) + 1;
      seq.set(code, n);
      return { sequence: n, number: `${code}-${String(n).padStart(3, '0')}` };
    };
    const fakeNowMs = Date.parse(opts.fakeNow);
    const dayStart = Date.parse(`${today}T08:30:00${opts.fakeNow.slice(19)}`); // 08:30 local (FAKE_NOW's offset)
    const issueEnd = fakeNowMs - 60_000;
    const rows = [];
    // Appointments: ~4 % of the line (a day's checked-in share), slots every 15 min from 08:30.
    const appointmentCount = appointments && appointmentServices.length > 0 ? Math.round(count * 0.04) : 0;
    for (let i = 0; i < appointmentCount; i++) {
      const service = appointmentServices[i % appointmentServices.length];
      const slotStart = dayStart + Math.floor(i / 3) * 15 * 60_000;
      const issuedAt = Math.min(issueEnd, Math.max(dayStart - 30 * 60_000, slotStart - ((i * 7) % 25) * 60_000));
      rows.push({ service, kind: 'appointment', preferential: i % 10 === 0, issuedAt, slotStart });
    }
    for (let i = appointmentCount; i < count; i++) {
      const service = walkInServices[i % walkInServices.length];
      const issuedAt = dayStart + Math.floor(((i - appointmentCount + 0.5) / (count - appointmentCount)) * (issueEnd - dayStart));
      rows.push({ service, kind: 'walk_in', preferential: i % 10 === 3, issuedAt, slotStart: null });
    }
    rows.sort((a, b) => a.issuedAt - b.issuedAt);
    const values = [];
    const params = [];
    for (const r of rows) {
      const { sequence, number } = nextNumber(r.service.code);
      const base = params.length;
      params.push(officeId, r.service.id, r.kind, r.preferential, number, sequence, today, new Date(r.issuedAt), r.slotStart ? new Date(r.slotStart) : null, randomBytes(16).toString('base64url'));
      values.push(`($${base + 1}, $${base + 2}, $${base + 3}::ticket_kind, $${base + 4}, $${base + 5}, $${base + 6}, $${base + 7}::date, 'waiting', $${base + 8}, $${base + 8}, $${base + 9}, $${base + 10})`);
    }
    await db.query('BEGIN');
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      const first = i * 10;
      // Renumber the placeholders of this chunk from $1.
      const sql = chunk.map((v) => v.replace(/\$(\d+)/g, (_, n) => `$${Number(n) - first}`)).join(', ');
      await db.query(
        `INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, slot_start, tracking_code) VALUES ${sql}`,
        params.slice(first, first + chunk.length * 10),
      );
    }
    for (const [prefix, last] of seq) {
      await db.query(
        `INSERT INTO ticket_sequences (office_id, local_date, prefix, last) VALUES ($1, $2, $3, $4)
         ON CONFLICT (office_id, local_date, prefix) DO UPDATE SET last = GREATEST(ticket_sequences.last, EXCLUDED.last)`,
        [officeId, today, prefix, last],
      );
    }
    await db.query('COMMIT');
    await db.query('ANALYZE tickets');
    log(`inserted ${rows.length} waiting tickets (${seedTag}: ${appointmentCount} appointments, ${rows.length - appointmentCount} walk-ins) for ${today}`);
    return { today, count: rows.length };
  });
}

// ---------------------------------------------------------------- 1. call-next throughput

/** Calls the API shed (503 OVERLOADED) in the closed-loop phases, retried after a second; reported. */
let shedCount = 0;

/** One desk: call-next, then start → complete (every `noShowEvery`-th call a no-show), until 204. */
async function deskWorker(base, agent, index, t0, sink, errors) {
  const call = httpClient(base, agent.token);
  let k = 0;
  for (;;) {
    const r = await call('POST', `/api/v1/counters/${agent.counter.id}/call-next`);
    if (r.status === 204) return;
    if (r.status === 503 && r.json?.error === 'OVERLOADED') {
      // Shed before any work (issue #19 §3): a desk console waits as told and calls again.
      shedCount++;
      await sleep(1000);
      continue;
    }
    if (r.status !== 200) {
      errors.push({ what: 'call-next', status: r.status, body: r.text.slice(0, 200) });
      if (errors.length > 50) throw new Error(`too many errors; last: ${r.status} ${r.text.slice(0, 200)}`);
      continue;
    }
    sink.push({ t: nsToMs(r.t1 - t0), ms: r.ms, ticketId: r.json.id, number: r.json.number, counterId: agent.counter.id, bodyCounterId: r.json.counterId ?? null });
    k++;
    const steps = opts.noShowEvery > 0 && (k + index) % opts.noShowEvery === 0 ? ['no-show'] : ['start', 'complete'];
    for (const step of steps) {
      let s = await call('POST', `/api/v1/tickets/${r.json.id}/${step}`);
      while (s.status === 503 && s.json?.error === 'OVERLOADED') {
        shedCount++;
        await sleep(1000);
        s = await call('POST', `/api/v1/tickets/${r.json.id}/${step}`);
      }
      if (s.status !== 200) errors.push({ what: step, status: s.status, body: s.text.slice(0, 200) });
    }
  }
}

/** `controlBase`: an API that lists and opens the counters (the yardstick serves the cycle's routes only). */
async function warmUp(base, adminToken, municipal, controlBase = base) {
  // JIT and pool warm-up on the other demo office, so the Extranjería queue and its history stay untouched.
  await insertWaitingTickets(municipal.id, 150, 'warm-up, municipal office', { appointments: false });
  const admin = httpClient(controlBase, adminToken);
  const counters = await expectOk(admin('GET', `/api/v1/offices/${municipal.id}/counters`), 'municipal counters');
  for (const c of counters) await expectOk(admin('POST', `/api/v1/counters/${c.id}/open`, {}), 'open municipal counter');
  const errors = [];
  const sink = [];
  const t0 = process.hrtime.bigint();
  await Promise.all(counters.map((c, i) => deskWorker(base, { token: adminToken, counter: c }, i, t0, sink, errors)));
  if (errors.length > 0) log(`warm-up errors: ${JSON.stringify(errors.slice(0, 3))}`);
  log(`warm-up done (${sink.length} calls on the municipal office)`);
}

/** Throughput runs so far (names the BENCH_PHASE_PROF files). */
let throughputRuns = 0;

async function throughputPhase(tpApis, setup) {
  const { office, agents } = setup;
  const api = tpApis[0];
  await insertWaitingTickets(office.id, opts.tickets, 'throughput');
  const samples = [];
  const errors = [];
  log(`throughput: ${agents.length} desks calling ${opts.tickets} waiting tickets on ${tpApis.length} instance(s)`);
  const dbStats = () =>
    withDb(async (db) => {
      const [row] = (
        await db.query(
          `SELECT (SELECT sum(idx_scan) FROM pg_stat_user_indexes WHERE relname = 'tickets' AND indexrelname LIKE 'PK_%')::bigint AS pk_scans,
                  xact_commit, xact_rollback FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows;
      return { pkScans: Number(row.pk_scans), commits: Number(row.xact_commit), rollbacks: Number(row.xact_rollback) };
    });
  const stats0 = await dbStats();
  const shed0 = shedCount;
  const profile = await phaseProfile(tpApis, `throughput-${++throughputRuns}`);
  const cpu0 = cpuSnapshot(tpApis);
  const t0 = process.hrtime.bigint();
  await Promise.all(agents.map((a, i) => deskWorker(tpApis[i % tpApis.length].base, a, i, t0, samples, errors)));
  const seconds = nsToMs(process.hrtime.bigint() - t0) / 1000;
  const cpu1 = cpuSnapshot(tpApis);
  await profile.stop();
  const used = cpuBetween(cpu0, cpu1);
  const cpu = Object.fromEntries(['api', 'postgres', 'bench'].map((k) => [k, used[k] / seconds]));
  const n = Math.max(1, samples.length);
  /** The server's side per cycle: user and system CPU (ms), read and write system calls. */
  const kernel = { userMs: (used.kernel.user * 1000) / n, systemMs: (used.kernel.system * 1000) / n, reads: used.kernel.reads / n, writes: used.kernel.writes / n };
  await sleep(1_500); // backends report their statistics about once a second
  const stats1 = await dbStats();
  const db = { pkScans: stats1.pkScans - stats0.pkScans, commits: stats1.commits - stats0.commits, rollbacks: stats1.rollbacks - stats0.rollbacks };
  log(`throughput: PostgreSQL per call: ${fmt(db.commits / Math.max(1, samples.length), 2)} commits (the whole server's), ${fmt(db.pkScans / Math.max(1, samples.length), 1)} primary-key lookups of tickets`);
  log(`throughput: ${samples.length} calls in ${seconds.toFixed(1)} s; CPU cores in use: API ${cpu.api.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, load generator ${cpu.bench.toFixed(2)}`);
  log(`throughput: server per cycle: user ${fmt(kernel.userMs, 2)} ms, system ${fmt(kernel.systemMs, 2)} ms, ${fmt(kernel.reads, 1)} read and ${fmt(kernel.writes, 1)} write system calls`);

  // A 204 while tickets still wait would be a bug of its own; sweep them with one desk and count them.
  const leftBefore = await withDb(async (db) => Number((await db.query(`SELECT count(*) FROM tickets WHERE office_id = $1 AND status = 'waiting'`, [office.id])).rows[0].count));
  if (leftBefore > 0) {
    log(`${leftBefore} tickets still waiting after every desk got 204: sweeping them`);
    await deskWorker(api.base, agents[0], 0, t0, [], errors);
  }

  // ---- duplicates: from the responses, then from the database
  const byTicket = new Map();
  for (const s of samples) byTicket.set(s.ticketId, (byTicket.get(s.ticketId) ?? 0) + 1);
  const responseDuplicates = [...byTicket.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
  const byNumber = new Map();
  for (const s of samples) byNumber.set(s.number, (byNumber.get(s.number) ?? 0) + 1);
  const numberDuplicates = [...byNumber.values()].filter((n) => n > 1).reduce((sum, n) => sum + n - 1, 0);
  const sql = await withDb(async (db) => {
    const eventDuplicates = Number(
      (await db.query(`SELECT coalesce(sum(n - 1), 0) AS d FROM (SELECT count(*) AS n FROM ticket_events WHERE office_id = $1 AND type = 'called' GROUP BY ticket_id) x`, [office.id])).rows[0].d,
    );
    const calledEvents = Number((await db.query(`SELECT count(*) FROM ticket_events WHERE office_id = $1 AND type = 'called'`, [office.id])).rows[0].count);
    const statuses = Object.fromEntries((await db.query(`SELECT status::text, count(*)::int AS n FROM tickets WHERE office_id = $1 GROUP BY 1`, [office.id])).rows.map((r) => [r.status, r.n]));
    // The counter that called each ticket (its 'called' event) against the counter whose call-next answered it.
    const events = (await db.query(`SELECT ticket_id, counter_id FROM ticket_events WHERE office_id = $1 AND type = 'called'`, [office.id])).rows;
    const eventCounter = new Map(events.map((e) => [e.ticket_id, e.counter_id]));
    const counterMismatch = samples.filter((s) => eventCounter.get(s.ticketId) !== s.counterId).length;
    return { eventDuplicates, calledEvents, statuses, counterMismatch };
  });
  const duplicates = responseDuplicates + numberDuplicates + sql.eventDuplicates + sql.counterMismatch;
  const shed = shedCount - shed0;
  if (shed > 0) log(`throughput: ${shed} requests shed (503 OVERLOADED) and retried a second later: the machine is too busy for these numbers to mean much`);
  const perCall = (cores) => (samples.length > 0 ? (cores * seconds * 1000) / samples.length : NaN);
  return {
    kind: api.kind ?? 'api',
    shed,
    seconds,
    cpu,
    cpuMsPerCall: perCall(cpu.api),
    kernel,
    pgMsPerCall: perCall(cpu.postgres),
    db,
    samples,
    errors,
    leftBefore,
    responseDuplicates,
    numberDuplicates,
    sql,
    duplicates,
    rate: samples.length / seconds,
    latency: summary(samples.map((s) => s.ms)),
  };
}

// ---------------------------------------------------------------- 1b. national load, open loop

/**
 * A national service: `nationalOffices` offices (copies of the Extranjería office, each with one
 * walk-in service and `nationalCounters` open counters, each with its own agent), made with SQL in
 * a few statements (through the API it would take minutes). The agents' tokens are signed here
 * with the benchmark's JWT_SECRET, as the API signs them (HS256, issuer turnero, sub/role/officeId).
 */
async function prepareNational(setup) {
  const { default: jwt } = await import('jsonwebtoken');
  const t0 = Date.now();
  const desks = await withDb(async (db) => {
    const template = setup.office.id;
    const [service] = (await db.query(`SELECT id FROM services WHERE office_id = $1 AND active AND mode::text <> 'appointment' ORDER BY code LIMIT 1`, [template])).rows;
    const [counter] = (await db.query(`SELECT id FROM counters WHERE office_id = $1 ORDER BY name LIMIT 1`, [template])).rows;
    const [agent] = (await db.query(`SELECT id FROM staff_users WHERE username = 'bench.agente01'`)).rows;
    // A copy of a row with some columns replaced, whatever the table's other columns are.
    const copy = (table, overrides) => `(jsonb_populate_record(NULL::${table}, to_jsonb(x) || ${overrides})).*`;
    await db.query('BEGIN');
    await db.query(`CREATE TEMP TABLE national_offices ON COMMIT DROP AS SELECT gen_random_uuid() AS id, g FROM generate_series(1, $1::int) g`, [opts.nationalOffices]);
    await db.query(
      `INSERT INTO offices SELECT ${copy('offices', `jsonb_build_object('id', n.id, 'name', 'Oficina nacional ' || n.g)`)} FROM offices x, national_offices n WHERE x.id = $1`,
      [template],
    );
    await db.query(`INSERT INTO services SELECT ${copy('services', `jsonb_build_object('id', gen_random_uuid(), 'office_id', n.id)`)} FROM services x, national_offices n WHERE x.id = $1`, [service.id]);
    await db.query(
      `INSERT INTO counters SELECT ${copy('counters', `jsonb_build_object('id', gen_random_uuid(), 'office_id', n.id, 'name', 'Módulo ' || k)`)}
         FROM counters x, national_offices n, generate_series(1, $2::int) k WHERE x.id = $1`,
      [counter.id, opts.nationalCounters],
    );
    await db.query(`INSERT INTO counter_services (counter_id, service_id) SELECT c.id, s.id FROM counters c JOIN national_offices n ON n.id = c.office_id JOIN services s ON s.office_id = c.office_id`);
    await db.query(
      `INSERT INTO staff_users SELECT ${copy('staff_users', `jsonb_build_object('id', gen_random_uuid(), 'username', 'nacional.' || c.id, 'office_id', c.office_id)`)}
         FROM staff_users x, counters c JOIN national_offices n ON n.id = c.office_id WHERE x.id = $1`,
      [agent.id],
    );
    await db.query(
      `INSERT INTO counter_sessions (counter_id, office_id, open, service_ids, agent_id, opened_at, closed_at)
       SELECT c.id, c.office_id, true, ARRAY[s.id], u.id, now(), NULL
         FROM counters c JOIN national_offices n ON n.id = c.office_id JOIN services s ON s.office_id = c.office_id
         JOIN staff_users u ON u.username = 'nacional.' || c.id`,
    );
    const rows = (
      await db.query(
        `SELECT c.id AS counter_id, c.office_id, u.id AS agent_id FROM counters c JOIN national_offices n ON n.id = c.office_id JOIN staff_users u ON u.username = 'nacional.' || c.id ORDER BY n.g, c.name`,
      )
    ).rows;
    await db.query('COMMIT');
    return rows;
  });
  const tokens = desks.map((d) => jwt.sign({ sub: d.agent_id, role: 'agent', officeId: d.office_id }, JWT_SECRET, { algorithm: 'HS256', issuer: 'turnero', expiresIn: 4 * 3600 }));
  log(`national: ${opts.nationalOffices} offices × ${opts.nationalCounters} counters (one agent each) made in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return { desks: desks.map((d, i) => ({ counterId: d.counter_id, officeId: d.office_id, token: tokens[i] })), officeIds: [...new Set(desks.map((d) => d.office_id))] };
}

/** `perOffice` waiting walk-ins in every national office (numbers continue per office; every 10th preferential). */
async function insertNationalTickets(officeIds, perOffice) {
  await withDb(async (db) => {
    const [{ time_zone: zone }] = (await db.query('SELECT time_zone FROM offices WHERE id = $1', [officeIds[0]])).rows;
    const today = localDateOf(opts.fakeNow, zone);
    const issueStart = new Date(Date.parse(opts.fakeNow) - 30 * 60_000);
    await db.query(
      `INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, tracking_code)
       SELECT s.office_id, s.id, 'walk_in', (base.n + k) % 10 = 3, s.code || '-' || lpad((base.n + k)::text, 3, '0'), base.n + k, $2::date, 'waiting',
              $3::timestamptz + (k * interval '20 seconds'), $3::timestamptz + (k * interval '20 seconds'), md5(random()::text || s.id::text || k) || md5(random()::text)
         FROM services s
         CROSS JOIN LATERAL (SELECT COALESCE(max(sequence), 0) AS n FROM tickets t WHERE t.office_id = s.office_id AND t.local_date = $2::date) base
         CROSS JOIN generate_series(1, $4::int) k
        WHERE s.office_id = ANY($1::uuid[])`,
      [officeIds, today, issueStart, perOffice],
    );
    await db.query('ANALYZE tickets');
  });
}

/**
 * A national morning, open loop: every counter calls once every `nationalIntervalS` seconds (500 ×
 * 10 counters every 100 s = 50 calls/s offered), each at its own phase of the interval, whatever
 * the server's speed. A call-next is followed by start and complete as a clerk would (not timed;
 * they are part of the load). Latency is from each call's scheduled time (bench/support/open-loop.mjs).
 */
async function nationalPhase(server, national) {
  const { openLoop, connectedPool } = await import('../support/open-loop.mjs');
  const { desks, officeIds } = national;
  const rate = desks.length / opts.nationalIntervalS;
  const count = Math.round(rate * opts.nationalSeconds);
  await insertNationalTickets(officeIds, opts.nationalWaiting);
  // Desks in an order that spreads each office's counters over the interval (office after office, counter after counter).
  const perOffice = opts.nationalCounters;
  const order = desks.map((_, i) => (i % opts.nationalOffices) * perOffice + Math.floor(i / opts.nationalOffices));
  const pool = await connectedPool(server.base, opts.nationalConnections, '/api/health');
  const samples = [];
  const errors = [];
  const followUps = [];
  let shed = 0;
  const ids = new Map();
  const cpu0 = cpuSnapshot([server]);
  const t0 = process.hrtime.bigint();
  const step = (desk, ticketId, action) =>
    pool
      .request({ method: 'POST', path: `/api/v1/tickets/${ticketId}/${action}`, headers: { authorization: `Bearer ${desk.token}` } })
      .then(async (r) => {
        const text = await r.body.text();
        if (r.statusCode !== 200) errors.push({ what: action, status: r.statusCode, body: text.slice(0, 200) });
      });
  await openLoop({
    pool,
    rate,
    count,
    readBody: true,
    make: (i) => {
      const desk = desks[order[i % desks.length]];
      return { method: 'POST', path: `/api/v1/counters/${desk.counterId}/call-next`, headers: { authorization: `Bearer ${desk.token}` } };
    },
    record: (sample) => {
      const desk = desks[order[sample.i % desks.length]];
      samples.push(sample);
      if (sample.status === 204) return;
      if (sample.status === 503) {
        shed++;
        return;
      }
      if (sample.status !== 200) {
        errors.push({ what: 'call-next', status: sample.status, body: String(sample.body ?? sample.error).slice(0, 200) });
        return;
      }
      const ticket = JSON.parse(sample.body);
      ids.set(ticket.id, (ids.get(ticket.id) ?? 0) + 1);
      followUps.push(step(desk, ticket.id, 'start').then(() => step(desk, ticket.id, 'complete')));
    },
  });
  await Promise.all(followUps);
  const seconds = nsToMs(process.hrtime.bigint() - t0) / 1000;
  const cpu1 = cpuSnapshot([server]);
  await pool.close();
  const called = samples.filter((s) => s.status === 200).length;
  const used = cpuBetween(cpu0, cpu1);
  const cpuPerCall = (key) => (used[key] * 1000) / Math.max(1, called);
  const run = {
    kind: server.kind,
    offered: rate,
    count,
    seconds,
    called,
    empty: samples.filter((s) => s.status === 204).length,
    shed,
    errors,
    duplicates: [...ids.values()].filter((n) => n > 1).length,
    latency: summary(samples.filter((s) => s.status === 200 || s.status === 204).map((s) => s.latency)),
    cpuCores: { server: used.api / seconds, postgres: used.postgres / seconds, bench: used.bench / seconds },
    cpuMsPerCall: cpuPerCall('api'),
    pgMsPerCall: cpuPerCall('postgres'),
  };
  log(
    `national (${server.kind}): ${count} calls offered at ${fmt(rate)}/s, ${run.called} called, ${run.empty} empty, ${errors.length} errors; ` +
      `call-next p50 ${fmt(run.latency.p50)} / p95 ${fmt(run.latency.p95)} / p99 ${fmt(run.latency.p99)} ms; server CPU ${fmt(run.cpuMsPerCall, 2)} ms per cycle (${fmt(run.cpuCores.server, 2)} cores), PostgreSQL ${fmt(run.pgMsPerCall, 2)} ms`,
  );
  return run;
}

// ---------------------------------------------------------------- 2. fan-out

function forkClients(n) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const child = fork(join(here, 'display-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    procs.push(child);
  }
  return procs;
}

function nextMessage(child, type) {
  return new Promise((resolveMessage, rejectMessage) => {
    const onMessage = (m) => {
      if (m.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveMessage(m);
      }
    };
    const onExit = (code) => {
      child.off('message', onMessage);
      rejectMessage(new Error(`a client process exited (${code}) while waiting for '${type}'`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * One fan-out scenario: `clients` screens spread over `screenApis` (alternately) and `clientProcs`
 * processes; calls made one at a time on `callApi` by one desk; each ticket then marked no-show.
 */
async function fanoutScenario(label, { clients, screenApis, callApi, agent, officeId, calls = opts.calls, warmCalls = opts.warmCalls, quiet = false }) {
  const procCount = Math.max(1, Math.min(opts.clientProcs, Math.ceil(clients / 250)));
  // Before: after a forced GC (so the raw "after" below counts the sockets and the handshakes' garbage).
  const gcBefore = quiet ? [] : await Promise.all(screenApis.map(memoryAfterGc));
  const rssBefore = quiet ? screenApis.map((a) => rssMiB(a.pid)) : gcBefore.map((m) => m.rss);
  const procs = forkClients(procCount);
  const shares = procs.map((_, i) => Math.floor(clients / procCount) + (i < clients % procCount ? 1 : 0));
  const t0 = process.hrtime.bigint();
  const ready = await Promise.all(
    procs.map((child, i) => {
      const r = nextMessage(child, 'ready');
      // Each process alternates its screens between the instances, so half of every share is on each.
      child.send({ type: 'connect', urls: screenApis.map((a) => a.base), officeId, count: shares[i], concurrency: Math.ceil(opts.connectConcurrency / procCount) });
      return r;
    }),
  );
  const connectSeconds = nsToMs(process.hrtime.bigint() - t0) / 1000;
  const connected = ready.reduce((n, r) => n + r.connected, 0);
  const failed = ready.reduce((n, r) => n + r.failed, 0);
  if (!quiet) log(`${label}: ${connected} screens connected in ${connectSeconds.toFixed(1)} s${failed ? `, ${failed} refused ${JSON.stringify(ready.map((r) => r.errors))}` : ''}`);
  await sleep(2_000); // let the handshakes' garbage settle before reading RSS
  const rssAfter = screenApis.map((a) => rssMiB(a.pid));
  const gcAfter = quiet ? [] : await Promise.all(screenApis.map(memoryAfterGc));

  // Every child's report of one number: 'got' when its screens all have it, or on flush at the timeout.
  const gotWaiters = new Map();
  const reports = new Map();
  for (const [i, child] of procs.entries()) {
    child.on('message', (m) => {
      if (m.type !== 'got') return;
      const perNumber = reports.get(m.number) ?? new Map();
      reports.set(m.number, perNumber);
      if (!perNumber.has(i)) perNumber.set(i, m);
      if (perNumber.size === procs.length) gotWaiters.get(m.number)?.();
    });
  }
  const awaitAll = (number) =>
    new Promise((resolveAll) => {
      if (reports.get(number)?.size === procs.length) return resolveAll(reports.get(number));
      const timer = setTimeout(() => {
        for (const child of procs) child.send({ type: 'flush', number });
      }, opts.receiptTimeoutMs);
      gotWaiters.set(number, () => {
        clearTimeout(timer);
        gotWaiters.delete(number);
        resolveAll(reports.get(number));
      });
    });

  const desk = httpClient(callApi.base, agent.token);
  const results = [];
  let missed = 0;
  let errors = 0;
  for (let i = 0; i < warmCalls + calls; i++) {
    let r = await desk('POST', `/api/v1/counters/${agent.counter.id}/call-next`);
    while (r.status === 503 && r.json?.error === 'OVERLOADED') {
      // Shed (the handshakes' garbage can hold the event loop past the API's limit): as a desk console, wait and call again.
      shedCount++;
      await sleep(1000);
      r = await desk('POST', `/api/v1/counters/${agent.counter.id}/call-next`);
    }
    if (r.status !== 200) throw new Error(`${label}: call-next answered ${r.status} ${r.text.slice(0, 200)}`);
    const perChild = await awaitAll(r.json.number);
    const received = [...perChild.values()].reduce((n, m) => n + m.count, 0);
    const lastNs = [...perChild.values()].filter((m) => m.count > 0).reduce((max, m) => (BigInt(m.maxNs) > max ? BigInt(m.maxNs) : max), 0n);
    const firstNs = [...perChild.values()].filter((m) => m.count > 0).reduce((min, m) => (min === 0n || BigInt(m.minNs) < min ? BigInt(m.minNs) : min), 0n);
    let s = await desk('POST', `/api/v1/tickets/${r.json.id}/no-show`);
    while (s.status === 503 && s.json?.error === 'OVERLOADED') {
      shedCount++;
      await sleep(1000);
      s = await desk('POST', `/api/v1/tickets/${r.json.id}/no-show`);
    }
    if (s.status !== 200) errors++;
    if (i < warmCalls) continue;
    missed += connected - received;
    results.push({
      number: r.json.number,
      callMs: r.ms,
      // From the call-next response (fully read) to the last screen's receipt; negative when every
      // screen had it before the HTTP answer arrived (the server emits before it answers).
      lastAfterResponse: lastNs > 0n ? nsToMs(lastNs - r.t1) : NaN,
      lastAfterRequest: lastNs > 0n ? nsToMs(lastNs - r.t0) : NaN,
      firstAfterRequest: firstNs > 0n ? nsToMs(firstNs - r.t0) : NaN,
      received,
    });
  }
  for (const child of procs) child.send({ type: 'close' });
  await Promise.all(procs.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));
  await sleep(500);
  const rssDisconnected = screenApis.map((a) => rssMiB(a.pid));
  const rssDelta = rssAfter.reduce((sum, v, i) => sum + v - rssBefore[i], 0);
  const out = {
    label,
    clients,
    connected,
    failed,
    procCount,
    instances: screenApis.length,
    connectSeconds,
    rssBefore,
    rssAfter,
    rssDisconnected,
    mibPer1000: connected > 0 ? (rssDelta / connected) * 1000 : NaN,
    gcBefore,
    gcAfter,
    gcRssPer1000: connected > 0 && gcAfter.length ? (gcAfter.reduce((sum, m, i) => sum + m.rss - gcBefore[i].rss, 0) / connected) * 1000 : NaN,
    heapPer1000: connected > 0 && gcAfter.length ? (gcAfter.reduce((sum, m, i) => sum + m.heapUsed + m.external - gcBefore[i].heapUsed - gcBefore[i].external, 0) / connected) * 1000 : NaN,
    results,
    missed,
    errors,
    afterResponse: summary(results.map((r) => r.lastAfterResponse).filter(Number.isFinite)),
    afterRequest: summary(results.map((r) => r.lastAfterRequest).filter(Number.isFinite)),
    firstAfterRequest: summary(results.map((r) => r.firstAfterRequest).filter(Number.isFinite)),
    call: summary(results.map((r) => r.callMs)),
    target: TARGETS.fanoutP99[clients] ?? null,
  };
  if (!quiet) log(
    `${label}: last screen after the response p50 ${fmt(out.afterResponse.p50)} / p99 ${fmt(out.afterResponse.p99)} ms; ` +
      `after the request p50 ${fmt(out.afterRequest.p50)} / p99 ${fmt(out.afterRequest.p99)} ms; call-next p50 ${fmt(out.call.p50)} ms; ` +
      `RSS per 1,000 sockets ${fmt(out.mibPer1000)} MiB (after a forced GC ${fmt(out.gcRssPer1000)} MiB, V8 heap + external ${fmt(out.heapPer1000)} MiB); missed ${missed}`,
  );
  return out;
}

// ---------------------------------------------------------------- report

function svgPlot(scenarios) {
  const W = 900;
  const H = 470;
  const left = 64;
  const right = 20;
  const top = 72;
  const h = 340;
  const plotW = W - left - right;
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
  const calls = Math.max(1, ...scenarios.map((s) => s.results.length));
  const maxV = Math.max(320, ...scenarios.flatMap((s) => s.results.map((r) => r.lastAfterRequest)).filter(Number.isFinite));
  const yMax = niceCeil(maxV);
  const x = (i) => left + ((i + 0.5) / calls) * plotW;
  const y = (v) => top + h - (Math.max(0, v) / yMax) * h;
  const esc = (s) => String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="22" font-size="15" font-weight="bold">${esc('ticket.called fan-out: call-next request sent → last screen’s receipt, per call (ms; stricter than the targets’ response → last)')}</text>`);
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  for (const [v, label] of [
    [TARGETS.fanoutP99[1000], 'p99 target, 1,000 screens'],
    [TARGETS.fanoutP99[5000], 'p99 target, 5,000 screens'],
  ]) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#555" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${W - right - 4}" y="${y(v) - 4}" text-anchor="end" fill="#555">${label} (${v} ms)</text>`);
  }
  scenarios.forEach((s, k) => {
    const color = colors[k % colors.length];
    const d = s.results
      .map((r, i) => (Number.isFinite(r.lastAfterRequest) ? `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(r.lastAfterRequest).toFixed(1)}` : ''))
      .join(' ');
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"/>`);
    const lx = left + 10 + (k % 2) * 400;
    const ly = 38 + Math.floor(k / 2) * 15;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="3"/><text x="${lx + 28}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${h}" fill="none" stroke="#999"/>`);
  const step = niceCeil(calls / 10);
  for (let i = 0; i <= calls; i += step) {
    const px = left + (i / calls) * plotW;
    parts.push(`<line x1="${px}" x2="${px}" y1="${top + h}" y2="${top + h + 4}" stroke="#999"/><text x="${px}" y="${top + h + 17}" text-anchor="middle">${i}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${H - 30}" text-anchor="middle">call (one at a time, after ${opts.warmCalls} warm-up calls)</text>`);
  parts.push(`<text x="14" y="${top + h / 2}" transform="rotate(-90 14 ${top + h / 2})" text-anchor="middle">ms</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function report(tp, scenarios) {
  const meets = (ok) => (ok ? 'met' : '**missed**');
  const lines = [`### Queue — ${new Date().toISOString()}`, ''];
  lines.push(
    `Machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ` +
      `FAKE_NOW ${opts.fakeNow}; pool ${opts.poolSize}; API ${apiRoot === root ? 'this checkout' : apiRoot}; ` +
      `1-min load average at start ${fmt(loadAtStart, 2)}, at end ${fmt(loadavg()[0], 2)} (anything else running on the machine skews every number).`,
    '',
  );
  if (tp) {
    const statusText = Object.entries(tp.sql.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    lines.push(
      `**Call-next throughput**: ${opts.counters} counters on ${opts.throughputInstances > 1 ? `${opts.throughputInstances} API instances (with Redis)` : 'one API instance'}, ${opts.tickets} waiting tickets, one worker per counter looping call-next → start → complete ` +
        `(every ${opts.noShowEvery}th a no-show) until 204; ${tp.samples.length} calls in ${tp.seconds.toFixed(1)} s.`,
      '',
      '| measure | result | target | |',
      '| --- | ---: | ---: | --- |',
      `| calls/s | ${fmt(tp.rate, 0)} | ≥ ${TARGETS.callsPerSecond} | ${meets(tp.rate >= TARGETS.callsPerSecond)} |`,
      `| call-next p50 / p95 / p99 / max (ms) | ${fmt(tp.latency.p50)} / ${fmt(tp.latency.p95)} / ${fmt(tp.latency.p99)} / ${fmt(tp.latency.max)} | p99 < ${TARGETS.callP99} | ${meets(tp.latency.p99 < TARGETS.callP99)} |`,
      `| duplicates (responses: same ticket ${tp.responseDuplicates}, same number ${tp.numberDuplicates}; SQL: 'called' events per ticket ${tp.sql.eventDuplicates}, counter ≠ answering counter ${tp.sql.counterMismatch}) | ${tp.duplicates} | 0 | ${meets(tp.duplicates === 0)} |`,
      '',
      `HTTP requests/s, all three kinds: ${fmt((tp.samples.length * (3 - 1 / Math.max(opts.noShowEvery, 1)) + opts.counters) / tp.seconds, 0)}. ` +
        `CPU in use during the phase (cores, of ${cpus().length}): API ${fmt(tp.cpu.api, 2)}, PostgreSQL ${fmt(tp.cpu.postgres, 2)}, load generator ${fmt(tp.cpu.bench, 2)}. ` +
        `PostgreSQL during the phase: ${tp.db.commits} commits, ${tp.db.rollbacks} rollbacks, ${fmt(tp.db.pkScans / tp.samples.length)} primary-key lookups of tickets per call ` +
        `(${fmt(3 + 6 * (1 - 1 / Math.max(opts.noShowEvery, 1)) + 3 / Math.max(opts.noShowEvery, 1))} without contention: lock or claim, update and re-read in call-next and in each following step; the rest are SKIP LOCKED claims that lost a race). ` +
        `After the run: ${statusText}; 'called' events ${tp.sql.calledEvents}; waiting when every desk had its 204: ${tp.leftBefore}; errors: ${tp.errors.length}${tp.errors.length ? ` (${JSON.stringify(tp.errors.slice(0, 3))})` : ''}.`,
      '',
    );
  }
  if (scenarios.length > 0) {
    lines.push(
      `**Fan-out**: ${opts.calls} calls one at a time (after ${opts.warmCalls} warm-up calls), each ticket then marked no-show; screens are socket.io-client ` +
        'sockets (websocket only) on /display of the office, in child processes on the same machine. "Response → last" is what the target measures; ' +
        '"request → last" adds the call itself (the server emits before it answers, so the first can be ~0 or negative).',
      '',
      '| screens | API instances | response → last screen p50 / p99 (ms) | request → last p50 / p99 (ms) | request → first p50 (ms) | call-next p50 / p99 (ms) | target (p99) | | missed receipts | connect (s) | per 1,000 sockets (MiB): RSS / RSS after GC / heap after GC |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
      ...scenarios.map(
        (s) =>
          `| ${s.connected.toLocaleString('en')} | ${s.instances} | ${fmt(s.afterResponse.p50)} / ${fmt(s.afterResponse.p99)} | ${fmt(s.afterRequest.p50)} / ${fmt(s.afterRequest.p99)} | ${fmt(s.firstAfterRequest.p50)} | ${fmt(s.call.p50)} / ${fmt(s.call.p99)} | ` +
          `${s.target ? `< ${s.target}` : '–'} | ${s.target ? meets(s.afterResponse.p99 < s.target && s.missed === 0) : ''} | ${s.missed} | ${fmt(s.connectSeconds)} | ${fmt(s.mibPer1000)} / ${fmt(s.gcRssPer1000)} / ${fmt(s.heapPer1000)} |`,
      ),
      '',
      `RSS (MiB) before → connected → after disconnect: ${scenarios.map((s) => `${s.label}: ${s.rssBefore.map((b, i) => `${fmt(b, 0)} → ${fmt(s.rssAfter[i], 0)} → ${fmt(s.rssDisconnected[i], 0)}`).join(' and ')}`).join('; ')}.`,
    );
  }
  return lines.join('\n');
}

/** The throughput phase per server, in run order, and the API/yardstick ratios of their medians. */
function compareReport(runs) {
  if (runs.length < 2 && !runs.some((r) => r.kind === 'bare')) return '';
  const lines = [
    `**Call-next throughput, API and yardstick (bench/queue/bare/) alternated** (${opts.counters} desks, ${opts.tickets} waiting tickets per run, closed loop; CPU per cycle = the server process's CPU time / calls):`,
    '',
    '| run | server | calls/s | call-next p50 / p99 (ms) | server CPU per cycle (ms) | PostgreSQL CPU per cycle (ms) | errors | shed (503) |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...runs.map(
      (r, i) =>
        `| ${i + 1} | ${r.kind} | ${fmt(r.rate, 0)} | ${fmt(r.latency.p50)} / ${fmt(r.latency.p99)} | ${fmt(r.cpuMsPerCall, 2)} | ${fmt(r.pgMsPerCall, 2)} | ${r.errors.length} | ${r.shed} |`,
    ),
  ];
  const median = (values) => {
    const sorted = [...values].sort((x, y) => x - y);
    const m = sorted.length >> 1;
    return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  };
  const api = runs.filter((r) => r.kind === 'api');
  const bare = runs.filter((r) => r.kind === 'bare');
  if (api.length && bare.length) {
    const m = (list, f) => median(list.map(f));
    const ratio = m(api, (r) => r.rate) / m(bare, (r) => r.rate);
    lines.push(
      '',
      `Medians: API ${fmt(m(api, (r) => r.rate), 0)} calls/s, p99 ${fmt(m(api, (r) => r.latency.p99))} ms, ${fmt(m(api, (r) => r.cpuMsPerCall), 2)} ms CPU per cycle; ` +
        `yardstick ${fmt(m(bare, (r) => r.rate), 0)} calls/s, p99 ${fmt(m(bare, (r) => r.latency.p99))} ms, ${fmt(m(bare, (r) => r.cpuMsPerCall), 2)} ms CPU per cycle. ` +
        `**Throughput API/yardstick ${fmt(ratio, 2)}×** (target ≥ ${TARGETS.ratioToBare}×: ${ratio >= TARGETS.ratioToBare ? 'met' : '**missed**'}); ` +
        `CPU per cycle API/yardstick ${fmt(m(api, (r) => r.cpuMsPerCall) / m(bare, (r) => r.cpuMsPerCall), 2)}×.`,
    );
  }
  return lines.join('\n');
}

function nationalReport(runs) {
  if (runs.length === 0) return '';
  return [
    `**National load, open loop**: ${opts.nationalOffices} offices × ${opts.nationalCounters} counters, one call-next per counter every ${opts.nationalIntervalS} s ` +
      `(${fmt((opts.nationalOffices * opts.nationalCounters) / opts.nationalIntervalS)} calls/s offered) for ${opts.nationalSeconds} s, each followed by start and complete; ` +
      `latency from each call's scheduled time; ${opts.nationalWaiting} waiting walk-ins added per office per run.`,
    '',
    '| run | server | calls (called / empty / shed) | call-next p50 / p95 / p99 / max (ms) | target p99 | | server CPU per cycle (ms) | cores: server / PostgreSQL / load generator | errors |',
    '| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...runs.map(
      (r, i) =>
        `| ${i + 1} | ${r.kind} | ${r.count} (${r.called} / ${r.empty} / ${r.shed}) | ${fmt(r.latency.p50)} / ${fmt(r.latency.p95)} / ${fmt(r.latency.p99)} / ${fmt(r.latency.max)} | < ${TARGETS.nationalP99} | ` +
        `${r.latency.p99 < TARGETS.nationalP99 ? 'met' : '**missed**'} | ${fmt(r.cpuMsPerCall, 2)} | ${fmt(r.cpuCores.server, 2)} / ${fmt(r.cpuCores.postgres, 2)} / ${fmt(r.cpuCores.bench, 2)} | ${r.errors.length} |`,
    ),
  ].join('\n');
}

// ---------------------------------------------------------------- main

const loadAtStart = loadavg()[0];

async function main() {
  if (loadAtStart > 0.7) log(`warning: 1-min load average is ${loadAtStart.toFixed(2)} before the run; other work on the machine will skew the numbers`);
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/main.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  log(`created database ${opts.database}`);

  const twoForThroughput = opts.throughputInstances > 1 && opts.phases.includes('throughput');
  let a = await startApi('A', { redis: twoForThroughput });
  const setup = await prepareOffice(a.base);
  log(`office ready: ${setup.counters.length} counters open, ${setup.agents.length} agents logged in`);
  await warmUp(a.base, setup.adminToken, setup.municipal);

  let tp = null;
  const tpRuns = [];
  let bare = null;
  /** The yardstick, started and warmed on first use (the municipal office's counters, as the API's warm-up). */
  const theBare = async () => {
    if (bare) return bare;
    bare = await startBare();
    await warmUp(bare.base, setup.adminToken, setup.municipal, a.base);
    return bare;
  };
  if (opts.phases.includes('throughput')) {
    for (const [k, kind] of opts.servers.entries()) {
      if (kind !== 'api' && kind !== 'bare') throw new Error(`BENCH_SERVERS: unknown server ${kind} (api or bare)`);
      const tpApis = kind === 'bare' ? [await theBare()] : [a];
      if (kind === 'api' && twoForThroughput) {
        const b = apis.find((x) => x.name === 'B') ?? (await startApi('B', { redis: true }));
        if (k === opts.servers.indexOf('api')) await warmUp(b.base, setup.adminToken, setup.municipal);
        tpApis.push(b);
      }
      log(`throughput run ${k + 1}/${opts.servers.length}: ${kind}`);
      const run = await throughputPhase(tpApis, setup);
      tpRuns.push(run);
      log(`throughput run ${k + 1} (${kind}): ${fmt(run.rate, 0)} calls/s, call-next p50 ${fmt(run.latency.p50)} / p99 ${fmt(run.latency.p99)} ms, server CPU ${fmt(run.cpuMsPerCall, 2)} ms per cycle, PostgreSQL ${fmt(run.pgMsPerCall, 2)} ms`);
    }
    tp = tpRuns.find((r) => r.kind === 'api') ?? tpRuns[0];
  }

  const nationalRuns = [];
  if (opts.phases.includes('national')) {
    const national = await prepareNational(setup);
    for (const [k, kind] of opts.nationalServers.entries()) {
      const server = kind === 'bare' ? await theBare() : a;
      log(`national run ${k + 1}/${opts.nationalServers.length}: ${kind}`);
      nationalRuns.push(await nationalPhase(server, national));
    }
  }
  if (bare) await stopApi(bare);

  const scenarios = [];
  const fanoutPhases = opts.phases.filter((p) => p === 'fanout' || p === 'fanout2');
  if (fanoutPhases.length > 0) {
    const needed = (opts.calls + opts.warmCalls) * opts.clients.length * fanoutPhases.length + 6 * 2 * fanoutPhases.length + 20;
    await insertWaitingTickets(setup.office.id, needed, 'fan-out', { appointments: false });
    const agent = setup.agents[0];
    const officeId = setup.office.id;
    /**
     * Fresh instances for each fan-out phase, so that RSS before/after compares like with like (the
     * throughput phase leaves a grown heap behind), warmed by 200 screens and a few calls.
     */
    const freshInstances = async (redis, names) => {
      for (const api of [...apis]) await stopApi(api);
      const started = [];
      for (const name of names) started.push(await startApi(name, { redis }));
      await fanoutScenario('warm-up', { clients: 200, screenApis: started, callApi: started[0], agent, officeId, calls: 3, warmCalls: 3, quiet: true });
      return started;
    };
    if (opts.phases.includes('fanout')) {
      [a] = await freshInstances(false, ['A']);
      for (const clients of opts.clients) {
        scenarios.push(await fanoutScenario(`${clients} screens, 1 instance`, { clients, screenApis: [a], callApi: a, agent, officeId }));
      }
    }
    if (opts.phases.includes('fanout2')) {
      // Two instances sharing the database and Redis; the calls are made on A.
      const [a2, b2] = await freshInstances(true, ['A', 'B']);
      for (const clients of opts.clients) {
        scenarios.push(await fanoutScenario(`${clients} screens, 2 instances + Redis`, { clients, screenApis: [a2, b2], callApi: a2, agent, officeId }));
      }
    }
  }

  if (shedCount > 0) log(`${shedCount} requests in all were shed (503 OVERLOADED) and retried a second later`);
  const markdown = [report(tp, scenarios), compareReport(tpRuns), nationalReport(nationalRuns)].filter(Boolean).join('\n\n');
  console.log(markdown);
  if (opts.svg && scenarios.length > 0) {
    mkdirSync(dirname(opts.svg), { recursive: true });
    writeFileSync(opts.svg, svgPlot(scenarios));
    log(`plot written to ${opts.svg}`);
  }
  if (opts.json) {
    const strip = (r) => ({ ...r, samples: undefined });
    writeFileSync(opts.json, JSON.stringify({ opts, tp: tp && strip(tp), tpRuns: tpRuns.map(strip), nationalRuns: nationalRuns.map(strip), scenarios }, null, 2));
  }

  const failures = [];
  for (const run of tpRuns) {
    if (run.duplicates > 0) failures.push(`DUPLICATES (${run.kind}): ${run.duplicates}`);
    if (run.errors.length > 0) failures.push(`${run.errors.length} unexpected answers in the throughput phase (${run.kind})`);
    const left = run.sql.statuses.waiting ?? 0;
    if (left > 0) failures.push(`${left} tickets still waiting at the end (${run.kind})`);
  }
  for (const run of nationalRuns) {
    if (run.errors.length > 0) failures.push(`${run.errors.length} unexpected answers in the national phase (${run.kind}): ${JSON.stringify(run.errors.slice(0, 3))}`);
    if (run.duplicates > 0) failures.push(`DUPLICATES in the national phase (${run.kind}): ${run.duplicates}`);
  }
  for (const s of scenarios) {
    if (s.missed > 0) failures.push(`${s.label}: ${s.missed} receipts missed`);
    if (s.failed > 0) failures.push(`${s.label}: ${s.failed} screens refused`);
  }
  return failures;
}

let exitCode = 0;
const watchdog = setTimeout(() => {
  log(`FAILED: still running after ${opts.deadlineSeconds} s (BENCH_DEADLINE_S): stopping`);
  cleanup().finally(() => process.exit(3));
}, opts.deadlineSeconds * 1000);
try {
  const failures = await main();
  if (failures.length > 0) {
    log(`FAILED: ${failures.join('; ')}`);
    exitCode = 1;
  }
} catch (error) {
  log('FAILED:', error?.stack ?? error);
  exitCode = 2;
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
process.exit(exitCode);
