#!/usr/bin/env node
// Booking rush, overload phase (issue #19 §3): offered three times what one instance sustains, an
// instance must shed what it cannot answer in time (503 OVERLOADED, Retry-After) instead of queueing
// it, and be back to full service within 2 s once the load drops.
//
//   BENCH_PHASES=overload node bench/booking-rush/run.mjs      (settings: README.md in this folder)
//
// 1. Calibration, on a fresh database and API with shedding off: after a warm-up on the municipal
//    office, BENCH_OL_CAL_CONNECTIONS connections send the rush's mix (bookings of distinct
//    applicants and 7-day availability reads, BENCH_OL_BOOKING_SHARE bookings) as fast as answered
//    for BENCH_OL_CAL_S seconds: the answers per second are what one instance sustains, C
//    (or BENCH_OL_CAPACITY, to skip it).
// 2. For each entry of BENCH_OL_RUNS (default `on,off`: LOAD_SHED=true / false), a fresh database and
//    API, the same warm-up, then the same mix open loop (request i at its scheduled time whatever the
//    API does, latency from that time): BENCH_OL_FACTOR × C (default 3) for BENCH_OL_OVER_S seconds
//    (20), then BENCH_OL_AFTER × C (0.5) for BENCH_OL_AFTER_S (10). A request not answered within
//    BENCH_OL_TIMEOUT_S (10) counts as given up (people reload). Shed requests are not retried here:
//    the offered load stays what it is.
// 3. Per second of the schedule: answered (non-503) p99, shed share, answered per second, the API's
//    RSS; after the run, the rush's SQL checks (no slot over its seats, no day over its cap, the
//    ledger equal to the bookings), 5xx other than 503 OVERLOADED, and the time to full service after
//    the drop: the first second after it with nothing shed and answered p99 under the target.
// 4. Prints both runs side by side and writes docs/booking-rush-overload.svg.
import { execFile, execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { Pool } from 'undici';
import { adminQuery, cleanUpOnSignals, databaseUrlOf, fmt, freePort, getJson, localDateOf, logger, percentile, quoteIdent, summary, tail, waitHealthy } from '../support/common.mjs';
import { addDays, applicantFactory, cpuSnapshot, cpuSpent, prepareBodies, rng } from './shared.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));
const num = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number(env[name]));

const opts = {
  runs: (env.BENCH_OL_RUNS ?? 'on,off').split(',').map((s) => s.trim()).filter(Boolean),
  capacity: int('BENCH_OL_CAPACITY', 0),
  calConnections: int('BENCH_OL_CAL_CONNECTIONS', 64),
  calSeconds: int('BENCH_OL_CAL_S', 6),
  factor: num('BENCH_OL_FACTOR', 3),
  overSeconds: int('BENCH_OL_OVER_S', 20),
  after: num('BENCH_OL_AFTER', 0.5),
  afterSeconds: int('BENCH_OL_AFTER_S', 10),
  timeoutSeconds: int('BENCH_OL_TIMEOUT_S', 10),
  bookingShare: num('BENCH_OL_BOOKING_SHARE', 800 / 2300),
  connections: int('BENCH_CONNECTIONS', 200),
  readers: int('BENCH_READERS', 100),
  poolSize: int('BENCH_POOL_SIZE', 20),
  targetP99: int('BENCH_OL_P99_MS', 250),
  horizonDays: 30,
  fakeNow: env.BENCH_FAKE_NOW ?? '2026-12-01T08:00:00-03:00',
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_bench_overload',
  svg: resolve(root, env.BENCH_SVG ?? 'docs/booking-rush-overload.svg'),
  json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
  seed: int('BENCH_SEED', 20261201),
  build: env.BENCH_BUILD === '1',
  idempotencyKeys: env.BENCH_IDEMPOTENCY !== '0',
  // How the generator sends: `dispatch` (undici's dispatcher with a bare handler: no stream per
  // answer, and the moment each request is written is known) or `request` (undici's request(), a
  // readable body per answer, as before).
  client: env.BENCH_OL_CLIENT ?? 'dispatch',
  // `API_CPUS:GENERATOR_CPUS` (taskset lists, e.g. `0:1`): the API and this generator on separate cores.
  pin: env.BENCH_OL_PIN ?? '',
  // bench/support/api-probe.mjs in the API: its loop's utilisation and requests in flight per 250 ms.
  probe: env.BENCH_OL_PROBE !== '0',
};
if (!['dispatch', 'request'].includes(opts.client)) throw new Error(`BENCH_OL_CLIENT: dispatch or request, not ${opts.client}`);
const [apiCpus, generatorCpus] = opts.pin ? opts.pin.split(':') : [];
if (opts.pin && !(apiCpus && generatorCpus)) throw new Error(`BENCH_OL_PIN: API_CPUS:GENERATOR_CPUS (e.g. 0:1), not ${opts.pin}`);
// A run is `on` or `off`, optionally with the API's settings for it: `on+LOAD_SHED_MAX_IN_FLIGHT=64+LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS=0`.
const runSpecs = opts.runs.map((entry) => {
  const [mode, ...settings] = entry.split('+');
  if (!['on', 'off'].includes(mode)) throw new Error(`BENCH_OL_RUNS: each run is on or off (+VARIABLE=value…), not ${entry}`);
  const apiEnv = {};
  for (const setting of settings) {
    const [name, value] = setting.split('=');
    if (!/^LOAD_SHED_[A-Z_]+$/.test(name) || value === undefined) throw new Error(`BENCH_OL_RUNS: ${setting} is not LOAD_SHED_…=value`);
    apiEnv[name] = value;
  }
  return { label: entry, mode, apiEnv };
});

const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const MUNICIPAL = 'Municipalidad de La Serena – Atención Ciudadana';
const log = logger('booking-rush/overload');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- lifecycle (always cleaned up)

let api = null;
let dbCreated = false;
let cleaning = null;

async function stopApi() {
  const one = api;
  api = null;
  if (!one || one.proc.exitCode !== null || one.proc.signalCode !== null) return;
  one.proc.kill('SIGTERM');
  if ((await Promise.race([one.exited, sleep(15_000).then(() => 'timeout')])) === 'timeout') {
    log('the API did not stop on SIGTERM within 15 s: SIGKILL');
    one.proc.kill('SIGKILL');
    await one.exited;
  }
}

async function dropDatabase() {
  if (!dbCreated) return;
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  dbCreated = false;
}

function cleanup() {
  cleaning ??= (async () => {
    try {
      await stopApi();
    } catch (error) {
      log('stopping the API failed:', error);
    }
    try {
      await dropDatabase();
    } catch (error) {
      log('dropping the database failed:', error.message);
    }
  })();
  return cleaning;
}

cleanUpOnSignals(cleanup, log);

async function startApi(loadShed, apiEnv = {}) {
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  const port = await freePort();
  const logFile = join(tmpdir(), `booking-rush-overload-api-${process.pid}-${port}.log`);
  const childEnv = {
    ...env,
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrlOf(opts.adminUrl, opts.database),
    DATABASE_POOL_SIZE: String(opts.poolSize),
    PORT: String(port),
    HOST: '127.0.0.1',
    FAKE_NOW: opts.fakeNow,
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    LOAD_SHED: String(loadShed),
    REDIS_URL: '',
    ...apiEnv,
  };
  delete childEnv.LOAD_SHED_DRILL;
  const probeFile = opts.probe ? join(tmpdir(), `booking-rush-overload-probe-${process.pid}-${port}.jsonl`) : null;
  const nodeArgs = [];
  if (probeFile) {
    childEnv.BENCH_PROBE_FILE = probeFile;
    nodeArgs.push('--import', pathToFileURL(join(root, 'bench/support/api-probe.mjs')).href);
  }
  const out = createWriteStream(logFile);
  const args = [...nodeArgs, join(apiRoot, 'dist/apps/api/main.js')];
  // taskset execs node, so the child's pid is the API's.
  const proc = apiCpus
    ? spawn('taskset', ['-c', apiCpus, process.execPath, ...args], { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  api = { proc, pid: proc.pid, exited: once(proc, 'exit'), base: `http://127.0.0.1:${port}`, port, logFile, probeFile };
  await waitHealthy(proc, api.base, logFile);
  return api;
}

function rssOf(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line.split(/\s+/)[1]) / 1024; // MiB
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------- the office, the bodies, the mix

/** The rush's two services with every slot that has room, and the dates of the horizon. */
async function rushOffice(base) {
  const offices = await getJson(base, '/api/v1/offices');
  const office = offices.find((o) => o.name === EXTRANJERIA);
  if (!office) throw new Error(`demo office "${EXTRANJERIA}" not found`);
  const officeServices = await getJson(base, `/api/v1/offices/${office.id}/services`);
  const today = localDateOf(opts.fakeNow, office.timeZone);
  const last = addDays(today, opts.horizonDays);
  const dates = [];
  for (let d = today; d <= last; d = addDays(d, 1)) dates.push(d);
  const services = [];
  for (const code of ['R', 'P']) {
    const service = officeServices.find((s) => s.code === code);
    services.push(await openSeats(base, service, today, last));
  }
  return { offices, services, dates, today, last };
}

async function openSeats(base, service, today, last) {
  const availability = await getJson(base, `/api/v1/services/${service.id}/availability?from=${today}&to=${last}`);
  const days = availability.days.map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.remaining > 0) })).filter((d) => d.slots.length > 0);
  return { id: service.id, code: service.code, days, seats: days.reduce((n, d) => n + d.slots.reduce((m, s) => m + s.remaining, 0), 0) };
}

/** Request i of the mix: a booking of applicant `bookings++`, or a 7-day availability read. */
function mixer({ services, dates }, bodies, keyPrefix, seed) {
  const random = rng(seed);
  const readPaths = Array.from({ length: 4096 }, () => {
    const service = services[Math.floor(random() * services.length)];
    const from = dates[Math.floor(random() * Math.max(1, dates.length - 6))];
    return `/api/v1/services/${service.id}/availability?from=${from}&to=${addDays(from, 6)}`;
  });
  let bookings = 0;
  let reads = 0;
  return () => {
    if (random() < opts.bookingShare) {
      const n = bookings++;
      const headers = { 'content-type': 'application/json' };
      if (opts.idempotencyKeys) headers['idempotency-key'] = `${keyPrefix}-${n}`;
      return { kind: 'booking', method: 'POST', path: '/api/v1/bookings', headers, body: bodies[n % bodies.length] };
    }
    return { kind: 'read', method: 'GET', path: readPaths[reads++ % readPaths.length] };
  };
}

async function connectedPool(origin, connections) {
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  await Promise.all(Array.from({ length: connections }, () => pool.request({ method: 'GET', path: '/api/health' }).then((r) => r.body.dump())));
  return pool;
}

/**
 * One request through undici's dispatcher with a bare handler (BENCH_OL_CLIENT=dispatch): the body
 * is kept only for errors (their code), and `dispatched` is when undici wrote the request to a
 * connection, so the wait for a free connection in the generator is told apart from the server's
 * time. After `timeoutMs` it is given up (TimeoutError), written or not.
 */
function dispatch(pools, request, timeoutMs) {
  const pool = request.kind === 'booking' ? pools.bookings : pools.reads;
  return new Promise((resolveAnswer, rejectAnswer) => {
    let status = 0;
    let retryAfter;
    let chunks = null;
    let dispatched = NaN;
    let abort = null;
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      abort?.(new Error('given up'));
      rejectAnswer(Object.assign(new Error('given up'), { name: 'TimeoutError', dispatched }));
    }, timeoutMs);
    pool.dispatch(
      { method: request.method, path: request.path, headers: request.headers, body: request.body },
      {
        onConnect(abortRequest) {
          abort = abortRequest;
          if (done) abortRequest(new Error('given up'));
          else dispatched = performance.now();
        },
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          if (statusCode === 503) {
            for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].length === 11 && rawHeaders[i].toString('latin1').toLowerCase() === 'retry-after') retryAfter = rawHeaders[i + 1].toString('latin1');
          }
          return true;
        },
        onData(chunk) {
          if (status >= 400) (chunks ??= []).push(chunk);
          return true;
        },
        onComplete() {
          if (done) return;
          done = true;
          clearTimeout(timer);
          let code = null;
          if (status >= 400) {
            try {
              code = JSON.parse(Buffer.concat(chunks ?? []).toString('utf8')).error ?? null;
            } catch {
              code = 'UNPARSEABLE';
            }
          }
          resolveAnswer({ status, code, retryAfter, dispatched });
        },
        onError(error) {
          if (done) return;
          done = true;
          clearTimeout(timer);
          rejectAnswer(Object.assign(error, { dispatched }));
        },
      },
    );
  });
}

async function send(pools, request, signal) {
  const pool = request.kind === 'booking' ? pools.bookings : pools.reads;
  const response = await pool.request({ method: request.method, path: request.path, headers: request.headers, body: request.body, signal });
  const text = await response.body.text();
  let code = null;
  if (response.statusCode >= 400) {
    try {
      code = JSON.parse(text).error ?? null;
    } catch {
      code = 'UNPARSEABLE';
    }
  }
  return { status: response.statusCode, code, retryAfter: response.headers['retry-after'] };
}

/** Warm-up on the municipal office (JIT, pools), so the rush's seats stay untouched. */
async function warmUp(base, office) {
  const municipal = office.offices.find((o) => o.name === MUNICIPAL);
  if (!municipal) return;
  const services = [];
  for (const s of (await getJson(base, `/api/v1/offices/${municipal.id}/services`)).filter((x) => x.mode !== 'walk_in')) {
    services.push(await openSeats(base, s, office.today, office.last));
  }
  const bodies = prepareBodies(applicantFactory(services, 30_000_000, rng(opts.seed + 1)), 800);
  const next = mixer({ services, dates: office.dates }, bodies, `warm-${process.pid}-${Date.now()}`, opts.seed + 2);
  await closedLoop(base, next, 20, 3);
}

/** `connections` loops sending the mix as fast as answered for `seconds`: answers per second after the first second. */
async function closedLoop(base, next, connections, seconds) {
  const pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const pools = { bookings: pool, reads: pool };
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let counted = 0;
  let shed = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        let status = 0;
        try {
          ({ status } = await send(pools, next()));
        } catch {
          // a transport error counts as no answer
        }
        if (performance.now() - t0 >= 1000 && status !== 0) {
          if (status === 503) shed++;
          else counted++;
        }
      }
    }),
  );
  await pool.close();
  return { perSecond: counted / (seconds - 1), shed };
}

// ---------------------------------------------------------------- the open loop with a changing rate

/** The schedule: request i's time in ms from t0, for phases [{ seconds, rate }]. */
function schedule(phases) {
  const times = [];
  let start = 0;
  for (const { seconds, rate } of phases) {
    const n = Math.round(seconds * rate);
    for (let i = 0; i < n; i++) times.push(start + (i * 1000) / rate);
    start += seconds * 1000;
  }
  return times;
}

async function openLoop(pools, next, times, record) {
  const t0 = performance.now();
  let sent = 0;
  let pending = 0;
  let finished;
  const allDone = new Promise((r) => (finished = r));
  const fire = (i) => {
    const scheduled = t0 + times[i];
    const request = next();
    pending++;
    const timeoutMs = Math.max(1, Math.round(scheduled + opts.timeoutSeconds * 1000 - performance.now()));
    const answered = opts.client === 'dispatch' ? dispatch(pools, request, timeoutMs) : send(pools, request, AbortSignal.timeout(timeoutMs));
    answered
      .then((answer) => record({ t: times[i], kind: request.kind, latency: performance.now() - scheduled, wait: answer.dispatched - scheduled, ...answer }))
      .catch((error) => record({ t: times[i], kind: request.kind, latency: performance.now() - scheduled, wait: error.dispatched - scheduled, status: 0, code: error.name === 'TimeoutError' || error.name === 'AbortError' ? 'GAVE_UP' : 'TRANSPORT' }))
      .finally(() => {
        pending--;
        if (sent === times.length && pending === 0) finished();
      });
  };
  await new Promise((resolveSent) => {
    const tick = () => {
      const now = performance.now() - t0;
      while (sent < times.length && times[sent] <= now) fire(sent++);
      if (sent < times.length) setTimeout(tick, Math.max(0, Math.min(5, times[sent] - (performance.now() - t0))));
      else resolveSent();
    };
    tick();
  });
  await allDone;
  return t0;
}

// ---------------------------------------------------------------- where the time goes (issue #19 §3)

/**
 * Requests waiting in the kernel's socket buffers on the API's port (`ss`), as counts of connections
 * with unread bytes (one request or answer each: no pipelining): `server` = requests the API's loop has
 * not read yet, `client` = answers this generator's loop has not read yet.
 */
function kernelQueues(port) {
  return new Promise((resolveQueues) => {
    execFile('ss', ['-tnH', 'state', 'established', `( sport = :${port} or dport = :${port} )`], (error, stdout) => {
      if (error) return resolveQueues(null);
      const queues = { server: 0, serverBytes: 0, client: 0, clientBytes: 0 };
      for (const line of stdout.split('\n')) {
        const [recvQ, , local] = line.trim().split(/\s+/);
        if (!local) continue;
        const bytes = Number(recvQ);
        if (bytes === 0) continue;
        if (local.endsWith(`:${port}`)) {
          queues.server++;
          queues.serverBytes += bytes;
        } else {
          queues.client++;
          queues.clientBytes += bytes;
        }
      }
      resolveQueues(queues);
    });
  });
}

/**
 * Once a second while the open loop runs: this generator's event-loop delay (p99, max) and CPU, the
 * requests undici holds for want of a free connection (`queued`) and has written (`running`), and the
 * kernel's queues. Samples are stamped with performance.now() and put in seconds after the run.
 */
function generatorMonitor(pools, port) {
  const samples = [];
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  let cpu = process.cpuUsage();
  const pending = [];
  const timer = setInterval(() => {
    const now = performance.now();
    const nextCpu = process.cpuUsage();
    const stats = [pools.bookings.stats, pools.reads.stats];
    const sample = {
      t: now,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
      cpu: (nextCpu.user - cpu.user + nextCpu.system - cpu.system) / 1e6,
      queued: stats.reduce((n, x) => n + x.queued + x.pending, 0),
      running: stats.reduce((n, x) => n + x.running, 0),
      kernel: null,
    };
    cpu = nextCpu;
    lag.reset();
    samples.push(sample);
    pending.push(kernelQueues(port).then((queues) => (sample.kernel = queues)));
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      lag.disable();
      await Promise.all(pending);
      return samples;
    },
  };
}

/** The probe's lines (bench/support/api-probe.mjs), stamped in this process's performance.now(). */
function probeLines(file) {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .map((line) => ({ ...line, t: line.t - performance.timeOrigin }));
}

// ---------------------------------------------------------------- checks after a run

async function overbooking(services) {
  const client = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database) });
  await client.connect();
  try {
    const ids = services.map((s) => s.id);
    const slots = await client.query(
      `SELECT b.service_id, b.slot_start, count(*)::int AS n, sc.seats, sc.booked
         FROM bookings b LEFT JOIN slot_capacity sc USING (service_id, slot_start)
        WHERE b.status = 'confirmed' AND b.service_id = ANY($1)
        GROUP BY b.service_id, b.slot_start, sc.seats, sc.booked`,
      [ids],
    );
    const days = await client.query(
      `SELECT b.service_id, b.local_date, count(*)::int AS n, s.daily_appointment_cap AS cap, dc.booked
         FROM bookings b JOIN services s ON s.id = b.service_id
         LEFT JOIN day_capacity dc ON dc.service_id = b.service_id AND dc.local_date = b.local_date
        WHERE b.status = 'confirmed' AND b.service_id = ANY($1)
        GROUP BY b.service_id, b.local_date, s.daily_appointment_cap, dc.booked`,
      [ids],
    );
    const published = new Map();
    for (const s of services) for (const d of s.days) for (const slot of d.slots) published.set(`${s.id}|${Date.parse(slot.start)}`, slot.remaining);
    let confirmed = 0;
    let over = 0;
    let drift = 0;
    for (const row of slots.rows) {
      confirmed += row.n;
      over += Math.max(0, row.n - (row.seats ?? 0)) + Math.max(0, row.n - (published.get(`${row.service_id}|${row.slot_start.getTime()}`) ?? 0));
      if (row.booked !== row.n) drift++;
    }
    for (const row of days.rows) {
      if (row.cap !== null) over += Math.max(0, row.n - row.cap);
      if (row.booked !== row.n) drift++;
    }
    return { confirmed, overbooking: over, ledgerDrift: drift };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- one run

async function calibrate() {
  log('calibration: fresh database and API with LOAD_SHED=false');
  const { base } = await startApi(false);
  try {
    const office = await rushOffice(base);
    await warmUp(base, office);
    const bodies = prepareBodies(applicantFactory(office.services, 10_000_000, rng(opts.seed)), 60_000);
    const { perSecond } = await closedLoop(base, mixer(office, bodies, `cal-${process.pid}`, opts.seed ^ 0x5eed), opts.calConnections, opts.calSeconds);
    log(`calibration: ${fmt(perSecond, 0)} answers/s over ${opts.calConnections} connections (closed loop, ${opts.calSeconds} s)`);
    return perSecond;
  } finally {
    await stopApi();
    await dropDatabase();
  }
}

async function runOnce({ label, mode, apiEnv }, capacity) {
  const loadShed = mode === 'on';
  log(`run ${mode}: fresh database and API with LOAD_SHED=${loadShed}`);
  const { base, pid } = await startApi(loadShed, apiEnv);
  try {
    const office = await rushOffice(base);
    const totalSeats = office.services.reduce((n, s) => n + s.seats, 0);
    await warmUp(base, office);
    const phases = [
      { seconds: opts.overSeconds, rate: capacity * opts.factor },
      { seconds: opts.afterSeconds, rate: capacity * opts.after },
    ];
    const times = schedule(phases);
    const bookingsNeeded = Math.ceil(times.length * opts.bookingShare * 1.1) + 100;
    const bodies = prepareBodies(applicantFactory(office.services, 10_000_000, rng(opts.seed)), bookingsNeeded);
    const next = mixer(office, bodies, `ol-${mode}-${process.pid}`, opts.seed ^ 0x5eed);
    const pools = { bookings: await connectedPool(base, opts.connections), reads: await connectedPool(base, opts.readers) };

    const samples = [];
    const rss = [];
    const rssTimer = setInterval(() => rss.push({ t: performance.now(), mib: rssOf(pid) }), 1000);
    const generatorDelay = monitorEventLoopDelay({ resolution: 5 });
    generatorDelay.enable();
    const monitor = generatorMonitor(pools, api.port);
    const cpuBefore = cpuSnapshot(pid);
    log(`run ${mode}: ${fmt(phases[0].rate, 0)}/s for ${opts.overSeconds} s, then ${fmt(phases[1].rate, 0)}/s for ${opts.afterSeconds} s (${times.length} requests)`);
    const rssStart = rssOf(pid);
    const t0 = await openLoop(pools, next, times, (s) => samples.push(s));
    clearInterval(rssTimer);
    generatorDelay.disable();
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(pid));
    const generatorSamples = await monitor.stop();
    const probe = probeLines(api.probeFile);
    await Promise.all([pools.bookings.close(), pools.reads.close()]);
    // Health is never shed: one read now, after the storm.
    const healthAfter = (await fetch(`${base}/api/health`)).status;

    const seconds = opts.overSeconds + opts.afterSeconds;
    const series = Array.from({ length: seconds }, () => ({ offered: 0, answered: [], shed: 0, other5xx: 0, gaveUp: 0, waits: [] }));
    for (const s of samples) {
      const b = series[Math.min(seconds - 1, Math.floor(s.t / 1000))];
      b.offered++;
      if (Number.isFinite(s.wait)) b.waits.push(s.wait);
      if (s.status === 503 && s.code === 'OVERLOADED') b.shed++;
      else if (s.status === 0) b.gaveUp++;
      else {
        b.answered.push(s.latency);
        if (s.status >= 500) b.other5xx++;
      }
    }
    const rssSeries = Array.from({ length: seconds }, (_, i) => rss.filter((r) => r.t - t0 >= i * 1000 && r.t - t0 < (i + 1) * 1000).map((r) => r.mib).at(-1) ?? NaN);
    const perSecond = series.map((b) => {
      const sorted = Float64Array.from(b.answered).sort();
      return { offered: b.offered, answered: b.answered.length, shed: b.shed, gaveUp: b.gaveUp, other5xx: b.other5xx, p99: percentile(sorted, 99), shedShare: b.offered ? b.shed / b.offered : 0 };
    });
    perSecond.forEach((p, i) => (p.rssMiB = rssSeries[i]));
    // Where the time went, per second of the schedule: the wait before a request was written (this
    // generator: its timers and its queue for a free connection), this generator's loop and CPU, the
    // kernel's queues, and the API's loop (probe).
    const inSecond = (t, i) => t - t0 > i * 1000 && t - t0 <= (i + 1) * 1000;
    perSecond.forEach((p, i) => {
      p.waitP99 = percentile(Float64Array.from(series[i].waits).sort(), 99);
      const g = generatorSamples.find((x) => inSecond(x.t, i));
      Object.assign(p, { genLagP99: g?.lagP99 ?? NaN, genCpu: g?.cpu ?? NaN, queued: g?.queued ?? NaN, running: g?.running ?? NaN, kernelServer: g?.kernel?.server ?? NaN, kernelClient: g?.kernel?.client ?? NaN });
      const lines = probe.filter((x) => inSecond(x.t, i));
      p.apiElu = lines.length ? lines.reduce((n, x) => n + x.elu, 0) / lines.length : NaN;
      p.apiInFlight = lines.length ? Math.max(...lines.map((x) => x.inFlight)) : NaN;
      p.apiCpu = lines.length ? lines.reduce((n, x) => n + x.cpu, 0) : NaN;
      p.apiStarted = lines.reduce((n, x) => n + x.started, 0);
    });
    const overSeconds = perSecond.slice(0, opts.overSeconds);
    const meanOf = (key) => overSeconds.map((p) => p[key]).filter(Number.isFinite).reduce((a, b, _, all) => a + b / all.length, 0);
    const maxOf = (key) => Math.max(...overSeconds.map((p) => p[key]).filter(Number.isFinite));
    const where = {
      waitP99: summary(samples.filter((s) => s.t < opts.overSeconds * 1000 && Number.isFinite(s.wait)).map((s) => s.wait)).p99,
      genLagP99Max: maxOf('genLagP99'),
      genCpuMean: meanOf('genCpu'),
      queuedMean: meanOf('queued'),
      queuedMax: maxOf('queued'),
      kernelServerMean: meanOf('kernelServer'),
      kernelClientMean: meanOf('kernelClient'),
      apiEluMean: meanOf('apiElu'),
      apiInFlightMax: maxOf('apiInFlight'),
      apiCpuMean: meanOf('apiCpu'),
      apiStartedPerSecond: meanOf('apiStarted'),
    };
    const good = (p) => p.shed === 0 && p.gaveUp === 0 && (p.answered === 0 || p.p99 < opts.targetP99);
    const firstGood = perSecond.findIndex((p, i) => i >= opts.overSeconds && good(p) && perSecond.slice(i).every(good));
    const recoverySeconds = firstGood === -1 ? null : firstGood - opts.overSeconds;

    const during = samples.filter((s) => s.t < opts.overSeconds * 1000);
    const answeredDuring = during.filter((s) => s.status !== 0 && !(s.status === 503 && s.code === 'OVERLOADED'));
    const byStatus = {};
    for (const s of samples) {
      const key = s.status === 0 ? s.code : s.code ? `${s.status} ${s.code}` : String(s.status);
      byStatus[key] = (byStatus[key] ?? 0) + 1;
    }
    const retryAfters = new Set(samples.filter((s) => s.code === 'OVERLOADED').map((s) => s.retryAfter));
    const over = await overbooking(office.services);
    const created = samples.filter((s) => s.status === 201).length;
    return {
      mode,
      label,
      totalSeats,
      offeredPerSecond: phases[0].rate,
      afterPerSecond: phases[1].rate,
      sentPerSecond: during.length / opts.overSeconds,
      answeredPerSecond: answeredDuring.length / opts.overSeconds,
      answeredP99: summary(answeredDuring.map((s) => s.latency)).p99,
      answeredP50: summary(answeredDuring.map((s) => s.latency)).p50,
      shedShare: during.filter((s) => s.code === 'OVERLOADED').length / Math.max(1, during.length),
      gaveUp: samples.filter((s) => s.status === 0).length,
      other5xx: samples.filter((s) => s.status >= 500 && !(s.status === 503 && s.code === 'OVERLOADED')).length,
      retryAfters: [...retryAfters].join(','),
      rssStart,
      rssMax: Math.max(...rssSeries.filter(Number.isFinite)),
      rssEnd: rssSeries.filter(Number.isFinite).at(-1),
      recoverySeconds,
      healthAfter,
      cpu,
      generatorDelayP99: generatorDelay.percentile(99) / 1e6,
      where,
      byStatus,
      created,
      over,
      perSecond,
    };
  } finally {
    await stopApi();
    await dropDatabase();
  }
}

// ---------------------------------------------------------------- report and plot

function svgPlot(results, capacity) {
  const legendH = results.length * 16;
  const W = 900;
  const H = 640 + legendH;
  const left = 70;
  const right = 20;
  const plotW = W - left - right;
  const panels = [
    { key: 'p99', title: 'answered p99 (ms, log scale)', top: 50 + legendH, h: 200 },
    { key: 'shedShare', title: 'shed share (503 OVERLOADED)', top: 300 + legendH, h: 110 },
    { key: 'answered', title: 'answered per second', top: 460 + legendH, h: 130 },
  ];
  const seconds = opts.overSeconds + opts.afterSeconds;
  const x = (i) => left + ((i + 0.5) / seconds) * plotW;
  const esc = (s) => String(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const maxP99 = Math.max(opts.targetP99 * 2, ...results.flatMap((r) => r.perSecond.map((p) => p.p99)).filter(Number.isFinite));
  const logMax = Math.log10(maxP99);
  const logMin = 0; // 1 ms
  const maxRate = niceCeil(Math.max(1, capacity * opts.factor, ...results.flatMap((r) => r.perSecond.map((p) => p.answered))));
  const y = {
    p99: (v) => panels[0].top + panels[0].h - ((Math.log10(Math.max(1, v)) - logMin) / (logMax - logMin)) * panels[0].h,
    shedShare: (v) => panels[1].top + panels[1].h - v * panels[1].h,
    answered: (v) => panels[2].top + panels[2].h - (v / maxRate) * panels[2].h,
  };
  const palette = ['#2ca02c', '#d62728', '#1f77b4', '#ff7f0e', '#9467bd', '#8c564b'];
  const color = (r) => palette[results.indexOf(r) % palette.length];
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(
    `<text x="${left}" y="22" font-size="15" font-weight="bold">${esc(`Overload: ${opts.factor}× the sustained ${Math.round(capacity)}/s for ${opts.overSeconds} s, then ${opts.after}× for ${opts.afterSeconds} s`)}</text>`,
  );
  results.forEach((r, i) => {
    const lx = left;
    const ly = 38 + i * 16;
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${color(r)}" stroke-width="3"/><text x="${lx + 30}" y="${ly + 4}">${esc(`${legendOf(r.label)}${repeated(results, r) ? ` (run ${i + 1})` : ''}: answered p99 ${fmt(r.answeredP99, 0)} ms, shed ${fmt(r.shedShare * 100, 0)} %`)}</text>`);
  });
  const dropX = left + (opts.overSeconds / seconds) * plotW;
  for (const panel of panels) {
    parts.push(`<text x="${left}" y="${panel.top - 6}" font-weight="bold">${esc(panel.title)}</text>`);
    parts.push(`<rect x="${left}" y="${panel.top}" width="${plotW}" height="${panel.h}" fill="none" stroke="#ccc"/>`);
    parts.push(`<line x1="${dropX}" x2="${dropX}" y1="${panel.top}" y2="${panel.top + panel.h}" stroke="#999" stroke-dasharray="4 3"/>`);
  }
  parts.push(`<text x="${dropX + 4}" y="${panels[0].top + 12}" fill="#666">load drops</text>`);
  for (const v of [1, 10, 100, 1000, 10000].filter((v) => v <= maxP99 * 1.01)) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y.p99(v)}" y2="${y.p99(v)}" stroke="#eee"/><text x="${left - 6}" y="${y.p99(v) + 4}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${W - right}" y1="${y.p99(opts.targetP99)}" y2="${y.p99(opts.targetP99)}" stroke="#000" stroke-dasharray="6 4" stroke-opacity="0.5"/>`);
  parts.push(`<text x="${W - right - 4}" y="${y.p99(opts.targetP99) - 4}" text-anchor="end" fill="#333">target ${opts.targetP99} ms</text>`);
  for (const v of [0, 0.5, 1]) parts.push(`<text x="${left - 6}" y="${y.shedShare(v) + 4}" text-anchor="end">${v * 100} %</text>`);
  for (const v of [0, maxRate / 2, maxRate]) parts.push(`<text x="${left - 6}" y="${y.answered(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  parts.push(`<line x1="${left}" x2="${W - right}" y1="${y.answered(capacity)}" y2="${y.answered(capacity)}" stroke="#000" stroke-dasharray="6 4" stroke-opacity="0.4"/>`);
  parts.push(`<text x="${W - right - 4}" y="${y.answered(capacity) - 4}" text-anchor="end" fill="#333">sustained (calibration)</text>`);
  for (const r of results) {
    for (const panel of panels) {
      const d = r.perSecond
        .map((p, i) => (Number.isFinite(p[panel.key]) && (panel.key !== 'p99' || p.answered > 0) ? `${x(i).toFixed(1)},${y[panel.key](p[panel.key]).toFixed(1)}` : null))
        .filter(Boolean)
        .map((pt, i) => `${i === 0 ? 'M' : 'L'}${pt}`)
        .join(' ');
      parts.push(`<path d="${d}" fill="none" stroke="${color(r)}" stroke-width="2"/>`);
    }
  }
  const step = Math.max(1, Math.round(seconds / 10));
  const base = panels[2].top + panels[2].h;
  for (let s = 0; s <= seconds; s += step) {
    const px = left + (s / seconds) * plotW;
    parts.push(`<text x="${px}" y="${base + 16}" text-anchor="middle">${s}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${H - 10}" text-anchor="middle">seconds of the schedule</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** Whether another run has the same label (then runs are told apart by their number). */
const repeated = (results, r) => results.some((other) => other !== r && other.label === r.label);

/** `on+LOAD_SHED_MAX_IN_FLIGHT=64` → `LOAD_SHED on, MAX_IN_FLIGHT=64`. */
function legendOf(label) {
  const [mode, ...settings] = label.split('+');
  return [`LOAD_SHED ${mode}`, ...settings.map((x) => x.replace(/^LOAD_SHED_/, ''))].join(', ');
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function report(results, capacity) {
  const cols = results.map((r, i) => `${r.label === 'on' || r.label === 'off' ? `LOAD_SHED ${r.label}` : r.label}${repeated(results, r) ? ` (${i + 1})` : ''}`);
  const row = (label, f) => `| ${label} | ${results.map(f).join(' | ')} |`;
  const lines = [
    `### Booking rush, overload — ${new Date().toISOString()}`,
    '',
    `Sustained by one instance (calibration, closed loop of the mix over ${opts.calConnections} connections, shedding off): ${fmt(capacity, 0)} answers/s. ` +
      `Offered open loop: ${fmt(capacity * opts.factor, 0)}/s (${opts.factor}×) for ${opts.overSeconds} s, then ${fmt(capacity * opts.after, 0)}/s (${opts.after}×) for ${opts.afterSeconds} s; ` +
      `${fmt(opts.bookingShare * 100, 0)} % bookings (Idempotency-Key ${opts.idempotencyKeys ? 'sent' : 'not sent'}), the rest 7-day availability reads; ${opts.connections} + ${opts.readers} keep-alive connections; ` +
      `a request unanswered after ${opts.timeoutSeconds} s is given up; shed requests are not retried. Latency from each request's scheduled time.`,
    '',
    `| during the ${opts.overSeconds} s at ${opts.factor}× | ${cols.join(' | ')} |`,
    `| --- | ${cols.map(() => '---:').join(' | ')} |`,
    row('sent per second (offered)', (r) => `${fmt(r.sentPerSecond, 0)} (${fmt(r.offeredPerSecond, 0)})`),
    row('answered per second (not shed)', (r) => fmt(r.answeredPerSecond, 0)),
    row(`answered p50 / p99 (ms), target p99 < ${opts.targetP99}`, (r) => `${fmt(r.answeredP50)} / ${fmt(r.answeredP99)}`),
    row('shed share (503 OVERLOADED)', (r) => `${fmt(r.shedShare * 100)} %`),
    row('given up (no answer in time), whole run', (r) => String(r.gaveUp)),
    row('5xx other than 503 OVERLOADED, whole run', (r) => String(r.other5xx)),
    row('Retry-After of the 503s', (r) => r.retryAfters || '–'),
    row('API RSS start / max / end (MiB)', (r) => `${fmt(r.rssStart, 0)} / ${fmt(r.rssMax, 0)} / ${fmt(r.rssEnd, 0)}`),
    row(`full service after the drop (s; nothing shed, p99 < ${opts.targetP99} ms from then on)`, (r) => (r.recoverySeconds === null ? 'never within the run' : `${r.recoverySeconds}–${r.recoverySeconds + 1}`)),
    row('overbooking / ledger rows off', (r) => `${r.over.overbooking} / ${r.over.ledgerDrift}`),
    row('confirmed bookings (201 answers) of seats', (r) => `${r.over.confirmed} (${r.created}) of ${r.totalSeats}`),
    row('/api/health after the storm', (r) => String(r.healthAfter)),
    row('API CPU s / generator CPU s / rest / idle', (r) => `${fmt(r.cpu.api)} / ${fmt(r.cpu.self)} / ${fmt(r.cpu.rest)} / ${fmt(r.cpu.idle)}`),
    row("generator's event-loop delay p99 (ms), whole run / worst second", (r) => `${fmt(r.generatorDelayP99)} / ${fmt(r.where?.genLagP99Max)}`),
    row('generator CPU (cores, mean of the seconds at the overload)', (r) => fmt(r.where?.genCpuMean, 2)),
    row('wait before a request is written, p99 (ms: timers + queue for a free connection)', (r) => fmt(r.where?.waitP99)),
    row('requests queued in the generator for a connection (mean / max)', (r) => `${fmt(r.where?.queuedMean, 0)} / ${fmt(r.where?.queuedMax, 0)}`),
    row("requests in the kernel unread by the API / answers unread by the generator (mean, connections)", (r) => `${fmt(r.where?.kernelServerMean, 0)} / ${fmt(r.where?.kernelClientMean, 0)}`),
    row("API: loop utilisation (mean), CPU cores (mean), requests parsed/s, in flight (max)", (r) => `${fmt(r.where?.apiEluMean, 2)}, ${fmt(r.where?.apiCpuMean, 2)}, ${fmt(r.where?.apiStartedPerSecond, 0)}, ${fmt(r.where?.apiInFlightMax, 0)}`),
    '',
    ...results.map(
      (r) =>
        `Answers, ${r.label}: ${Object.entries(r.byStatus)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}.`,
    ),
    '',
    `| second | ${results.map((r) => `${r.label}: answered/s, p99 ms, shed %, RSS MiB; wait p99 ms, gen lag p99 ms, gen CPU, queued, kernel srv/cli; API ELU, in flight, parsed/s`).join(' | ')} |`,
    `| ---: | ${results.map(() => '---').join(' | ')} |`,
    ...results[0].perSecond.map(
      (_, i) =>
        `| ${i} | ${results
          .map((r) => {
            const p = r.perSecond[i];
            return `${p.answered}, ${fmt(p.p99, 0)}, ${fmt(p.shedShare * 100, 0)}, ${fmt(p.rssMiB, 0)}; ${fmt(p.waitP99, 0)}, ${fmt(p.genLagP99, 0)}, ${fmt(p.genCpu, 2)}, ${fmt(p.queued, 0)}, ${fmt(p.kernelServer, 0)}/${fmt(p.kernelClient, 0)}; ${fmt(p.apiElu, 2)}, ${fmt(p.apiInFlight, 0)}, ${fmt(p.apiStarted, 0)}`;
          })
          .join(' | ')} |`,
    ),
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------- main

let exitCode = 0;
try {
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/main.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  if (env.BENCH_OL_PLOT_FROM) {
    // Only draw the plot again from a run's BENCH_JSON.
    const saved = JSON.parse(readFileSync(resolve(env.BENCH_OL_PLOT_FROM), 'utf8'));
    Object.assign(opts, { factor: saved.opts.factor, overSeconds: saved.opts.overSeconds, after: saved.opts.after, afterSeconds: saved.opts.afterSeconds, targetP99: saved.opts.targetP99 });
    writeFileSync(opts.svg, svgPlot(saved.results, saved.capacity));
    log(`plot written to ${opts.svg}`);
    process.exit(0);
  }
  if (generatorCpus) {
    execSync(`taskset -a -cp ${generatorCpus} ${process.pid}`, { stdio: 'ignore' });
    log(`pinned: the API on CPU ${apiCpus}, this generator on CPU ${generatorCpus}`);
  }
  const capacity = opts.capacity > 0 ? opts.capacity : await calibrate();
  const results = [];
  for (const spec of runSpecs) {
    try {
      const result = await runOnce(spec, capacity);
      results.push(result);
      log(`${spec.label}: sent ${fmt(result.sentPerSecond, 0)}/s, answered ${fmt(result.answeredPerSecond, 0)}/s, answered p99 ${fmt(result.answeredP99)} ms, shed ${fmt(result.shedShare * 100)} %, other 5xx ${result.other5xx}, given up ${result.gaveUp}, recovery ${result.recoverySeconds} s, overbooking ${result.over.overbooking}`);
      if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, capacity, results }, null, 2));
    } catch (error) {
      log(`${spec.label}: the run failed:`, error?.stack ?? error);
      exitCode = 2;
    }
  }
  if (results.length === 0) throw new Error('no run completed');
  console.log(report(results, capacity));
  mkdirSync(dirname(opts.svg), { recursive: true });
  writeFileSync(opts.svg, svgPlot(results, capacity));
  log(`plot written to ${opts.svg}`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, capacity, results }, null, 2));
  const failures = [];
  for (const r of results) {
    if (r.over.overbooking > 0 || r.over.ledgerDrift > 0) failures.push(`${r.label}: overbooking ${r.over.overbooking}, ledger rows off ${r.over.ledgerDrift}`);
    // A booking whose answer came after the client gave up is confirmed without a 201 seen.
    if (r.gaveUp === 0 && r.over.confirmed !== r.created) failures.push(`${r.label}: ${r.over.confirmed} confirmed bookings but ${r.created} 201 answers`);
    if (r.mode === 'on' && r.other5xx > 0) failures.push(`${r.label}: ${r.other5xx} 5xx other than 503 OVERLOADED`);
  }
  if (failures.length > 0) {
    log(`FAILED: ${failures.join('; ')}`);
    exitCode ||= 1;
  }
} catch (error) {
  log('FAILED:', error?.stack ?? error);
  exitCode = 2;
} finally {
  await cleanup();
}
process.exit(exitCode);
