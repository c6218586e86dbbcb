#!/usr/bin/env node
// Booking rush, waitlist phase (issue #18): 1,000 bookings cancelled during the rush while 5,000
// people wait for a seat of the same days. Every freed seat should become a held offer for the next
// matching person and its email go out; the rush itself should not notice.
//
//   BENCH_PHASES=waitlist node bench/booking-rush/run.mjs      (settings: README.md in this folder)
//
// One invocation runs the open-loop rush of run.mjs (BENCH_MODE=rate: bookings at BENCH_RATE/s,
// availability at BENCH_READ_RATE/s) once per entry of BENCH_WL_RUNS (default `without,with`), each
// on a fresh database and a fresh API process, with the same applicants, the same cancellations and
// the same SMTP receiver (in this process). Both runs cancel; only `with` has people waiting:
//
// 1. The rush starts. When the seats are as good as sold (the 201 answers reach the published seats
//    less 1 %, or BENCH_WL_JOIN_S seconds passed), `with` writes BENCH_WL_WAITING waitlist entries
//    in ONE SQL statement (not through POST /waitlist: the people who join are the ones the sale
//    refused, and would they join before it, the API's sweep would rightly offer them the seats
//    still free, i.e. take part in the sale). Each entry has its own address wl<i>@bench.invalid.
// 2. Right after, BENCH_WL_CANCELLATIONS bookings the rush confirmed (picked at random among the
//    201 answers so far) are cancelled through POST /bookings/{code}/cancel, open loop at
//    BENCH_WL_CANCEL_RATE/s. Each cancellation's sending instant and answer are recorded.
// 3. When the rush is over, the offers' emails are awaited (BENCH_WL_DRAIN_S at most). An offer is
//    "sent" when the SMTP receiver has it (wl<i>@ tells whose), and it is tied to its cancellation
//    through waitlist_offers (same service and slot, in order).
// 4. SQL: offers by cause, each offered person's wishes against the slot, the ledger (confirmed
//    bookings + held offers == slot_capacity.booked <= seats, the same per day), the outbox.
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { adminQuery, cleanUpOnSignals, databaseUrlOf, fmt, freePort, getJson, localDateOf, logger, quoteIdent, summary, tail, waitHealthy } from '../support/common.mjs';
import { connectedPool, openLoop } from '../support/open-loop.mjs';
import { addDays, applicantFactory, cpuSnapshot, cpuSpent, prepareBodies, rng, rutNormalized } from './shared.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));

const opts = {
  // 16,000 (20 s at 800/s) rather than the rush's 10,000 (12.5 s): the cancellations start once the
  // seats are sold, about 9 s in, and take ~7 s; the rush's load goes on around all of them.
  applicants: int('BENCH_APPLICANTS', 16_000),
  rate: int('BENCH_RATE', 800),
  readRate: int('BENCH_READ_RATE', 1500),
  connections: int('BENCH_CONNECTIONS', 200),
  readers: int('BENCH_READERS', 20),
  poolSize: int('BENCH_POOL_SIZE', 20),
  horizonDays: 30,
  fakeNow: env.BENCH_FAKE_NOW ?? '2026-12-01T08:00:00-03:00',
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_bench_waitlist',
  json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
  seed: int('BENCH_SEED', 20261201),
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  warmup: env.BENCH_WARMUP !== '0',
  runs: (env.BENCH_WL_RUNS ?? 'without,with').split(',').map((s) => s.trim()).filter(Boolean),
  waiting: int('BENCH_WL_WAITING', 5000),
  cancellations: int('BENCH_WL_CANCELLATIONS', 1000),
  cancelRate: int('BENCH_WL_CANCEL_RATE', 150),
  cancelConnections: int('BENCH_WL_CANCEL_CONNECTIONS', 20),
  joinAtSeconds: int('BENCH_WL_JOIN_S', 10),
  drainSeconds: int('BENCH_WL_DRAIN_S', 120),
  // After the rush (with): this many more people join through POST /waitlist, for that path's own figures.
  apiJoins: int('BENCH_WL_API_JOINS', 1000),
  apiJoinRate: int('BENCH_WL_API_JOIN_RATE', 200),
  // same: the API that serves the rush also sends the emails (NOTIFY_CONCURRENCY 5, its default).
  // separate: it sends none (NOTIFY_CONCURRENCY=0) and a second API process on the same database,
  // serving no request, sends them: the outbox's own deployment option.
  sender: env.BENCH_WL_SENDER ?? 'same',
};
if (!['same', 'separate'].includes(opts.sender)) throw new Error(`BENCH_WL_SENDER must be same or separate, not ${opts.sender}`);
for (const run of opts.runs) if (!['with', 'without'].includes(run)) throw new Error(`BENCH_WL_RUNS: each run is with or without, not ${run}`);

const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const MUNICIPAL = 'Municipalidad de La Serena – Atención Ciudadana';
const WAIT_DOC_BODY = 40_000_000;
const WARM_WAIT_DOC_BODY = 45_000_000;
const API_JOIN_DOC_BODY = 46_000_000;

const log = logger('booking-rush/waitlist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the SMTP receiver (this process)

/** smtp-server on a free port keeping no message: the instants each recipient received one. */
async function startReceiver() {
  const state = { received: new Map(), count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'bench' });
    },
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        const at = performance.now();
        for (const { address } of session.envelope.rcptTo) {
          const times = state.received.get(address);
          if (times) times.push(at);
          else state.received.set(address, [at]);
          state.count++;
        }
        callback();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address();
  return { url: `smtp://bench:bench@127.0.0.1:${port}`, state, reset: () => (state.received.clear(), (state.count = 0)), close: () => new Promise((r) => server.close(r)) };
}

// ---------------------------------------------------------------- lifecycle (always cleaned up)

let api = null;
let sender = null;
let receiver = null;
let dbCreated = false;
let cleaning = null;

async function stopApi() {
  const both = [api, sender];
  api = null;
  sender = null;
  await Promise.all(both.map((one) => stopOne(one)));
}

async function stopOne(one) {
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
  if (opts.keepDatabase) {
    log(`kept database ${opts.database} (BENCH_KEEP_DB=1)`);
    return;
  }
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  dbCreated = false;
}

function cleanup() {
  cleaning ??= (async () => {
    await stopApi().catch((error) => log('stopping the API failed:', error.message));
    await receiver?.close().catch(() => undefined);
    await dropDatabase().catch((error) => log('dropping the database failed:', error.message));
  })();
  return cleaning;
}

cleanUpOnSignals(cleanup, log);

async function startApi(smtpUrl, { notifyConcurrency = null } = {}) {
  const port = await freePort();
  const logFile = join(tmpdir(), `booking-rush-waitlist-api-${process.pid}-${port}.log`);
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
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Turnero <no-reply@bench.invalid>',
    PUBLIC_URL: 'https://turnos.example.cl',
    REDIS_URL: '',
    ...(notifyConcurrency === null ? {} : { NOTIFY_CONCURRENCY: String(notifyConcurrency) }),
  };
  for (const name of Object.keys(childEnv)) if (name.startsWith('TWILIO_')) delete childEnv[name];
  const out = createWriteStream(logFile);
  const proc = spawn(process.execPath, [join(apiRoot, 'dist/apps/api/main.js')], { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  const one = { proc, pid: proc.pid, exited: once(proc, 'exit'), base: `http://127.0.0.1:${port}`, logFile };
  if (notifyConcurrency === null || notifyConcurrency === 0) api = one;
  else sender = one;
  await waitHealthy(proc, one.base, logFile);
  return one;
}

async function withDb(fn) {
  const client = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database), application_name: 'bench-waitlist' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Bookable seats of a service over the horizon, from one availability read. */
async function openSeats(base, service, today, last) {
  const availability = await getJson(base, `/api/v1/services/${service.id}/availability?from=${today}&to=${last}`);
  const days = availability.days.map((d) => ({ date: d.date, slots: d.slots.filter((s) => s.remaining > 0) })).filter((d) => d.slots.length > 0);
  return { id: service.id, code: service.code, name: service.name, days, seats: days.reduce((n, d) => n + d.slots.reduce((m, s) => m + s.remaining, 0), 0) };
}

// ---------------------------------------------------------------- the people waiting

/**
 * `count` wishes over the rush's days, dealt like the applicants (service by its share of the
 * seats, first day skewed early): a range of 3–15 days; a quarter name two to four weekdays, a fifth
 * want mornings only. Deterministic (seeded), so both runs and every invocation wait alike.
 */
function wishesOf(services, dates, count, random) {
  const totalSeats = services.reduce((n, s) => n + s.seats, 0);
  const wishes = [];
  for (let i = 0; i < count; i++) {
    let pick = random() * totalSeats;
    const service = services.find((s) => (pick -= s.seats) < 0) ?? services[services.length - 1];
    const from = dates[Math.floor(random() ** 2 * (dates.length - 2))];
    const to = [addDays(from, 2 + Math.floor(random() * 13)), dates[dates.length - 1]].sort()[0];
    let weekdays = null;
    if (random() < 0.25) {
      const all = [1, 2, 3, 4, 5].sort(() => random() - 0.5);
      weekdays = all.slice(0, 2 + Math.floor(random() * 3)).sort();
    }
    wishes.push({ serviceId: service.id, from, to, weekdays, morningOnly: random() < 0.2 });
  }
  return wishes;
}

/** Writes the entries in one statement, in the order given (their seq is that order). */
async function insertEntries(db, { officeId, wishes, firstDocBody, emailPrefix, joinedAt }) {
  const t = performance.now();
  const n = wishes.length;
  await db.query(
    `INSERT INTO waitlist_entries (code, office_id, service_id, from_date, to_date, weekdays, morning_only, document_type, document_number,
                                   full_name, email, phone, sms_consent, language, status, misses, joined_at, created_at, updated_at)
     SELECT upper(substr(md5($9::text || w.i), 1, 10)), $1::uuid, w.service_id, w.from_date, w.to_date,
            CASE WHEN w.weekdays = '' THEN NULL ELSE string_to_array(w.weekdays, ',')::smallint[] END, w.morning_only,
            'RUT'::document_type, w.document_number, 'Persona en espera ' || w.i, $9::text || w.i || '@bench.invalid', NULL, false, 'es', 'waiting', 0, $8::timestamptz, $8::timestamptz, $8::timestamptz
       FROM unnest($2::uuid[], $3::date[], $4::date[], $5::text[], $6::bool[], $7::text[]) WITH ORDINALITY
            AS w(service_id, from_date, to_date, weekdays, morning_only, document_number, i)
      ORDER BY w.i`,
    [
      officeId,
      wishes.map((w) => w.serviceId),
      wishes.map((w) => w.from),
      wishes.map((w) => w.to),
      wishes.map((w) => (w.weekdays ? w.weekdays.join(',') : '')),
      wishes.map((w) => w.morningOnly),
      wishes.map((_, i) => rutNormalized(firstDocBody + i)),
      joinedAt,
      emailPrefix,
    ],
  );
  return { count: n, ms: performance.now() - t };
}

// ---------------------------------------------------------------- one rush

/**
 * One rush on a fresh database and API: warm-up, the open-loop rush (bookings + availability) and,
 * once the seats are sold, the cancellations (and, `with`, the people waiting). Returns its figures.
 */
async function rushOnce(label, withWaitlist) {
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  receiver.reset();
  const { base, pid } = await startApi(receiver.url, { notifyConcurrency: opts.sender === 'separate' ? 0 : null });
  log(`[${label}] API healthy at ${base} (pid ${pid}, log ${api.logFile})`);
  if (opts.sender === 'separate') {
    // After the first one has migrated and seeded the database.
    await startApi(receiver.url, { notifyConcurrency: 5 });
    log(`[${label}] sending API healthy (pid ${sender.pid}, NOTIFY_CONCURRENCY=5, log ${sender.logFile})`);
  }
  const hasWaitlist = await withDb(async (db) => (await db.query(`SELECT to_regclass('waitlist_entries') IS NOT NULL AS ok`)).rows[0].ok);
  if (withWaitlist && !hasWaitlist) throw new Error('this build has no waitlist_entries table: build a checkout with the waitlist (BENCH_API_ROOT)');

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
    if (!service) throw new Error(`service ${code} not found`);
    services.push(await openSeats(base, service, today, last));
  }
  const totalSeats = services.reduce((n, s) => n + s.seats, 0);
  const holdMinutes = await withDb(async (db) => (await db.query(`SELECT waitlist_hold_minutes AS m FROM offices WHERE id = $1`, [office.id])).rows[0]?.m ?? 30);

  // The same applicants (and the same people waiting) in every run: seeded.
  const factory = applicantFactory(services, 10_000_000, rng(opts.seed));
  const applicants = Array.from({ length: opts.applicants }, (_, i) => factory(i));
  const bodies = applicants.map((a) => JSON.stringify(a));
  const wishes = wishesOf(services, dates, opts.waiting, rng(opts.seed ^ 0x3a17));

  // ------------------------------------------------------------ warm-up (the municipal office)
  if (opts.warmup) {
    const municipal = offices.find((o) => o.name === MUNICIPAL);
    const warm = [];
    for (const s of (await getJson(base, `/api/v1/offices/${municipal.id}/services`)).filter((x) => x.mode !== 'walk_in')) warm.push(await openSeats(base, s, today, last));
    const warmFactory = applicantFactory(warm, 30_000_000, rng(opts.seed + 1));
    const warmApplicants = Array.from({ length: 600 }, (_, i) => warmFactory(i));
    const pool = await connectedPool(base, 20, '/api/v1/offices');
    const confirmed = [];
    const warmReads = Array.from({ length: 1000 }, (_, i) => `/api/v1/services/${warm[i % warm.length].id}/availability?from=${dates[i % 20]}&to=${dates[(i % 20) + 6]}`);
    await Promise.all([
      openLoop({
        pool,
        rate: 300,
        count: warmApplicants.length,
        readBody: true,
        make: (i) => ({ method: 'POST', path: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, body: JSON.stringify(warmApplicants[i]) }),
        record: (s) => s.status === 201 && confirmed.push({ code: JSON.parse(s.body).code, documentNumber: warmApplicants[s.i].applicant.documentNumber }),
      }),
      openLoop({ pool, rate: 500, count: warmReads.length, make: (i) => ({ method: 'GET', path: warmReads[i] }), record: () => undefined }),
    ]);
    // The cancellation path too, and (with) the offer and its email: a hundred people wait for the
    // municipal seats (they will get free ones from the sweep or cancelled ones).
    const warmWaiting = withWaitlist ? Math.min(100, confirmed.length) : 0;
    if (warmWaiting > 0) {
      const appNow = (await getJson(base, '/api/v1/time')).now;
      const warmWishes = wishesOf(warm, dates.slice(0, 10), warmWaiting, rng(opts.seed + 2));
      await withDb((db) => insertEntries(db, { officeId: municipal.id, wishes: warmWishes, firstDocBody: WARM_WAIT_DOC_BODY, emailPrefix: 'ww', joinedAt: appNow }));
    }
    const cancels = confirmed.slice(0, 100);
    await openLoop({
      pool,
      rate: 100,
      count: cancels.length,
      make: (i) => ({ method: 'POST', path: `/api/v1/bookings/${cancels[i].code}/cancel`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documentNumber: cancels[i].documentNumber }) }),
      record: () => undefined,
    });
    const until = performance.now() + 30_000;
    while (warmWaiting > 0 && receiver.state.count < warmWaiting && performance.now() < until) await sleep(200);
    await pool.close();
    log(`[${label}] warm-up: ${confirmed.length} municipal bookings, ${cancels.length} cancelled${warmWaiting ? `, ${warmWaiting} waiting, ${receiver.state.count} offer emails received` : ''}`);
  }
  receiver.reset();

  // ------------------------------------------------------------ the rush
  const readRandom = rng(opts.seed ^ 0x5eed);
  const readPaths = Array.from({ length: 4096 }, () => {
    const service = services[Math.floor(readRandom() * services.length)];
    const from = dates[Math.floor(readRandom() * Math.max(1, dates.length - 6))];
    return `/api/v1/services/${service.id}/availability?from=${from}&to=${addDays(from, 6)}`;
  });
  const pools = {
    bookings: await connectedPool(base, opts.connections, '/api/v1/offices'),
    reads: await connectedPool(base, Math.max(1, opts.readers), '/api/v1/offices'),
    cancels: await connectedPool(base, opts.cancelConnections, '/api/v1/offices'),
  };
  const db = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database), application_name: 'bench-waitlist' });
  await db.connect();
  // The app's clock runs on from FAKE_NOW: its offset to this machine's, for the hold windows.
  const appOffsetMs = Date.parse((await getJson(base, '/api/v1/time')).now) - Date.now();
  const appNowAt = (perfMs) => Date.now() + appOffsetMs - (performance.now() - perfMs);

  const bookingSamples = [];
  const readSamples = [];
  const confirmed = [];
  let transportErrors = 0;
  const pgBefore = await pgCpu(db);
  const cpuBefore = cpuSnapshot(pid);
  const senderBefore = sender ? cpuSnapshot(sender.pid).api : 0;
  const generatorDelay = monitorEventLoopDelay({ resolution: 5 });
  generatorDelay.enable();
  const t0 = performance.now();
  log(`[${label}] rush: ${opts.applicants} applicants at ${opts.rate}/s, availability at ${opts.readRate}/s, ${totalSeats} seats; then ${opts.cancellations} cancellations at ${opts.cancelRate}/s${withWaitlist ? `, ${opts.waiting} people waiting` : ', nobody waiting'}`);

  const bookingsDone = openLoop({
    pool: pools.bookings,
    rate: opts.rate,
    count: opts.applicants,
    t0,
    readBody: true,
    make: (i) => ({ method: 'POST', path: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, body: bodies[i] }),
    record: (sample) => {
      if (sample.status === 0) return void transportErrors++;
      let code = null;
      if (sample.status === 201) confirmed.push({ code: JSON.parse(sample.body).code, i: sample.i });
      else if (sample.status >= 400) {
        try {
          code = JSON.parse(sample.body).error ?? null;
        } catch {
          code = 'UNPARSEABLE';
        }
      }
      bookingSamples.push({ t: sample.t, latency: sample.latency, status: sample.status, code });
    },
  });
  const readsDone =
    opts.readers > 0 && opts.readRate > 0
      ? openLoop({
          pool: pools.reads,
          rate: opts.readRate,
          count: Math.round((opts.readRate * opts.applicants) / opts.rate),
          t0,
          make: (i) => ({ method: 'GET', path: readPaths[i % readPaths.length] }),
          record: (sample) => (sample.status === 0 ? transportErrors++ : readSamples.push({ t: sample.t, latency: sample.latency, status: sample.status })),
        })
      : Promise.resolve();

  // Sold out: the 201 answers reach the published seats less 1 % (a few seats nobody picks), or
  // BENCH_WL_JOIN_S passed; and there are enough confirmed bookings to cancel.
  const slack = Math.max(20, Math.ceil(totalSeats / 100));
  const cancels = [];
  let joined = null;
  let cancelStart = NaN;
  const cancelsDone = (async () => {
    while (!((confirmed.length >= totalSeats - slack || performance.now() - t0 >= opts.joinAtSeconds * 1000) && confirmed.length >= opts.cancellations)) {
      await sleep(10);
      if (performance.now() - t0 > 120_000) throw new Error(`only ${confirmed.length} bookings confirmed after 120 s: too few to cancel ${opts.cancellations}`);
    }
    const soldAt = performance.now() - t0;
    if (withWaitlist) {
      joined = await insertEntries(db, { officeId: office.id, wishes, firstDocBody: WAIT_DOC_BODY, emailPrefix: 'wl', joinedAt: new Date(appNowAt(performance.now())).toISOString() });
      joined.at = soldAt;
    }
    log(`[${label}] ${confirmed.length} bookings confirmed at ${fmt(soldAt / 1000, 2)} s${joined ? `; ${joined.count} people waiting, written in ${fmt(joined.ms)} ms` : ''}; cancellations start`);
    const random = rng(opts.seed ^ 0xca9c);
    const candidates = [];
    let seen = 0;
    cancelStart = performance.now();
    await openLoop({
      pool: pools.cancels,
      rate: opts.cancelRate,
      count: opts.cancellations,
      t0: cancelStart,
      make: (i) => {
        // One of the bookings confirmed by now, at random (the list grows while the rush answers).
        while (seen < confirmed.length) candidates.push(confirmed[seen++]);
        const j = Math.floor(random() * candidates.length);
        const booking = candidates[j];
        candidates[j] = candidates[candidates.length - 1];
        candidates.pop();
        const applicant = applicants[booking.i];
        cancels[i] = { code: booking.code, serviceId: applicant.serviceId, slotStart: Date.parse(applicant.slotStart), sentAt: cancelStart + i * (1000 / opts.cancelRate) };
        return { method: 'POST', path: `/api/v1/bookings/${booking.code}/cancel`, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documentNumber: applicant.applicant.documentNumber }) };
      },
      record: (sample) => Object.assign(cancels[sample.i], { status: sample.status, latency: sample.latency, answeredAt: performance.now() }),
    });
  })();
  await Promise.all([bookingsDone, readsDone, cancelsDone]);
  generatorDelay.disable();
  const rushMs = performance.now() - t0;
  const cpu = cpuSpent(cpuBefore, cpuSnapshot(pid));
  cpu.pg = (await pgCpu(db)) - pgBefore;
  cpu.sender = sender ? cpuSnapshot(sender.pid).api - senderBefore : 0;
  await Promise.all(Object.values(pools).map((p) => p.close()));
  log(`[${label}] rush and cancellations over in ${fmt(rushMs / 1000)} s`);

  // ------------------------------------------------------------ the offers' emails
  let offersQueued = 0;
  let drainMs = 0;
  let drainCpu = 0;
  if (hasWaitlist) {
    const drainStart = performance.now();
    const cpuDrain = cpuSnapshot(sender?.pid ?? pid);
    while (performance.now() - drainStart < opts.drainSeconds * 1000) {
      // This office's offers only: the warm-up's (the municipal office) were received before the receiver's reset.
      const { rows } = await db.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE n.status = 'queued')::int AS queued
           FROM notifications n JOIN waitlist_entries e ON e.id = n.waitlist_entry_id WHERE n.kind = 'waitlist_offer' AND e.office_id = $1`,
        [office.id],
      );
      offersQueued = rows[0].n;
      if (rows[0].queued === 0 && receiver.state.count >= offersQueued) break;
      await sleep(250);
    }
    drainMs = performance.now() - drainStart;
    drainCpu = cpuSpent(cpuDrain, cpuSnapshot(sender?.pid ?? pid)).api;
  }

  // ------------------------------------------------------------ joining through the API (with)
  // The rush is over: more people join through POST /waitlist, open loop, for that path's latency
  // and its 'waitlist_joined' emails. Not part of the rush's figures.
  let apiJoin = null;
  if (withWaitlist && opts.apiJoins > 0) {
    const joinWishes = wishesOf(services, dates, opts.apiJoins, rng(opts.seed ^ 0x101));
    const pool = await connectedPool(base, 20, '/api/v1/offices');
    const samples = [];
    const received = receiver.state.count;
    const start = performance.now();
    await openLoop({
      pool,
      rate: opts.apiJoinRate,
      count: joinWishes.length,
      readBody: true,
      make: (i) => {
        const w = joinWishes[i];
        const body = {
          serviceId: w.serviceId,
          from: w.from,
          to: w.to,
          ...(w.weekdays ? { weekdays: w.weekdays } : {}),
          morningOnly: w.morningOnly,
          applicant: { documentType: 'RUT', documentNumber: rutNormalized(API_JOIN_DOC_BODY + i), fullName: 'Persona en espera', email: `wj${i}@bench.invalid` },
        };
        return { method: 'POST', path: '/api/v1/waitlist', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
      },
      record: (sample) => samples.push({ status: sample.status, latency: sample.latency, error: sample.status >= 400 ? sample.body.slice(0, 200) : null }),
    });
    await pool.close();
    const until = performance.now() + 60_000;
    const created = samples.filter((x) => x.status === 201).length;
    while (receiver.state.count - received < created && performance.now() < until) await sleep(250);
    apiJoin = {
      statuses: countBy(samples.map((x) => x.status)),
      firstError: samples.find((x) => x.error)?.error ?? null,
      latency: summary(samples.filter((x) => x.status === 201).map((x) => x.latency)),
      emails: receiver.state.count - received,
      seconds: (performance.now() - start) / 1000,
    };
    log(`[${label}] ${created} of ${joinWishes.length} joined through POST /waitlist: p50 ${fmt(apiJoin.latency.p50)} ms, p99 ${fmt(apiJoin.latency.p99)} ms; ${apiJoin.emails} emails`);
  }

  // ------------------------------------------------------------ checks (SQL)
  const ledger = await ledgerCheck(db, services.map((s) => s.id), hasWaitlist);
  const offers = hasWaitlist
    ? (
        await db.query(
          `SELECT o.cause, o.status, o.service_id, o.slot_start, o.offered_at, e.email, e.seq,
                  (lt.d BETWEEN e.from_date AND e.to_date
                   AND (e.weekdays IS NULL OR extract(isodow FROM lt.t)::smallint = ANY (e.weekdays))
                   AND (NOT e.morning_only OR lt.t::time < time '12:00')) AS matches
             FROM waitlist_offers o JOIN waitlist_entries e ON e.id = o.entry_id JOIN offices f ON f.id = o.office_id
                  CROSS JOIN LATERAL (SELECT (o.slot_start AT TIME ZONE f.time_zone) AS t, (o.slot_start AT TIME ZONE f.time_zone)::date AS d) lt
            WHERE o.service_id = ANY ($1)
            ORDER BY o.offered_at, e.seq`,
          [services.map((s) => s.id)],
        )
      ).rows
    : [];
  const outbox = hasWaitlist
    ? (
        await db.query(
          `SELECT n.status::text AS status, count(*)::int AS n FROM notifications n JOIN waitlist_entries e ON e.id = n.waitlist_entry_id
            WHERE n.kind = 'waitlist_offer' AND e.office_id = $1 GROUP BY 1 ORDER BY 1`,
          [office.id],
        )
      ).rows
    : [];
  const cancelledRows = (await db.query(`SELECT count(*)::int AS n FROM bookings WHERE status = 'cancelled' AND service_id = ANY ($1)`, [services.map((s) => s.id)])).rows[0].n;
  await db.end();
  await stopApi();
  await dropDatabase();

  // ------------------------------------------------------------ figures
  const okCancels = cancels.filter((c) => c.status === 200);
  // What the design promises: a cancelled seat becomes an offer when its hold window is at least
  // 10 minutes and someone waiting matches it (first by seq). Replayed here in answer order.
  let expectedOffers = 0;
  if (withWaitlist) {
    const taken = new Uint8Array(wishes.length);
    for (const c of [...okCancels].sort((a, b) => a.answeredAt - b.answeredAt)) {
      const now = appNowAt(c.sentAt);
      const expires = Math.min(now + holdMinutes * 60_000, now + Math.floor((c.slotStart - now) / 2));
      if (!(c.slotStart > now) || expires - now < 10 * 60_000) continue;
      const local = DateTime.fromMillis(c.slotStart, { zone: office.timeZone });
      const date = local.toISODate();
      const k = wishes.findIndex((w, i) => !taken[i] && w.serviceId === c.serviceId && date >= w.from && date <= w.to && (!w.weekdays || w.weekdays.includes(local.weekday)) && (!w.morningOnly || local.hour < 12));
      if (k >= 0) {
        taken[k] = 1;
        expectedOffers++;
      }
    }
  }
  // Each cancellation-caused offer tied to a cancellation of the same service and slot, in order.
  const bySlot = new Map();
  for (const c of [...okCancels].sort((a, b) => a.answeredAt - b.answeredAt)) {
    const key = `${c.serviceId}|${c.slotStart}`;
    if (!bySlot.has(key)) bySlot.set(key, []);
    bySlot.get(key).push(c);
  }
  const fromCancel = offers.filter((o) => o.cause === 'cancellation');
  const toSent = [];
  const toSentFromAnswer = [];
  const sentTimes = [];
  let unpaired = 0;
  let notReceived = 0;
  let duplicates = 0;
  for (const o of fromCancel) {
    const c = bySlot.get(`${o.service_id}|${o.slot_start.getTime()}`)?.shift();
    const times = receiver.state.received.get(o.email) ?? [];
    if (times.length > 1) duplicates += times.length - 1;
    if (!c) {
      unpaired++;
      continue;
    }
    if (times.length === 0) {
      notReceived++;
      continue;
    }
    toSent.push(times[0] - c.sentAt);
    toSentFromAnswer.push(times[0] - c.answeredAt);
    sentTimes.push(times[0]);
  }
  sentTimes.sort((a, b) => a - b);
  const firstCancel = okCancels.length ? Math.min(...okCancels.map((c) => c.sentAt)) : NaN;
  const lastCancel = okCancels.length ? Math.max(...okCancels.map((c) => c.answeredAt)) : NaN;
  const reofferSpan = sentTimes.length ? (sentTimes[sentTimes.length - 1] - firstCancel) / 1000 : NaN;
  const perSecondSent = new Map();
  for (const t of sentTimes) perSecondSent.set(Math.floor((t - t0) / 1000), (perSecondSent.get(Math.floor((t - t0) / 1000)) ?? 0) + 1);
  // Per second of the rush: cancellations sent, offer emails received.
  const seconds = Math.ceil(((sentTimes.at(-1) ?? t0 + rushMs) - t0) / 1000) + 1;
  const series = Array.from({ length: seconds }, () => [0, 0]);
  for (const c of okCancels) series[Math.floor((c.sentAt - t0) / 1000)][0]++;
  for (const t of sentTimes) series[Math.floor((t - t0) / 1000)][1]++;
  const window = (samples) => samples.filter((s) => t0 + s.t >= firstCancel && t0 + s.t <= lastCancel);

  const byStatus = {};
  for (const s of bookingSamples) {
    const key = s.code ? `${s.status} ${s.code}` : String(s.status);
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const requests = bookingSamples.length + readSamples.length + cancels.length;
  return {
    label,
    withWaitlist,
    totalSeats,
    rushSeconds: rushMs / 1000,
    soldAt: joined?.at ?? (Number.isFinite(cancelStart) ? cancelStart - t0 : NaN),
    joined,
    bookings: summary(bookingSamples.map((s) => s.latency)),
    created: summary(bookingSamples.filter((s) => s.status === 201).map((s) => s.latency)),
    reads: summary(readSamples.filter((s) => s.status === 200).map((s) => s.latency)),
    windowBookings: summary(window(bookingSamples).map((s) => s.latency)),
    windowReads: summary(window(readSamples).map((s) => s.latency)),
    cancel: summary(okCancels.map((c) => c.latency)),
    cancelStatuses: countBy(cancels.map((c) => c.status ?? 'no answer')),
    cancelWindowSeconds: (lastCancel - firstCancel) / 1000,
    cancelledRows,
    byStatus,
    bookingsPerSecond: bookingSamples.length / (opts.applicants / opts.rate),
    serverErrors: bookingSamples.filter((s) => s.status >= 500).length + readSamples.filter((s) => s.status >= 500).length + cancels.filter((c) => c.status >= 500).length,
    transportErrors,
    missing: opts.applicants - bookingSamples.length,
    cpu,
    cpuPerRequestMs: (cpu.api * 1000) / requests,
    requests,
    generatorP99: generatorDelay.percentile(99) / 1e6,
    ledger,
    offers: { total: offers.length, byCause: countBy(offers.map((o) => o.cause)), byStatus: countBy(offers.map((o) => o.status)), mismatched: offers.filter((o) => !o.matches).length },
    expectedOffers,
    fromCancel: fromCancel.length,
    unpaired,
    notReceived,
    duplicates,
    toSent: summary(toSent),
    toSentFromAnswer: summary(toSentFromAnswer),
    reofferedPerSecond: sentTimes.length / reofferSpan,
    peakSentPerSecond: Math.max(0, ...perSecondSent.values()),
    outbox,
    offersQueued,
    drainSeconds: drainMs / 1000,
    drainCpu,
    holdMinutes,
    apiJoin,
    series,
  };
}

/**
 * CPU seconds so far of the PostgreSQL backends serving the benchmark's database (the API's pool,
 * graphile-worker's), from /proc: the database's share of the server, whatever else the machine runs.
 * A backend that ends between two readings takes its seconds with it; the pools keep theirs open.
 */
async function pgCpu(db) {
  const { rows } = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  let seconds = 0;
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      seconds += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone, or not Linux
    }
  }
  return seconds;
}

function countBy(values) {
  const out = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/**
 * The ledger after the run: per slot, confirmed bookings + held offers == slot_capacity.booked <=
 * seats; per local day, the same against day_capacity (booked <= cap).
 */
async function ledgerCheck(db, serviceIds, hasWaitlist) {
  const held = hasWaitlist
    ? `UNION ALL SELECT service_id, slot_start, local_date FROM waitlist_offers WHERE status = 'held' AND service_id = ANY ($1)`
    : '';
  const taken = `SELECT service_id, slot_start, local_date FROM bookings WHERE status = 'confirmed' AND service_id = ANY ($1) ${held}`;
  const slots = (
    await db.query(
      `SELECT count(*)::int AS slots,
              count(*) FILTER (WHERE coalesce(t.n, 0) <> sc.booked)::int AS drift,
              count(*) FILTER (WHERE sc.booked > sc.seats)::int AS over,
              coalesce(sum(t.n), 0)::int AS taken, coalesce(sum(sc.booked), 0)::int AS booked
         FROM slot_capacity sc FULL JOIN (SELECT service_id, slot_start, count(*)::int AS n FROM (${taken}) x GROUP BY 1, 2) t USING (service_id, slot_start)
        WHERE coalesce(sc.service_id, t.service_id) = ANY ($1)`,
      [serviceIds],
    )
  ).rows[0];
  const days = (
    await db.query(
      `SELECT count(*) FILTER (WHERE coalesce(t.n, 0) <> dc.booked)::int AS drift,
              count(*) FILTER (WHERE dc.booked > dc.cap)::int AS over
         FROM day_capacity dc FULL JOIN (SELECT service_id, local_date, count(*)::int AS n FROM (${taken}) x GROUP BY 1, 2) t USING (service_id, local_date)
        WHERE coalesce(dc.service_id, t.service_id) = ANY ($1)`,
      [serviceIds],
    )
  ).rows[0];
  return { ...slots, dayDrift: days.drift, dayOver: days.over, ok: slots.drift === 0 && slots.over === 0 && days.drift === 0 && days.over === 0 };
}

// ---------------------------------------------------------------- report

function report(results) {
  const cols = results.map((r, i) => (results.filter((x) => x.label === r.label).length > 1 ? `${r.label} #${i + 1}` : r.label));
  const row = (name, f) => `| ${name} | ${results.map((r) => f(r)).join(' | ')} |`;
  const pair = (a, b) => `${fmt(a)} / ${fmt(b)}`;
  const waitlistRuns = results.filter((r) => r.withWaitlist);
  const lines = [
    `### Booking rush with the waitlist — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Open loop: ${opts.applicants} applicants at ${opts.rate}/s (up to ${opts.connections} connections), availability at ${opts.readRate}/s (up to ${opts.readers}); ` +
      `${results[0]?.totalSeats} seats; once sold, ${opts.cancellations} of the confirmed bookings cancelled at ${opts.cancelRate}/s (up to ${opts.cancelConnections} connections); ` +
      `\`with\`: ${opts.waiting} people waiting (one SQL statement at the sale's end), offers mailed to an SMTP receiver in the benchmark's process. ` +
      `${opts.sender === 'separate' ? 'One API process serving (NOTIFY_CONCURRENCY=0) and a second one sending the emails' : 'One API process, serving and sending'} (NODE_ENV=development, FAKE_NOW ${opts.fakeNow}, pool ${opts.poolSize}) and PostgreSQL, fresh per run; ${cpus().length} cores; load average ${loadavg()[0].toFixed(2)} at the end.`,
    '',
    `| measure | ${cols.join(' | ')} |`,
    `| --- | ${cols.map(() => '---:').join(' | ')} |`,
    row('booking attempts answered/s (of the rate sent)', (r) => fmt(r.bookingsPerSecond, 0)),
    row('booking p50 / p99, every attempt (ms)', (r) => pair(r.bookings.p50, r.bookings.p99)),
    row('booking 201: count, p50 / p99 (ms)', (r) => `${r.created.count}, ${pair(r.created.p50, r.created.p99)}`),
    row('availability p50 / p99 (ms)', (r) => pair(r.reads.p50, r.reads.p99)),
    row('while cancelling: booking p50 / p99 (ms)', (r) => pair(r.windowBookings.p50, r.windowBookings.p99)),
    row('while cancelling: availability p50 / p99 (ms)', (r) => pair(r.windowReads.p50, r.windowReads.p99)),
    row('cancellations answered 200 (of sent); p50 / p99 (ms)', (r) => `${r.cancelStatuses[200] ?? 0} (${opts.cancellations}); ${pair(r.cancel.p50, r.cancel.p99)}`),
    row('sold at (s); cancelling from then for (s)', (r) => `${fmt(r.soldAt / 1000, 2)}; ${fmt(r.cancelWindowSeconds)}`),
    row('API CPU (s) over the rush; ms per request', (r) => `${fmt(r.cpu.api)} of ${fmt(r.rushSeconds)}; ${fmt(r.cpuPerRequestMs, 2)}`),
    ...(opts.sender === 'separate' ? [row('sending API CPU (s) over the rush', (r) => fmt(r.cpu.sender))] : []),
    row('PostgreSQL CPU for this database (s); ms per request', (r) => `${fmt(r.cpu.pg)}; ${fmt((r.cpu.pg * 1000) / r.requests, 2)}`),
    row('generator / everything else / idle CPU (s)', (r) => `${fmt(r.cpu.self)} / ${fmt(Math.max(0, r.cpu.rest - r.cpu.pg - r.cpu.sender))} / ${fmt(r.cpu.idle)}`),
    row('generator event loop late, p99 (ms)', (r) => fmt(r.generatorP99)),
    row('ledger: confirmed + held = booked ≤ seats (slots, days)', (r) => (r.ledger.ok ? `holds (${r.ledger.slots} slots)` : `**${r.ledger.drift} slots drift, ${r.ledger.over} over; days ${r.ledger.dayDrift} drift, ${r.ledger.dayOver} over**`)),
    row('5xx / without answer', (r) => `${r.serverErrors} / ${r.missing + r.transportErrors}`),
    row('offers from cancellations (expected)', (r) => (r.withWaitlist ? `${r.fromCancel} (${r.expectedOffers})` : '–')),
    row('offers by the sweep', (r) => (r.withWaitlist ? String(r.offers.byCause.sweep ?? 0) : '–')),
    row('offered person not matching the slot', (r) => (r.withWaitlist ? String(r.offers.mismatched) : '–')),
    row('cancellation sent → offer email received p50 / p95 / p99 / max (ms)', (r) => (r.withWaitlist ? `${fmt(r.toSent.p50)} / ${fmt(r.toSent.p95)} / ${fmt(r.toSent.p99)} / ${fmt(r.toSent.max)}` : '–')),
    row('cancellation answered → offer email received p50 / p99 (ms)', (r) => (r.withWaitlist ? pair(r.toSentFromAnswer.p50, r.toSentFromAnswer.p99) : '–')),
    row('seats re-offered per second (emails received / first cancellation → last email); peak second', (r) => (r.withWaitlist ? `${fmt(r.reofferedPerSecond)}; ${r.peakSentPerSecond}` : '–')),
    row('offer emails not received / received twice', (r) => (r.withWaitlist ? `${r.notReceived} / ${r.duplicates}` : '–')),
    row('outbox `waitlist_offer` after the run', (r) => (r.withWaitlist ? r.outbox.map((o) => `${o.n} ${o.status}`).join(', ') || '0' : '–')),
    row(`after the rush: waited for the last emails (s), ${opts.sender === 'separate' ? 'sending ' : ''}API CPU then (s)`, (r) => (r.withWaitlist ? `${fmt(r.drainSeconds)}, ${fmt(r.drainCpu)}` : '–')),
    row(`after that, POST /waitlist at ${opts.apiJoinRate}/s: 201 (of sent), p50 / p99 (ms), emails`, (r) =>
      r.apiJoin ? `${r.apiJoin.statuses[201] ?? 0} (${opts.apiJoins}), ${pair(r.apiJoin.latency.p50, r.apiJoin.latency.p99)}, ${r.apiJoin.emails}` : '–'),
    '',
    ...results.map((r, i) => `${cols[i]}: cancellations ${Object.entries(r.cancelStatuses).map(([k, v]) => `${k}: ${v}`).join(', ')}; bookings ${Object.entries(r.byStatus).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}: ${v}`).join(', ')}; cancelled rows ${r.cancelledRows}${r.joined ? `; ${r.joined.count} entries written in ${fmt(r.joined.ms)} ms` : ''}${r.withWaitlist ? `; offers by status ${JSON.stringify(r.offers.byStatus)}` : ''}.`),
  ];
  for (const [i, r] of results.entries()) {
    if (!r.withWaitlist) continue;
    const first = r.series.findIndex(([c, e]) => c + e > 0);
    lines.push('', `${cols[i]}, per second of the rush (cancellations sent / offer emails received): ${r.series.slice(Math.max(0, first)).map(([c, e], k) => `${first + k}: ${c}/${e}`).join('  ')}.`);
  }
  const failures = [];
  for (const [i, r] of results.entries()) {
    if (!r.ledger.ok) failures.push(`${cols[i]}: the ledger disagrees (overbooking or drift)`);
    if (r.serverErrors > 0) failures.push(`${cols[i]}: ${r.serverErrors} 5xx`);
    if (r.missing + r.transportErrors > 0) failures.push(`${cols[i]}: ${r.missing + r.transportErrors} requests without an answer`);
    if ((r.cancelStatuses[200] ?? 0) !== opts.cancellations) failures.push(`${cols[i]}: ${opts.cancellations - (r.cancelStatuses[200] ?? 0)} cancellations not answered 200`);
  }
  for (const r of waitlistRuns) {
    if (r.fromCancel !== r.expectedOffers) failures.push(`${r.label}: ${r.fromCancel} offers from cancellations, ${r.expectedOffers} expected`);
    if (r.offers.mismatched > 0) failures.push(`${r.label}: ${r.offers.mismatched} offers to a person whose wishes do not match the slot`);
    if (r.apiJoin && (r.apiJoin.statuses[201] ?? 0) !== opts.apiJoins) failures.push(`${r.label}: POST /waitlist answered ${JSON.stringify(r.apiJoin.statuses)} (first refusal: ${r.apiJoin.firstError})`);
    if (r.notReceived > 0 || r.duplicates > 0 || r.unpaired > 0) failures.push(`${r.label}: ${r.notReceived} offer emails not received, ${r.duplicates} twice, ${r.unpaired} offers without their cancellation`);
  }
  return { text: lines.join('\n'), failures };
}

// ---------------------------------------------------------------- main

async function main() {
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/main.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  receiver = await startReceiver();
  const results = [];
  for (const run of opts.runs) results.push(await rushOnce(run, run === 'with'));
  const { text, failures } = report(results);
  console.log(text);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ opts, results }, null, 2));
  return failures;
}

let exitCode = 0;
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
}
process.exit(exitCode);
