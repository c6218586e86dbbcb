#!/usr/bin/env node
// Booking rush (issue #5): the morning a month of appointments opens, 10,000 applicants race for
// ~1,600 seats while others keep reading availability. One API process, one PostgreSQL.
//
//   node bench/booking-rush/run.mjs            (settings: see README.md in this folder)
//
// Load generator: autocannon, programmatically. One instance of 200 connections sends exactly one
// POST /bookings per applicant (its setupRequest picks the applicant and a slot); a second instance
// of 20 connections loops GET availability beside it for the whole rush. Latency per outcome is
// recorded from autocannon's per-response timing (onResponse runs synchronously just before the
// 'response' event on the same client, which is how a response's body is tied to its latency).
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { adminQuery, cleanUpOnSignals, databaseUrlOf, fmt, freePort, getJson, localDateOf, logger, percentile, quoteIdent, summary, tail, waitHealthy } from '../support/common.mjs';

// The waitlist phase (issue #18: cancellations during the rush handed to people waiting, beside a
// run without the waitlist) is its own script on this one's pieces; it exits when done.
if ((process.env.BENCH_PHASES ?? '').split(',').includes('waitlist')) await import('./waitlist.mjs');
// The overload phase (issue #19: 3× what one instance sustains, shedding on and off) likewise.
if ((process.env.BENCH_PHASES ?? '').split(',').includes('overload')) await import('./overload.mjs');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
/** The checkout whose dist/ is run (default: this one); another one isolates a run from concurrent rebuilds. */
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));

const opts = {
  applicants: int('BENCH_APPLICANTS', 10_000),
  connections: int('BENCH_CONNECTIONS', 200),
  readers: int('BENCH_READERS', 20),
  poolSize: int('BENCH_POOL_SIZE', 20),
  horizonDays: 30,
  fakeNow: env.BENCH_FAKE_NOW ?? '2026-12-01T08:00:00-03:00',
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_bench',
  svg: resolve(root, env.BENCH_SVG ?? 'docs/booking-rush.svg'),
  json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
  cpuProfDir: env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : null,
  idempotencyKeys: env.BENCH_IDEMPOTENCY === '1',
  warmup: env.BENCH_WARMUP !== '0',
  seed: int('BENCH_SEED', 20261201),
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  // 'closed' (default): 200 connections send as fast as the API answers, i.e. the throughput at
  // saturation. 'rate': open loop at BENCH_RATE attempts/s and BENCH_READ_RATE reads/s, i.e. the
  // latency at that load (see README.md).
  mode: env.BENCH_MODE ?? 'closed',
  rate: int('BENCH_RATE', 800),
  readRate: int('BENCH_READ_RATE', 1500),
  // The servers to run the rush against, one after the other, each on a fresh database (issue #19):
  // 'api' (dist/apps/api/main.js) and 'bare' (the yardstick, bare/server.mjs). More than one: the
  // compare mode, which prints the API/bare ratios.
  servers: (env.BENCH_SERVERS ?? 'api').split(',').map((s) => s.trim()).filter(Boolean),
};
if (!['closed', 'rate'].includes(opts.mode)) throw new Error(`BENCH_MODE must be closed or rate, not ${opts.mode}`);
if (opts.servers.length === 0 || opts.servers.some((s) => !['api', 'bare'].includes(s))) throw new Error(`BENCH_SERVERS must list api and/or bare, not ${env.BENCH_SERVERS}`);
/** Issue #19's targets, API against the yardstick in the same run. */
const RATIO_TARGETS = { cpuPerRequest: 1.5, closedThroughput: 0.7 };

const TARGETS = { bookingsPerSecond: 800, bookingP99: 150, readsPerSecond: 1500, readP99: 50 };
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const MUNICIPAL = 'Municipalidad de La Serena – Atención Ciudadana';

const { default: autocannon } = await import('autocannon');
const { connectedPool, openLoop } = await import('../support/open-loop.mjs');
const { default: pg } = await import('pg');
const { addDays, applicantFactory, cpuSnapshot, cpuSpent, prepareBodies, rng } = await import('./shared.mjs');

// ---------------------------------------------------------------- small helpers

const log = logger('booking-rush');

function databaseUrl() {
  return databaseUrlOf(opts.adminUrl, opts.database);
}

// ---------------------------------------------------------------- lifecycle (always cleaned up)

let api = null;
let apiExited = null;
let dbCreated = false;
let cleaning = null;

async function stopApi() {
  if (!api || api.exitCode !== null || api.signalCode !== null) return;
  api.kill('SIGTERM');
  const timeout = new Promise((r) => setTimeout(r, 15_000, 'timeout'));
  if ((await Promise.race([apiExited, timeout])) === 'timeout') {
    log('the API did not stop on SIGTERM within 15 s: SIGKILL');
    api.kill('SIGKILL');
    await apiExited;
  }
}

function cleanup() {
  cleaning ??= (async () => {
    try {
      await stopApi();
    } catch (error) {
      log('stopping the API failed:', error);
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

cleanUpOnSignals(cleanup, log);

async function startApi(port, logFile) {
  const args = [];
  if (opts.cpuProfDir) {
    mkdirSync(opts.cpuProfDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  }
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
  };
  delete childEnv.REDIS_URL;
  const out = createWriteStream(logFile);
  api = spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout.pipe(out);
  api.stderr.pipe(out);
  apiExited = once(api, 'exit');
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(api, base, logFile);
  return base;
}

/**
 * The yardstick (bare/server.mjs of the run's checkout) on the database the API just migrated and
 * seeded, in place of the API, with the same pool size, clock and log level.
 */
async function startBare(port, logFile) {
  const script = existsSync(join(apiRoot, 'bench/booking-rush/bare/server.mjs')) ? join(apiRoot, 'bench/booking-rush/bare/server.mjs') : join(root, 'bench/booking-rush/bare/server.mjs');
  const args = [];
  if (opts.cpuProfDir) {
    mkdirSync(opts.cpuProfDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  }
  args.push(script);
  const childEnv = {
    ...env,
    API_ROOT: apiRoot,
    DATABASE_URL: databaseUrl(),
    DATABASE_POOL_SIZE: String(opts.poolSize),
    PORT: String(port),
    HOST: '127.0.0.1',
    FAKE_NOW: opts.fakeNow,
    LOG_LEVEL: 'warn',
  };
  const out = createWriteStream(logFile);
  api = spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout.pipe(out);
  api.stderr.pipe(out);
  apiExited = once(api, 'exit');
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(api, base, logFile, { what: 'the yardstick', seconds: 30, pollMs: 100 });
  return base;
}

// ---------------------------------------------------------------- load

function runCannon(options) {
  const instance = autocannon({ timeout: 30, ...options });
  const done = new Promise((resolveDone, rejectDone) => {
    instance.on('done', resolveDone);
    instance.on('error', rejectDone);
  });
  return { instance, done };
}

/** Exactly `bodies.length` POSTs over `connections` connections; records latency and outcome of each. */
function bookingCannon(base, bodies, connections, t0, sink) {
  let next = 0;
  let lastCode = null;
  const { instance, done } = runCannon({
    url: base,
    connections,
    amount: bodies.length,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/bookings',
        setupRequest(request) {
          const i = next++;
          const headers = { 'content-type': 'application/json' };
          if (opts.idempotencyKeys) headers['idempotency-key'] = `rush-${i}`;
          return { ...request, headers, body: bodies[i % bodies.length] };
        },
        onResponse(status, body) {
          lastCode = null;
          if (status >= 400) {
            try {
              lastCode = JSON.parse(body).error ?? null;
            } catch {
              lastCode = 'UNPARSEABLE';
            }
          }
        },
      },
    ],
  });
  if (sink) {
    instance.on('response', (_client, status, _bytes, latency) => {
      sink.push({ t: performance.now() - t0, latency, status, code: lastCode });
      lastCode = null;
    });
  }
  return { instance, done };
}

/** Loops GET availability for random 7-day ranges of a random appointment service until stopped. */
function availabilityCannon(base, services, dates, connections, t0, sink, duration) {
  const random = rng(opts.seed ^ 0x5eed);
  const { instance, done } = runCannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        method: 'GET',
        setupRequest(request) {
          const service = services[Math.floor(random() * services.length)];
          const from = dates[Math.floor(random() * Math.max(1, dates.length - 6))];
          return { ...request, path: `/api/v1/services/${service.id}/availability?from=${from}&to=${addDays(from, 6)}` };
        },
      },
    ],
  });
  if (sink) instance.on('response', (_client, status, _bytes, latency) => sink.push({ t: performance.now() - t0, latency, status }));
  return { instance, done };
}

// ---------------------------------------------------------------- checks after the run

async function overbookingReport(services) {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const ids = services.map((s) => s.id);
    // Bookings per slot against the ledger's seats.
    const slotVsLedger = await client.query(
      `SELECT b.service_id, b.slot_start, count(*)::int AS n, sc.seats, sc.booked
         FROM bookings b LEFT JOIN slot_capacity sc USING (service_id, slot_start)
        WHERE b.status = 'confirmed' AND b.service_id = ANY($1)
        GROUP BY b.service_id, b.slot_start, sc.seats, sc.booked`,
      [ids],
    );
    // Bookings per local day against the service's daily cap.
    const dayVsCap = await client.query(
      `SELECT b.service_id, b.local_date::text AS local_date, count(*)::int AS n, s.daily_appointment_cap AS cap, dc.booked
         FROM bookings b JOIN services s ON s.id = b.service_id
         LEFT JOIN day_capacity dc ON dc.service_id = b.service_id AND dc.local_date = b.local_date
        WHERE b.status = 'confirmed' AND b.service_id = ANY($1)
        GROUP BY b.service_id, b.local_date, s.daily_appointment_cap, dc.booked`,
      [ids],
    );
    const published = new Map();
    for (const s of services) for (const d of s.days) for (const slot of d.slots) published.set(`${s.id}|${Date.parse(slot.start)}`, slot.remaining);
    let overSlots = 0;
    let overSlotExcess = 0;
    let overPublished = 0;
    let ledgerDrift = 0;
    let total = 0;
    for (const row of slotVsLedger.rows) {
      total += row.n;
      if (row.seats === null || row.n > row.seats) {
        overSlots++;
        overSlotExcess += row.n - (row.seats ?? 0);
      }
      const seats = published.get(`${row.service_id}|${row.slot_start.getTime()}`) ?? 0;
      if (row.n > seats) overPublished += row.n - seats;
      if (row.booked !== row.n) ledgerDrift++;
    }
    let overDays = 0;
    let overDayExcess = 0;
    for (const row of dayVsCap.rows) {
      if (row.cap !== null && row.n > row.cap) {
        overDays++;
        overDayExcess += row.n - row.cap;
      }
      if (row.booked !== row.n) ledgerDrift++;
    }
    return { confirmed: total, overSlots, overSlotExcess, overPublished, overDays, overDayExcess, ledgerDrift, overbooking: overSlotExcess + overDayExcess + overPublished };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- report

function perSecond(samples, seconds) {
  const buckets = Array.from({ length: seconds }, () => []);
  for (const s of samples) {
    const i = Math.floor(s.t / 1000);
    if (i >= 0 && i < seconds) buckets[i].push(s.latency);
  }
  return buckets.map((b) => {
    const sorted = Float64Array.from(b).sort();
    return { n: b.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  });
}

function svgPlot(bookingSeries, readSeries, title) {
  const W = 900;
  const H = 560;
  const left = 64;
  const right = 20;
  const plotW = W - left - right;
  const top1 = 50;
  const h1 = 290;
  const top2 = top1 + h1 + 60;
  const h2 = 120;
  const seconds = Math.max(bookingSeries.length, readSeries.length, 1);
  const x = (i) => left + ((i + 0.5) / seconds) * plotW;
  const maxLatency = Math.max(160, ...bookingSeries.map((p) => p.p99).filter(Number.isFinite), ...readSeries.map((p) => p.p99).filter(Number.isFinite));
  const yMax = niceCeil(maxLatency);
  const y1 = (v) => top1 + h1 - (v / yMax) * h1;
  const maxRate = niceCeil(Math.max(1, ...bookingSeries.map((p) => p.n), ...readSeries.map((p) => p.n)));
  const y2 = (v) => top2 + h2 - (v / maxRate) * h2;
  const path = (series, key, y) =>
    series
      .map((p, i) => (Number.isFinite(p[key]) ? `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}` : null))
      .filter(Boolean)
      .map((pt, i) => `${i === 0 ? 'M' : 'L'}${pt}`)
      .join(' ');
  const esc = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">${esc(title)}</text>`);
  // Latency panel grid.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y1(v)}" y2="${y1(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${y1(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  parts.push(`<text x="14" y="${top1 + h1 / 2}" transform="rotate(-90 14 ${top1 + h1 / 2})" text-anchor="middle">latency per second (ms)</text>`);
  for (const [v, color, label] of [
    [TARGETS.bookingP99, '#d62728', 'booking p99 target 150 ms'],
    [TARGETS.readP99, '#1f77b4', 'availability p99 target 50 ms'],
  ]) {
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y1(v)}" y2="${y1(v)}" stroke="${color}" stroke-dasharray="6 4" stroke-opacity="0.6"/>`);
    parts.push(`<text x="${W - right - 4}" y="${y1(v) - 4}" text-anchor="end" fill="${color}" fill-opacity="0.8">${label}</text>`);
  }
  const lines = [
    [bookingSeries, 'p99', '#d62728', '', 'booking p99'],
    [bookingSeries, 'p50', '#ff9896', '', 'booking p50'],
    [readSeries, 'p99', '#1f77b4', '', 'availability p99'],
    [readSeries, 'p50', '#aec7e8', '', 'availability p50'],
  ];
  for (const [series, key, color] of lines) parts.push(`<path d="${path(series, key, y1)}" fill="none" stroke="${color}" stroke-width="2"/>`);
  lines.forEach(([, , color, , label], i) => {
    const lx = left + 10 + i * 150;
    parts.push(`<line x1="${lx}" x2="${lx + 22}" y1="40" y2="40" stroke="${color}" stroke-width="3"/><text x="${lx + 28}" y="44">${label}</text>`);
  });
  parts.push(`<rect x="${left}" y="${top1}" width="${plotW}" height="${h1}" fill="none" stroke="#999"/>`);
  // Throughput panel.
  for (let i = 0; i <= 2; i++) {
    const v = (maxRate / 2) * i;
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y2(v)}" y2="${y2(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${y2(v) + 4}" text-anchor="end">${Math.round(v)}</text>`);
  }
  parts.push(`<text x="14" y="${top2 + h2 / 2}" transform="rotate(-90 14 ${top2 + h2 / 2})" text-anchor="middle">responses/s</text>`);
  parts.push(`<path d="${path(bookingSeries, 'n', y2)}" fill="none" stroke="#d62728" stroke-width="2"/>`);
  parts.push(`<path d="${path(readSeries, 'n', y2)}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  parts.push(`<text x="${left + 10}" y="${top2 - 8}">booking attempts/s (red), availability reads/s (blue)</text>`);
  parts.push(`<rect x="${left}" y="${top2}" width="${plotW}" height="${h2}" fill="none" stroke="#999"/>`);
  const step = niceCeil(seconds / 12);
  for (let s = 0; s <= seconds; s += step) {
    const px = left + (s / seconds) * plotW;
    parts.push(`<line x1="${px}" x2="${px}" y1="${top2 + h2}" y2="${top2 + h2 + 4}" stroke="#999"/><text x="${px}" y="${top2 + h2 + 17}" text-anchor="middle">${s}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${H - 8}" text-anchor="middle">seconds since the rush began</text>`);
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeil(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// ---------------------------------------------------------------- main

async function main(server = 'api') {

  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  log(`created database ${opts.database}`);

  const port = await freePort();
  const logFile = join(tmpdir(), `booking-rush-api-${process.pid}.log`);
  let base = await startApi(port, logFile);
  log(`API healthy at ${base} (pid ${api.pid}, log ${logFile}), FAKE_NOW=${opts.fakeNow}`);

  const offices = await getJson(base, '/api/v1/offices');
  const office = offices.find((o) => o.name === EXTRANJERIA);
  if (!office) throw new Error(`demo office "${EXTRANJERIA}" not found (was the database empty before SEED_DEMO?)`);
  const officeServices = await getJson(base, `/api/v1/offices/${office.id}/services`);
  const today = localDateOf(opts.fakeNow, office.timeZone);
  const last = addDays(today, opts.horizonDays);
  const dates = [];
  for (let d = today; d <= last; d = addDays(d, 1)) dates.push(d);

  /** Both appointment services with every slot that has room, from one availability read each. */
  const services = [];
  for (const code of ['R', 'P']) {
    const service = officeServices.find((s) => s.code === code);
    if (!service) throw new Error(`service ${code} not found`);
    const availability = await getJson(base, `/api/v1/services/${service.id}/availability?from=${today}&to=${last}`);
    const days = availability.days
      .map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.remaining > 0) }))
      .filter((d) => d.slots.length > 0);
    const seats = days.reduce((sum, d) => sum + d.slots.reduce((n, s) => n + s.remaining, 0), 0);
    services.push({ id: service.id, code, name: service.name, days, seats });
    log(`${code} ${service.name}: ${days.length} open days ${days[0]?.date}..${days.at(-1)?.date}, ${seats} seats`);
  }
  const totalSeats = services.reduce((n, s) => n + s.seats, 0);
  if (totalSeats === 0) throw new Error('no seats open: check FAKE_NOW against the booking window');

  const random = rng(opts.seed);
  const bodies = prepareBodies(applicantFactory(services, 10_000_000, random), opts.applicants);

  // The warm-up's slots, read from the API (the yardstick serves the two hot endpoints only).
  const warm = [];
  if (opts.warmup) {
    const municipal = offices.find((o) => o.name === MUNICIPAL);
    const warmServices = municipal ? (await getJson(base, `/api/v1/offices/${municipal.id}/services`)).filter((s) => s.mode !== 'walk_in') : [];
    for (const s of warmServices) {
      const a = await getJson(base, `/api/v1/services/${s.id}/availability?from=${today}&to=${last}`);
      const days = a.days.map((d) => ({ date: d.date, slots: d.slots.filter((x) => x.remaining > 0) })).filter((d) => d.slots.length > 0);
      warm.push({ id: s.id, days, seats: days.reduce((n, d) => n + d.slots.reduce((m, x) => m + x.remaining, 0), 0) });
    }
  }

  if (server === 'bare') {
    // The API migrated and seeded the database and told the slots; the yardstick takes its place.
    await stopApi();
    const barePort = await freePort();
    const bareLog = join(tmpdir(), `booking-rush-bare-${process.pid}.log`);
    base = await startBare(barePort, bareLog);
    log(`yardstick (bare Fastify + pg) at ${base} (pid ${api.pid}, log ${bareLog}) on the same database`);
  }

  if (opts.warmup) {
    // JIT and pool warm-up on the other demo office, so the Extranjería seats stay untouched: a few
    // seconds of availability reads and some bookings of the municipal appointment service.
    if (warm.length > 0) {
      const warmBodies = prepareBodies(applicantFactory(warm, 30_000_000, rng(opts.seed + 1)), 600);
      const reads = availabilityCannon(base, warm, dates, 10, 0, null, 4);
      const posts = bookingCannon(base, warmBodies, 20, 0, null);
      await Promise.all([reads.done, posts.done]);
      log('warm-up done (availability reads and 600 booking attempts on the municipal office)');
    }
  }

  // ------------------------------------------------------------ the rush
  const bookingSamples = [];
  const readSamples = [];
  // Open loop: the connections are open before the hour, as the browsers of applicants who loaded
  // the page a minute earlier keep theirs (HTTP keep-alive); the closed loop opens them in the rush.
  const pools =
    opts.mode === 'rate'
      ? { bookings: await connectedPool(base, opts.connections, '/api/v1/offices'), reads: await connectedPool(base, Math.max(1, opts.readers), '/api/v1/offices') }
      : null;
  const cpuBefore = cpuSnapshot(api.pid);
  // The generator's own event-loop delay: a late generator would be charged to the API.
  const generatorDelay = monitorEventLoopDelay({ resolution: 5 });
  generatorDelay.enable();
  const t0 = performance.now();
  let transportErrors = 0;
  if (opts.mode === 'closed') {
    const readers = opts.readers > 0 ? availabilityCannon(base, services, dates, opts.readers, t0, readSamples, 600) : null;
    log(`rush: ${opts.applicants} applicants over ${opts.connections} connections, ${opts.readers} availability readers beside them`);
    const bookers = bookingCannon(base, bodies, opts.connections, t0, bookingSamples);
    transportErrors = (await bookers.done).errors; // connection errors and timeouts (a timeout counts as both)
    if (readers) {
      readers.instance.stop();
      await readers.done;
    }
  } else {
    log(`rush: ${opts.applicants} applicants at ${opts.rate}/s (open loop, up to ${opts.connections} connections), availability at ${opts.readRate}/s (up to ${opts.readers} connections)`);
    const readRandom = rng(opts.seed ^ 0x5eed);
    const readPaths = Array.from({ length: 4096 }, () => {
      const service = services[Math.floor(readRandom() * services.length)];
      const from = dates[Math.floor(readRandom() * Math.max(1, dates.length - 6))];
      return `/api/v1/services/${service.id}/availability?from=${from}&to=${addDays(from, 6)}`;
    });
    const failed = (sample) => sample.status === 0 && transportErrors++;
    await Promise.all([
      openLoop({
        pool: pools.bookings,
        rate: opts.rate,
        count: opts.applicants,
        t0,
        readBody: true,
        make: (i) => ({ method: 'POST', path: '/api/v1/bookings', headers: { 'content-type': 'application/json', ...(opts.idempotencyKeys ? { 'idempotency-key': `rush-${i}` } : {}) }, body: bodies[i] }),
        record: (sample) => {
          if (failed(sample)) return;
          let code = null;
          if (sample.status >= 400) {
            try {
              code = JSON.parse(sample.body).error ?? null;
            } catch {
              code = 'UNPARSEABLE';
            }
          }
          bookingSamples.push({ t: sample.t, latency: sample.latency, status: sample.status, code });
        },
      }),
      opts.readers > 0 && opts.readRate > 0
        ? openLoop({
            pool: pools.reads,
            rate: opts.readRate,
            count: Math.round((opts.readRate * opts.applicants) / opts.rate),
            t0,
            make: (i) => ({ method: 'GET', path: readPaths[i % readPaths.length] }),
            record: (sample) => failed(sample) || readSamples.push({ t: sample.t, latency: sample.latency, status: sample.status }),
          })
        : null,
    ]);
  }
  generatorDelay.disable();
  if (pools) await Promise.all([pools.bookings.close(), pools.reads.close()]);
  const rushSeconds = (performance.now() - t0) / 1000;
  const cpu = cpuSpent(cpuBefore, cpuSnapshot(api.pid));
  log(`rush over in ${rushSeconds.toFixed(1)} s`);

  // Only the reads that happened while bookings were running count for the read numbers.
  const lastAnswerMs = bookingSamples.reduce((latest, sample) => Math.max(latest, sample.t), 0);
  const rushMs = lastAnswerMs > 0 ? lastAnswerMs : rushSeconds * 1000;
  const readsDuring = opts.mode === 'rate' ? readSamples : readSamples.filter((s) => s.t <= rushMs);
  // The requests the server answered while its CPU was measured (closed loop: the readers go on until stopped, after the last booking).
  const cpuRequests = bookingSamples.length + (opts.mode === 'rate' ? readSamples.length : readSamples.filter((s) => s.t <= rushSeconds * 1000).length);

  const byStatus = {};
  for (const s of bookingSamples) {
    const key = s.code ? `${s.status} ${s.code}` : String(s.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const readStatus = {};
  for (const s of readsDuring) readStatus[s.status] = (readStatus[s.status] ?? 0) + 1;

  const created = summary(bookingSamples.filter((s) => s.status === 201).map((s) => s.latency));
  const soldOut = summary(bookingSamples.filter((s) => s.status === 409 && (s.code === 'SLOT_FULL' || s.code === 'DAY_FULL')).map((s) => s.latency));
  const allBookings = summary(bookingSamples.map((s) => s.latency));
  const reads = summary(readsDuring.filter((s) => s.status === 200).map((s) => s.latency));
  // Closed loop: answers per second until the last booking's answer (autocannon reports 'done' on
  // its one-second tick, so the rush's own length is rounded up to a whole second: 4 s against 5 s
  // made throughputs of 2,500/s and 2,000/s). Open loop: answers per second of the schedule (the
  // offered rate when every request was answered; lateness shows in the latencies).
  const scheduleSeconds = opts.mode === 'rate' ? opts.applicants / opts.rate : lastAnswerMs > 0 ? lastAnswerMs / 1000 : rushSeconds;
  const bookingRate = bookingSamples.length / scheduleSeconds;
  const readRate = readsDuring.length / scheduleSeconds;
  const serverErrors = bookingSamples.filter((s) => s.status >= 500).length + readsDuring.filter((s) => s.status >= 500).length;
  const missing = opts.applicants - bookingSamples.length;

  const over = await overbookingReport(services);
  const createdCount = byStatus['201'] ?? 0;

  // ------------------------------------------------------------ output
  const seconds = Math.ceil(rushSeconds);
  const bookingSeries = perSecond(bookingSamples, seconds);
  const readSeries = perSecond(readsDuring, seconds);
  mkdirSync(dirname(opts.svg), { recursive: true });
  writeFileSync(
    opts.svg,
    svgPlot(bookingSeries, readSeries, `Booking rush: ${opts.applicants} applicants, ${opts.connections} + ${opts.readers} connections, ${totalSeats} seats`),
  );

  const meets = (ok) => (ok ? 'met' : '**missed**');
  const lines = [
    `### Booking rush${opts.servers.length > 1 ? ` (${server === 'bare' ? 'yardstick: bare Fastify + pg' : 'API'})` : ''} — ${new Date().toISOString()}`,
    '',
    (opts.mode === 'closed'
      ? `Closed loop: ${opts.applicants} applicants (one POST each) over ${opts.connections} connections, ${opts.readers} connections reading availability (7-day ranges) beside them; `
      : `Open loop: ${opts.applicants} applicants (one POST each) sent at ${opts.rate}/s over up to ${opts.connections} connections, availability reads (7-day ranges) at ${opts.readRate}/s over up to ${opts.readers} connections; latency from each request's scheduled time; `) +
      `${totalSeats} seats (${services.map((s) => `${s.code} ${s.seats}`).join(', ')}) over ${services[0].days.length} working days; FAKE_NOW ${opts.fakeNow}; ` +
      `pool ${opts.poolSize}; Idempotency-Key ${opts.idempotencyKeys ? 'sent' : 'not sent'}; rush ${rushSeconds.toFixed(1)} s.`,
    '',
    '| measure | result | target | |',
    '| --- | ---: | ---: | --- |',
    `| booking attempts/s | ${fmt(bookingRate, 0)} | ≥ ${TARGETS.bookingsPerSecond} | ${meets(bookingRate >= TARGETS.bookingsPerSecond)} |`,
    `| booking p99, all attempts (ms) | ${fmt(allBookings.p99)} | < ${TARGETS.bookingP99} | ${meets(allBookings.p99 < TARGETS.bookingP99)} |`,
    `| availability reads/s (during the rush) | ${fmt(readRate, 0)} | ≥ ${TARGETS.readsPerSecond} | ${meets(readRate >= TARGETS.readsPerSecond)} |`,
    `| availability p99 (ms) | ${fmt(reads.p99)} | < ${TARGETS.readP99} | ${meets(reads.p99 < TARGETS.readP99)} |`,
    `| sold-out rejection cheaper than a booking (p50 409 vs 201) | ${fmt(soldOut.p50)} vs ${fmt(created.p50)} ms | 409 < 201 | ${meets(soldOut.p50 < created.p50)} |`,
    `| overbooking (bookings beyond seats or daily cap) | ${over.overbooking} | 0 | ${meets(over.overbooking === 0)} |`,
    `| 5xx responses | ${serverErrors} | 0 | ${meets(serverErrors === 0)} |`,
    '',
    `CPU during the rush (${rushSeconds.toFixed(1)} s, 2 cores = ${(2 * rushSeconds).toFixed(1)} CPU-s): ${server === 'bare' ? 'yardstick' : 'API'} process ${cpu.api.toFixed(1)} s ` +
      `(${fmt((cpu.api * 1000) / cpuRequests, 2)} ms per request), this load generator ${cpu.self.toFixed(1)} s, ` +
      `everything else (PostgreSQL, other processes) ${cpu.rest.toFixed(1)} s, idle ${cpu.idle.toFixed(1)} s. ` +
      `The generator's event loop was late by ${fmt(generatorDelay.percentile(99) / 1e6)} ms at p99 (${fmt(generatorDelay.max / 1e6)} ms at most).`,
    '',
    '| latency (ms) | count | p50 | p95 | p99 | max |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...[
      ['booking 201 created', created],
      ['booking 409 SLOT_FULL/DAY_FULL', soldOut],
      ['booking, every attempt', allBookings],
      ['availability 200', reads],
    ].map(([label, s]) => `| ${label} | ${s.count} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`),
    '',
    `Booking responses by status: ${Object.entries(byStatus)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}${missing > 0 ? `, no response: ${missing}` : ''}${transportErrors > 0 ? `, transport errors/timeouts: ${transportErrors}` : ''}. ` +
      `Availability during the rush: ${Object.entries(readStatus)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}.`,
    '',
    `After the run (SQL): ${over.confirmed} confirmed bookings (201 answers: ${createdCount}) for ${totalSeats} published seats; ` +
      `slots over their seats: ${over.overSlots} (${over.overSlotExcess} extra), over the published seats: ${over.overPublished}, ` +
      `days over the cap: ${over.overDays} (${over.overDayExcess} extra), ledger rows disagreeing with the bookings: ${over.ledgerDrift}.`,
  ];
  console.log(lines.join('\n'));
  log(`plot written to ${opts.svg}`);
  if (opts.json && opts.servers.length === 1) {
    writeFileSync(opts.json, JSON.stringify({ opts, rushSeconds, bookingRate, readRate, created, soldOut, allBookings, reads, byStatus, readStatus, over, serverErrors, totalSeats, bookingSeries, readSeries }, null, 2));
  }

  const failures = [];
  if (over.overbooking > 0) failures.push(`OVERBOOKING: ${over.overbooking}`);
  if (over.confirmed !== createdCount) failures.push(`confirmed bookings (${over.confirmed}) differ from 201 answers (${createdCount})`);
  if (over.ledgerDrift > 0) failures.push(`capacity ledger disagrees with the bookings on ${over.ledgerDrift} rows`);
  if (serverErrors > 0) failures.push(`${serverErrors} 5xx responses`);
  if (missing > 0 || transportErrors > 0) failures.push(`${missing} attempts without an answer, ${transportErrors} transport errors`);
  const requests = bookingSamples.length + readsDuring.length;
  const result = {
    server,
    rushSeconds,
    cpuSeconds: cpu.api,
    cpuMsPerRequest: (cpu.api * 1000) / cpuRequests,
    bookingRate,
    readRate,
    answersPerSecond: requests / scheduleSeconds,
    bookingP50: allBookings.p50,
    bookingP99: allBookings.p99,
    readP50: reads.p50,
    readP99: reads.p99,
    overbooking: over.overbooking,
    ledgerDrift: over.ledgerDrift,
    serverErrors,
    // Answers shed by the server's overload protection (503 OVERLOADED; the API only), bookings and reads.
    shed: bookingSamples.filter((x) => x.status === 503 && x.code === 'OVERLOADED').length + readsDuring.filter((x) => x.status === 503).length,
    byStatus,
    otherCpuSeconds: cpu.rest,
  };
  return { failures, result };
}

/** Stops the server of a run and drops its database, so the next run starts afresh. */
async function endRun() {
  await stopApi();
  if (dbCreated && !opts.keepDatabase) {
    await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
    dbCreated = false;
  }
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** The compare mode's summary: every run, each server's mean, and the API/yardstick ratios against issue #19's targets. */
function compareReport(results) {
  const closed = opts.mode === 'closed';
  const row = (r, i) =>
    `| ${i + 1} | ${r.server} | ${fmt(r.cpuMsPerRequest, 3)} | ${fmt(r.bookingRate, 0)} | ${fmt(r.answersPerSecond, 0)} | ${fmt(r.bookingP50)} / ${fmt(r.bookingP99)} | ${fmt(r.readP50)} / ${fmt(r.readP99)} | ${r.overbooking} | ${r.serverErrors} (${r.shed} shed) | ${fmt(r.otherCpuSeconds)} |`;
  const of = (server) => results.filter((r) => r.server === server);
  const api = of('api');
  const bare = of('bare');
  const lines = [
    `### Booking rush, API against the yardstick — ${new Date().toISOString()}`,
    '',
    `${closed ? `Closed loop, ${opts.connections} booking connections and ${opts.readers} readers` : `Open loop, ${opts.rate} bookings/s and ${opts.readers > 0 ? opts.readRate : 0} reads/s`}; ` +
      `${opts.applicants} applicants; servers in order ${opts.servers.join(', ')}, each on a fresh database with the same seeded applicants; pool ${opts.poolSize}.`,
    '',
    '| run | server | CPU ms/request | bookings/s | answers/s | booking p50 / p99 (ms) | read p50 / p99 (ms) | overbooking | 5xx (503 shed) | other CPU s |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(row),
  ];
  const ratios = {};
  if (api.length > 0 && bare.length > 0) {
    ratios.cpuPerRequest = mean(api.map((r) => r.cpuMsPerRequest)) / mean(bare.map((r) => r.cpuMsPerRequest));
    ratios.bookingThroughput = mean(api.map((r) => r.bookingRate)) / mean(bare.map((r) => r.bookingRate));
    ratios.answersThroughput = mean(api.map((r) => r.answersPerSecond)) / mean(bare.map((r) => r.answersPerSecond));
    const meets = (ok) => (ok ? 'met' : '**missed**');
    lines.push(
      '',
      '| ratio API / yardstick (means of the runs) | value | target | |',
      '| --- | ---: | ---: | --- |',
      `| CPU per request | ${fmt(ratios.cpuPerRequest, 2)}× (${fmt(mean(api.map((r) => r.cpuMsPerRequest)), 3)} vs ${fmt(mean(bare.map((r) => r.cpuMsPerRequest)), 3)} ms) | ≤ ${RATIO_TARGETS.cpuPerRequest}× | ${meets(ratios.cpuPerRequest <= RATIO_TARGETS.cpuPerRequest)} |`,
      closed
        ? `| closed-loop throughput (booking attempts/s) | ${fmt(ratios.bookingThroughput, 2)}× (${fmt(mean(api.map((r) => r.bookingRate)), 0)} vs ${fmt(mean(bare.map((r) => r.bookingRate)), 0)}) | ≥ ${RATIO_TARGETS.closedThroughput}× | ${meets(ratios.bookingThroughput >= RATIO_TARGETS.closedThroughput)} |`
        : `| answers/s (open loop: the offered rate when all were answered) | ${fmt(ratios.answersThroughput, 2)}× | – | |`,
    );
    // Per pair (api run i against the bare run next to it), to see the spread.
    const pairs = [];
    for (let i = 0; i < Math.min(api.length, bare.length); i++) pairs.push(`${fmt(api[i].cpuMsPerRequest / bare[i].cpuMsPerRequest, 2)}×${closed ? ` / ${fmt(api[i].bookingRate / bare[i].bookingRate, 2)}×` : ''}`);
    lines.push('', `Per pair (CPU per request${closed ? ' / booking throughput' : ''}): ${pairs.join(', ')}.`);
    const shedRuns = api.filter((r) => r.shed > 0).length;
    // A shed answer costs next to nothing: runs that shed flatter the API's ratios.
    if (shedRuns > 0) lines.push('', `**${shedRuns} API run(s) shed answers (503 OVERLOADED), which costs less than answering: the ratios flatter the API; compare with LOAD_SHED=false.**`);
  }
  console.log(lines.join('\n'));
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, runs: results, ratios, targets: RATIO_TARGETS }, null, 2));
}

let exitCode = 0;
try {
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/main.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  const results = [];
  for (const [i, server] of opts.servers.entries()) {
    if (opts.servers.length > 1) log(`run ${i + 1}/${opts.servers.length}: ${server}`);
    const { failures, result } = await main(server);
    results.push(result);
    if (failures.length > 0) {
      log(`FAILED (${server}): ${failures.join('; ')}`);
      exitCode = 1;
    }
    if (i < opts.servers.length - 1) await endRun();
  }
  if (opts.servers.length > 1) compareReport(results);
} catch (error) {
  log('FAILED:', error?.stack ?? error);
  exitCode = 2;
} finally {
  await cleanup();
}
process.exit(exitCode);
