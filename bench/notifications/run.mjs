#!/usr/bin/env node
// Notifications (issue #16): 50,000 messages due in the same minute (a national day's reminders),
// sent by ONE API instance to a local SMTP receiver over pooled connections, while applicants keep
// booking on the same instance.
//
//   node bench/notifications/run.mjs            (settings: see README.md in this folder)
//
// 1. A scratch database; the built API starts on it (SEED_DEMO, FAKE_NOW, SMTP_URL = the receiver
//    in this process, NOTIFY_CONCURRENCY = BENCH_CONCURRENCY). Copies of the demo offices are made
//    and BENCH_MESSAGES bookings for the next day are written in SQL, spread over the offices'
//    appointment services and the day's slots, each with its own address.
// 2. Warm-up: a few hundred messages and bookings. Then the quiet run: a steady open-loop stream of
//    bookings (BENCH_STREAM_RATE/s for BENCH_STREAM_SECONDS) with nothing to send.
// 3. The burst: one statement queues a message per booking (queue_notification(kind, 'email', …)
//    due now; BENCH_KIND, default booking_reminder when the API renders it, else booking_confirmed)
//    and the same booking stream starts when it commits. Measured: receipts per second at the
//    receiver, time from the commit to the last receipt, the API's RSS every second, its CPU, and
//    the stream's latency against the quiet run's.
// 4. Checks: every burst row `sent`, every address received exactly once.
// 5. The yardstick: a bare nodemailer pooled client in another process sends a message the API
//    produced (raw, the same size) to the same receiver over as many connections: the ceiling.
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { adminQuery, databaseUrlOf, fmt, freePort, localDateOf, logger, quoteIdent, summary, tail } from '../support/common.mjs';
import { connectedPool, openLoop } from '../support/open-loop.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));
const { rutFromBody } = await import('@turnero/scheduling');

const opts = {
  messages: int('BENCH_MESSAGES', 50_000),
  concurrency: int('BENCH_CONCURRENCY', 5),
  // queue: one statement queues BENCH_KIND for every booking, due at once. scheduler: the bookings'
  // slots are set 24 h (the default reminder lead) after an instant ~2-3 minutes ahead, and the API's
  // own reminder cron (queue_reminders, every minute, 5 minutes ahead) queues their reminders.
  source: env.BENCH_SOURCE ?? 'queue',
  kind: env.BENCH_KIND ?? 'booking_confirmed',
  // same: one instance serves the bookings and sends. separate: the bookings go to an instance with
  // NOTIFY_CONCURRENCY=0 and a second instance, started under \`nice -n BENCH_SENDER_NICE\`, sends.
  sender: env.BENCH_SENDER ?? 'same',
  senderNice: int('BENCH_SENDER_NICE', 10),
  offices: int('BENCH_OFFICES', 20),
  streamRate: int('BENCH_STREAM_RATE', 5),
  streamSeconds: int('BENCH_STREAM_SECONDS', 60),
  warmMessages: int('BENCH_WARM_MESSAGES', 300),
  yardstick: int('BENCH_YARDSTICK', 10_000),
  poolSize: int('BENCH_POOL_SIZE', 10),
  // production: React's production build renders the emails, as in a deployment (development's
  // is ~2× dearer per message); FAKE_NOW is refused there, so the machine's clock is used.
  nodeEnv: env.BENCH_NODE_ENV ?? 'production',
  fakeNow: env.BENCH_FAKE_NOW ?? null,
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_notifications_bench',
  cpuProfDir: env.BENCH_CPU_PROF ? resolve(env.BENCH_CPU_PROF) : null,
  apiEnv: Object.fromEntries(
    (env.BENCH_API_ENV ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  ),
  json: env.BENCH_JSON ? resolve(env.BENCH_JSON) : null,
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  deadlineSeconds: int('BENCH_DEADLINE_S', 1800),
  burstTimeoutSeconds: int('BENCH_BURST_TIMEOUT_S', 900),
};

const TARGET = { seconds: 300, perSecond: 167, latencyRatio: 1.5 };
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const ADMIN_PASSWORD = 'bench-notifications-admin-2026';
const BURST_DOC = 'BENCHR';
const WARM_DOC = 'BENCHW';

const log = logger('notifications');
/** The app's now (FAKE_NOW when set: the API's clock has run on since, so this is a little earlier). */
const appNow = () => opts.fakeNow ?? new Date().toISOString();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadAtStart = loadavg()[0];

// ---------------------------------------------------------------- the SMTP receiver (this process)

/**
 * A real SMTP server (smtp-server, no TLS, authentication optional) that keeps no message: it counts
 * receipts per recipient (burst addresses `r<i>@bench.invalid` in a byte array, so a duplicate is
 * seen), their times and bytes, and keeps the first burst message's raw text for the yardstick.
 */
async function startReceiver(burstSize) {
  const state = {
    perBurstIndex: new Uint8Array(burstSize),
    burst: 0,
    other: 0,
    yardstick: 0,
    bytes: 0,
    duplicates: 0,
    times: [],
    sample: null,
  };
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'bench' });
    },
    onData(stream, session, callback) {
      const chunks = [];
      let size = 0;
      stream.on('data', (chunk) => {
        size += chunk.length;
        if (!state.sample) chunks.push(chunk);
      });
      stream.on('end', () => {
        state.bytes += size;
        for (const { address } of session.envelope.rcptTo) {
          const burst = /^r(\d+)@bench\.invalid$/.exec(address);
          if (burst) {
            const i = Number(burst[1]);
            if (state.perBurstIndex[i]++ > 0) state.duplicates++;
            state.burst++;
            state.times.push(performance.now());
            if (!state.sample) state.sample = Buffer.concat(chunks);
          } else if (address.startsWith('yardstick-')) state.yardstick++;
          else state.other++;
        }
        callback();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.server.address();
  return { url: `smtp://bench:bench@127.0.0.1:${port}`, state, close: () => new Promise((r) => server.close(r)) };
}

// ---------------------------------------------------------------- lifecycle (always cleaned up)

/** The instance the booking stream goes to, and the one that sends (the same one unless BENCH_SENDER=separate). */
let api = null;
let sender = null;
const apis = [];
let receiver = null;
let dbCreated = false;
let cleaning = null;

async function stopApi() {
  await Promise.all(apis.splice(0).map((one) => stopOne(one)));
}

async function stopOne({ proc, exited }) {
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(30_000).then(() => 'timeout')])) === 'timeout') {
      log('the API did not stop on SIGTERM within 30 s: SIGKILL');
      proc.kill('SIGKILL');
      await exited;
    }
  }
}

function cleanup() {
  cleaning ??= (async () => {
    await stopApi().catch((error) => log('stopping the API failed:', error.message));
    await receiver?.close().catch(() => undefined);
    if (dbCreated && opts.keepDatabase) log(`kept database ${opts.database} (BENCH_KEEP_DB=1)`);
    else if (dbCreated) {
      await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`).catch((error) => log('dropping the database failed:', error.message));
      log(`dropped database ${opts.database}`);
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

async function startApi(smtpUrl, { name = 'api', concurrency = opts.concurrency, nice = 0 } = {}) {
  const port = await freePort();
  const logFile = join(tmpdir(), `notifications-bench-${name}-${process.pid}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const args = [];
  if (opts.cpuProfDir) {
    mkdirSync(opts.cpuProfDir, { recursive: true });
    args.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  }
  args.push(join(apiRoot, 'dist/apps/api/main.js'));
  const childEnv = {
    ...env,
    NODE_ENV: opts.nodeEnv,
    JWT_SECRET: 'bench-notifications-jwt-secret-0123456789abcdef',
    DATABASE_URL: databaseUrlOf(opts.adminUrl, opts.database),
    DATABASE_POOL_SIZE: String(opts.poolSize),
    PORT: String(port),
    HOST: '127.0.0.1',
    FAKE_NOW: opts.fakeNow ?? '',
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
    ADMIN_PASSWORD,
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Turnero <no-reply@bench.invalid>',
    PUBLIC_URL: 'https://turnos.example.cl',
    NOTIFY_CONCURRENCY: String(concurrency),
    REDIS_URL: '',
    ...opts.apiEnv,
  };
  for (const name of Object.keys(childEnv)) if (name.startsWith('TWILIO_')) delete childEnv[name];
  // \`nice -n N node …\` execs node: the pid is node's.
  const proc = nice ? spawn('nice', ['-n', String(nice), process.execPath, ...args], { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  const one = { name, proc, pid: proc.pid, exited: once(proc, 'exit'), base: `http://127.0.0.1:${port}`, logFile };
  apis.push(one);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the API exited with ${proc.exitCode} during start-up; log:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${one.base}/api/health`)).ok) {
        log(`${name} healthy at ${one.base} (pid ${proc.pid}, NOTIFY_CONCURRENCY=${concurrency}${nice ? `, nice ${nice}` : ''}${opts.cpuProfDir ? ', --cpu-prof' : ''}, log ${logFile})`);
        return one;
      }
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the API did not become healthy within 90 s; log:\n${tail(logFile)}`);
}

async function withDb(fn) {
  const client = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- process figures (/proc)

function rssMiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds used by a process so far (utime + stime), and the machine's busy and total seconds. */
function cpuSnapshot(pid) {
  const ticks = 100; // USER_HZ
  let proc = 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    proc = (Number(fields[11]) + Number(fields[12])) / ticks;
  } catch {
    // not Linux: 0
  }
  let busy = 0;
  let total = 0;
  try {
    const all = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    total = all.reduce((a, b) => a + b, 0) / ticks;
    busy = total - (all[3] + all[4]) / ticks; // minus idle and iowait
  } catch {
    // not Linux
  }
  const self = process.cpuUsage();
  return { proc, busy, total, self: (self.user + self.system) / 1e6 };
}

function cpuBetween(a, b) {
  const wall = b.total - a.total;
  return { api: b.proc - a.proc, bench: b.self - a.self, machine: b.busy - a.busy, cores: wall > 0 ? (cpus().length * (b.busy - a.busy)) / wall : NaN };
}

/**
 * CPU seconds of the PostgreSQL server's processes so far, by who they work for: backends by their
 * `application_name` (the API's pool `turnero-api`, graphile-worker's `turnero-api-notifications`, …),
 * everything else of the server (WAL writer, checkpointer, autovacuum) as `server`. Linux only (/proc).
 * A backend that closes between two snapshots takes its seconds with it; the pools keep theirs open.
 */
async function pgCpuSnapshot(db) {
  const ticks = 100;
  const byApp = {};
  const seen = new Set();
  const cpuOf = (pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return 0;
    }
  };
  const { rows } = await db.query(`SELECT pid, COALESCE(NULLIF(application_name, ''), backend_type) AS app FROM pg_stat_activity`);
  for (const { pid, app } of rows) {
    seen.add(String(pid));
    const name = app.startsWith('turnero-') ? app : `server`;
    byApp[name] = (byApp[name] ?? 0) + cpuOf(pid);
  }
  // The server's other children (not in pg_stat_activity): those whose parent is this server's postmaster.
  const parentOf = (pid) => {
    try {
      return /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? null;
    } catch {
      return null;
    }
  };
  const [{ pid: self }] = (await db.query('SELECT pg_backend_pid() AS pid')).rows;
  const postmaster = parentOf(self);
  let postmasterChildren = 0;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^[0-9]+$/.test(d) && !seen.has(d))) {
      if (postmaster && parentOf(pid) === postmaster) postmasterChildren += cpuOf(pid);
    }
  } catch {
    // not Linux
  }
  byApp.server = (byApp.server ?? 0) + postmasterChildren;
  return byApp;
}

/** Seconds each group of PostgreSQL processes used between two snapshots (other databases' backends under `server`). */
function pgCpuBetween(a, b) {
  return Object.fromEntries(Object.keys(b).map((k) => [k, Math.max(0, b[k] - (a[k] ?? 0))]));
}

// ---------------------------------------------------------------- data, in SQL

/** Copies of the two demo offices (hours, services; no staff) until there are `count` offices. */
async function copyOffices(db, count) {
  const { rows: demo } = await db.query(`SELECT id FROM offices ORDER BY name`);
  for (let i = demo.length; i < count; i++) {
    const source = demo[i % demo.length].id;
    const { rows } = await db.query(
      `INSERT INTO offices (name, address, time_zone, opening_hours, holiday_country)
       SELECT name || ' (copia ' || $2 || ')', address, time_zone, opening_hours, holiday_country FROM offices WHERE id = $1 RETURNING id`,
      [source, i],
    );
    await db.query(
      `INSERT INTO services (office_id, code, name, mode, requirements, active, position, slot_minutes, seats_per_slot, daily_appointment_cap, walk_in_daily_cap, average_service_minutes)
       SELECT $2, code, name, mode, requirements, active, position, slot_minutes, seats_per_slot, daily_appointment_cap, walk_in_daily_cap, average_service_minutes FROM services WHERE office_id = $1`,
      [source, rows[0].id],
    );
  }
}

/**
 * `count` confirmed bookings on `localDate`, dealt round-robin over every appointment service of
 * every office and the day's 15-minute slots 08:30–13:45 (office time), each with its own address
 * (`<prefix><i>@bench.invalid`). Written directly: no message is queued for them. With `slotAt`,
 * every booking is at that instant instead (made two days before: its reminder is due).
 */
async function insertBookings(db, { count, localDate, documentPrefix, addressPrefix, slotAt = null }) {
  if (slotAt) {
    await db.query(
      `WITH svc AS (SELECT s.id, s.office_id, o.time_zone, row_number() OVER (ORDER BY o.name, s.position, s.code) - 1 AS i
                      FROM services s JOIN offices o ON o.id = s.office_id WHERE s.mode = 'appointment' AND s.active)
       INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, created_at)
       SELECT upper(substr(md5($3 || g), 1, 10)), svc.office_id, svc.id, $1::timestamptz, $1::timestamptz + interval '15 minutes',
              ($1::timestamptz AT TIME ZONE svc.time_zone)::date, 'confirmed', 'PASSPORT', $3 || g, 'Persona de prueba ' || g, $4 || g || '@bench.invalid', now() - interval '2 days'
         FROM generate_series(0, $2 - 1) g JOIN svc ON svc.i = g % $5`,
      [slotAt, count, documentPrefix, addressPrefix, (await db.query(`SELECT count(*)::int AS n FROM services WHERE mode = 'appointment' AND active`)).rows[0].n],
    );
    return;
  }
  await db.query(
    `WITH svc AS (SELECT s.id, s.office_id, o.time_zone, row_number() OVER (ORDER BY o.name, s.position, s.code) - 1 AS i, count(*) OVER () AS n
                    FROM services s JOIN offices o ON o.id = s.office_id WHERE s.mode = 'appointment' AND s.active)
     INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, created_at)
     SELECT upper(substr(md5($4 || g), 1, 10)), svc.office_id, svc.id,
            ($1::date + time '08:30' + make_interval(mins => ((g / svc.n) % 22)::int * 15)) AT TIME ZONE svc.time_zone,
            ($1::date + time '08:45' + make_interval(mins => ((g / svc.n) % 22)::int * 15)) AT TIME ZONE svc.time_zone,
            $1::date, 'confirmed', 'PASSPORT', $4 || g, 'Persona de prueba ' || g, $5 || g || '@bench.invalid', now()
       FROM generate_series(0, $2 - 1) g JOIN svc ON svc.i = g % $3`,
    [localDate, count, (await db.query(`SELECT count(*)::int AS n FROM services WHERE mode = 'appointment' AND active`)).rows[0].n, documentPrefix, addressPrefix],
  );
}

/** Queues one message of `kind` per booking whose document starts with `prefix`, due at `at` (the app's clock). One statement. */
async function queueFor(db, kind, prefix, at) {
  const t0 = performance.now();
  const { rows } = await db.query(
    `SELECT count(queue_notification($1, 'email', b.id, NULL, b.office_id, $3::timestamptz, $3::timestamptz))::int AS n
       FROM bookings b WHERE b.document_number LIKE $2 || '%'`,
    [kind, prefix, at],
  );
  return { queued: rows[0].n, ms: performance.now() - t0, committed: performance.now() };
}

async function bookingShape(db) {
  const { rows } = await db.query(
    `SELECT count(DISTINCT office_id)::int AS offices, count(DISTINCT service_id)::int AS services, count(DISTINCT (service_id, slot_start))::int AS slots
       FROM bookings WHERE document_number LIKE $1 || '%'`,
    [BURST_DOC],
  );
  return rows[0];
}

async function statusCounts(db, prefix, kind) {
  const { rows } = await db.query(
    `SELECT n.status::text AS status, n.reason, count(*)::int AS n FROM notifications n JOIN bookings b ON b.id = n.booking_id
      WHERE b.document_number LIKE $1 || '%' AND n.kind = $2 GROUP BY 1, 2 ORDER BY 1, 2`,
    [prefix, kind],
  );
  return rows;
}

// ---------------------------------------------------------------- the booking stream

async function getJson(base, path) {
  const response = await fetch(`${base}${path}`);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.json();
}

/** POST bodies for `count` bookings of the demo Extranjería office, each on a slot with a seat left for it. */
async function streamBodies(base, count, firstRut) {
  const offices = await getJson(base, '/api/v1/offices');
  const office = offices.find((o) => o.name === EXTRANJERIA);
  if (!office) throw new Error(`demo office "${EXTRANJERIA}" not found`);
  const services = (await getJson(base, `/api/v1/offices/${office.id}/services`)).filter((s) => s.mode === 'appointment');
  const today = localDateOf(appNow(), office.timeZone);
  const last = new Date(Date.parse(`${today}T12:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const seats = [];
  for (const service of services) {
    const availability = await getJson(base, `/api/v1/services/${service.id}/availability?from=${today}&to=${last}`);
    for (const day of availability.days) for (const slot of day.slots) for (let k = 0; k < slot.remaining; k++) seats.push({ serviceId: service.id, slotStart: slot.start });
  }
  if (seats.length < count) throw new Error(`only ${seats.length} seats open for ${count} stream bookings: lower BENCH_STREAM_RATE × BENCH_STREAM_SECONDS`);
  // Spread over the month (every k-th seat), as people pick different days.
  const step = Math.max(1, Math.floor(seats.length / count));
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      ...seats[i * step],
      applicant: { documentType: 'RUT', documentNumber: rutFromBody(firstRut + i).formatted, fullName: 'Persona de prueba', email: `s${firstRut + i}@bench.invalid` },
    }),
  );
}

/** The open-loop booking stream: BENCH_STREAM_RATE/s for BENCH_STREAM_SECONDS; latency from each request's scheduled time. */
async function bookingStream(pool, bodies) {
  const samples = [];
  await openLoop({
    pool,
    rate: opts.streamRate,
    count: bodies.length,
    make: (i) => ({ method: 'POST', path: '/api/v1/bookings', headers: { 'content-type': 'application/json' }, body: bodies[i] }),
    record: (s) => samples.push(s),
  });
  const ok = samples.filter((s) => s.status === 201);
  return { ...summary(ok.map((s) => s.latency)), created: ok.length, other: samples.length - ok.length, statuses: [...new Set(samples.map((s) => s.status))] };
}

// ---------------------------------------------------------------- main

async function main() {
  if (loadAtStart > 0.7) log(`warning: 1-min load average is ${loadAtStart.toFixed(2)} before the run; other work on the machine will skew the numbers`);
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/main.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  if (!['queue', 'scheduler'].includes(opts.source)) throw new Error(`BENCH_SOURCE must be queue or scheduler, not ${opts.source}`);
  if (opts.source === 'scheduler' && opts.fakeNow) throw new Error('BENCH_SOURCE=scheduler runs on the machine\'s clock (graphile-worker\'s cron does): unset BENCH_FAKE_NOW');
  const kind = opts.source === 'scheduler' ? 'booking_reminder' : opts.kind;
  log(`messages of kind ${kind}`);

  receiver = await startReceiver(opts.messages);
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  log(`created database ${opts.database}`);
  if (!['same', 'separate'].includes(opts.sender)) throw new Error(`BENCH_SENDER must be same or separate, not ${opts.sender}`);
  if (opts.sender === 'same') {
    api = await startApi(receiver.url);
    sender = api;
  } else {
    api = await startApi(receiver.url, { name: 'web', concurrency: 0 });
    sender = await startApi(receiver.url, { name: 'sender', nice: opts.senderNice });
  }

  // ------------------------------------------------------------ data
  const tomorrow = new Date(Date.parse(appNow()) + 86_400_000);
  const localDate = localDateOf(tomorrow, 'America/Santiago');
  const t0 = Date.now();
  let counts = await withDb(async (db) => {
    await copyOffices(db, opts.offices);
    if (opts.source === 'queue') await insertBookings(db, { count: opts.messages, localDate, documentPrefix: BURST_DOC, addressPrefix: 'r' });
    await insertBookings(db, { count: opts.warmMessages, localDate, documentPrefix: WARM_DOC, addressPrefix: 'w' });
    await db.query('ANALYZE');
    return bookingShape(db);
  });
  if (opts.source === 'queue') log(`${opts.messages} bookings for ${localDate} written in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.offices} offices, ${counts.services} services, ${counts.slots} (service, slot) pairs`);

  const streamCount = opts.streamRate * opts.streamSeconds;
  const bodies = await streamBodies(api.base, 2 * streamCount + 20, 21_000_000);
  const pool = await connectedPool(api.base, 20, '/api/v1/offices');

  // ------------------------------------------------------------ warm-up (JIT, pools, SMTP connections)
  await bookingStream(pool, bodies.slice(0, 20));
  const warmStart = performance.now();
  await withDb((db) => queueFor(db, opts.source === 'queue' ? kind : 'booking_confirmed', WARM_DOC, appNow()));
  while (receiver.state.other < opts.warmMessages + 20 && performance.now() - warmStart < 120_000) await sleep(200);
  log(`warm-up: 20 bookings, ${receiver.state.other} messages received (${opts.warmMessages} queued)`);

  // ------------------------------------------------------------ quiet run
  log(`quiet run: ${streamCount} bookings at ${opts.streamRate}/s, nothing to send`);
  const quiet = await bookingStream(pool, bodies.slice(20, 20 + streamCount));
  log(`quiet: p50 ${fmt(quiet.p50)} ms, p95 ${fmt(quiet.p95)} ms, p99 ${fmt(quiet.p99)} ms (${quiet.created} created)`);
  await sleep(2000); // the quiet run's own confirmations go out

  // ------------------------------------------------------------ the burst
  const rss = [];
  const rssStart = rssMiB(sender.pid);
  let sampling = true;
  const sampleStart = performance.now();
  const sampler = (async () => {
    while (sampling) {
      rss.push({ t: (performance.now() - sampleStart) / 1000, mib: rssMiB(sender.pid) });
      await sleep(1000);
    }
  })();
  let queued;
  let burstStart;
  let cpuBefore;
  let pgBefore;
  const pgProbe = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database), application_name: 'bench-probe' });
  await pgProbe.connect();
  if (opts.source === 'queue') {
    log(`burst: queuing ${opts.messages} × ${kind} in one statement`);
    cpuBefore = cpuSnapshot(sender.pid);
    pgBefore = await pgCpuSnapshot(pgProbe);
    queued = await withDb((db) => queueFor(db, kind, BURST_DOC, appNow()));
    burstStart = queued.committed;
    log(`queued ${queued.queued} in ${fmt(queued.ms / 1000)} s (${fmt(queued.ms / queued.queued, 2)} ms each); stream starts`);
  } else {
    // The reminders' instant: a whole minute 2-3 minutes ahead; their slots 24 h later.
    const due = Math.ceil((Date.now() + 120_000) / 60_000) * 60_000;
    const slotAt = new Date(due + 24 * 3_600_000).toISOString();
    const t1 = Date.now();
    counts = await withDb(async (db) => {
      await insertBookings(db, { count: opts.messages, localDate, documentPrefix: BURST_DOC, addressPrefix: 'r', slotAt });
      await db.query('ANALYZE bookings');
      return bookingShape(db);
    });
    log(`${opts.messages} bookings at ${slotAt} written in ${((Date.now() - t1) / 1000).toFixed(1)} s; reminders due at ${new Date(due).toISOString()}, queued by the API's cron`);
    let n = 0;
    while (Date.now() < due + 120_000) {
      n = await withDb(async (db) => (await db.query(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'booking_reminder'`)).rows[0].n);
      if (n >= opts.messages) break;
      await sleep(1000);
    }
    const queuedAt = Date.now();
    log(`${n} reminders queued ${fmt((queuedAt - t1) / 1000)} s after the bookings were written; waiting for their instant`);
    while (Date.now() < due) await sleep(Math.min(200, due - Date.now()));
    cpuBefore = cpuSnapshot(sender.pid);
    pgBefore = await pgCpuSnapshot(pgProbe);
    burstStart = performance.now() - (Date.now() - due);
    queued = { queued: n, ms: NaN, committed: burstStart };
    log('the reminders are due; stream starts');
  }
  const streamDuringBurst = bookingStream(pool, bodies.slice(20 + streamCount, 20 + 2 * streamCount));

  let done = false;
  let lastLog = performance.now();
  const progress = [];
  const db = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, opts.database) });
  await db.connect();
  let statuses = [];
  let cpu;
  try {
    while (!done) {
      await sleep(1000);
      const elapsed = (performance.now() - burstStart) / 1000;
      progress.push({ t: elapsed, received: receiver.state.burst });
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`${fmt(elapsed, 0)} s: ${receiver.state.burst} received, RSS ${fmt(rssMiB(sender.pid), 0)} MiB`);
      }
      if (receiver.state.burst >= opts.messages) done = true;
      else if (progress.length % 5 === 0) {
        statuses = await statusCounts(db, BURST_DOC, kind);
        done = !statuses.some((s) => s.status === 'queued');
      }
      if (elapsed > opts.burstTimeoutSeconds) {
        log(`burst not finished after ${opts.burstTimeoutSeconds} s: stopping it`);
        break;
      }
    }
    const cpuAfter = cpuSnapshot(sender.pid);
    cpu = cpuBetween(cpuBefore, cpuAfter);
    cpu.pg = pgCpuBetween(pgBefore, await pgCpuSnapshot(pgProbe));
    await pgProbe.end();
    await sleep(3000); // the last marks
    statuses = await statusCounts(db, BURST_DOC, kind);
  } finally {
    await db.end();
  }
  const stream = await streamDuringBurst;
  log(`stream during the burst: p50 ${fmt(stream.p50)} ms, p95 ${fmt(stream.p95)} ms, p99 ${fmt(stream.p99)} ms (${stream.created} created)`);
  await sleep(2000);
  sampling = false;
  await sampler;
  const rssEnd = rssMiB(sender.pid);

  const times = receiver.state.times;
  const received = receiver.state.burst;
  const lastAt = times.length ? (times[times.length - 1] - burstStart) / 1000 : NaN;
  const firstAt = times.length ? (times[0] - burstStart) / 1000 : NaN;
  const perSecond = received / lastAt;
  // The steady rate: the middle 80 % of the receipts.
  const a = times[Math.floor(times.length * 0.1)];
  const b = times[Math.floor(times.length * 0.9)];
  const steady = times.length > 10 ? (Math.floor(times.length * 0.9) - Math.floor(times.length * 0.1)) / ((b - a) / 1000) : NaN;
  const sent = statuses.find((s) => s.status === 'sent')?.n ?? 0;
  const rssPeak = Math.max(...rss.map((s) => s.mib).filter(Number.isFinite));

  // ------------------------------------------------------------ yardstick
  let yard = null;
  if (opts.yardstick > 0 && receiver.state.sample) {
    const rawFile = join(tmpdir(), `notifications-bench-sample-${process.pid}.eml`);
    writeFileSync(rawFile, receiver.state.sample);
    const child = spawn(process.execPath, [join(here, 'yardstick.mjs'), receiver.url, rawFile, String(opts.yardstick), String(Math.max(opts.concurrency, 1))], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    await once(child, 'exit');
    yard = JSON.parse(out.trim().split('\n').at(-1));
    log(`yardstick: ${yard.count} raw messages (${receiver.state.sample.length} bytes) over ${opts.concurrency} pooled connections: ${fmt(yard.perSecond)}/s`);
  }

  // ------------------------------------------------------------ report
  const checks = {
    allSent: sent === opts.messages,
    receivedOnce: received === opts.messages && receiver.state.duplicates === 0,
  };
  const ratio = stream.p95 / quiet.p95;
  const pgVersion = await withDb(async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
  const rssRow = rss.filter((_, i) => i % Math.max(1, Math.ceil(rss.length / 12)) === 0 || i === rss.length - 1);
  const result = {
    kind,
    messages: opts.messages,
    concurrency: opts.concurrency,
    queueSeconds: queued.ms / 1000,
    firstAt,
    lastAt,
    perSecond,
    steady,
    statuses,
    duplicates: receiver.state.duplicates,
    received,
    bytesPerMessage: receiver.state.bytes / Math.max(1, received + receiver.state.other + receiver.state.yardstick),
    rss: { start: rssStart, peak: rssPeak, end: rssEnd, samples: rss },
    cpu,
    quiet,
    stream,
    ratio,
    yardstick: yard,
    apiEnv: opts.apiEnv,
  };
  if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2));
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`
### Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Machine: ${cpuModel}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion};
load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.
${opts.messages} × \`${kind}\` (email) ${opts.source === 'queue' ? `queued in one statement in ${fmt(queued.ms / 1000)} s` : "queued by the API's reminder cron, due in the same minute"}, for bookings in ${counts.offices} offices, ${counts.services} services,
${counts.slots} (service, slot) pairs; ${opts.sender === 'same' ? 'one API instance' : `bookings on one API instance with NOTIFY_CONCURRENCY=0, messages sent by a second under nice ${opts.senderNice}`}, NOTIFY_CONCURRENCY=${opts.concurrency}${Object.keys(opts.apiEnv).length ? `, ${Object.entries(opts.apiEnv).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}; ${fmt(result.bytesPerMessage / 1024)} KiB per message.

| measure | value | target | |
| --- | ---: | ---: | --- |
| messages/s (all, from the commit or instant due to the last receipt) | ${fmt(perSecond)} | ≥ ${TARGET.perSecond} | ${perSecond >= TARGET.perSecond ? 'met' : '**missed**'} |
| messages/s (steady: middle 80 % of the receipts) | ${fmt(steady)} | | |
| first / last receipt after the commit or instant due (s) | ${fmt(firstAt, 2)} / ${fmt(lastAt)} | last ≤ ${TARGET.seconds} | ${lastAt <= TARGET.seconds ? 'met' : '**missed**'} |
| sending API's RSS start / peak / end (MiB) | ${fmt(rssStart, 0)} / ${fmt(rssPeak, 0)} / ${fmt(rssEnd, 0)} | flat | |
| sending API's CPU during the burst (s), machine busy (cores) | ${fmt(cpu.api)} of ${fmt(lastAt)} s, ${fmt(cpu.cores, 2)} | | |
| PostgreSQL CPU during the burst (s) by connection pool | ${Object.entries(cpu.pg).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} (${fmt((1000 * Object.values(cpu.pg).reduce((a, b) => a + b, 0)) / Math.max(1, received), 2)} ms a message) | | |
| benchmark process CPU (receiver, booking stream) (s) | ${fmt(cpu.bench)} | | |
| booking p50 / p95 / p99 quiet (ms) | ${fmt(quiet.p50)} / ${fmt(quiet.p95)} / ${fmt(quiet.p99)} | | |
| booking p50 / p95 / p99 during the burst (ms) | ${fmt(stream.p50)} / ${fmt(stream.p95)} / ${fmt(stream.p99)} | | |
| p95 burst / quiet | ${fmt(ratio, 2)}× | ≤ ${TARGET.latencyRatio}× | ${ratio <= TARGET.latencyRatio ? 'met' : '**missed**'} |
| yardstick (bare nodemailer pool, raw message, separate process) | ${yard ? `${fmt(yard.perSecond)}/s` : '–'} | | API/yardstick ${yard ? fmt(perSecond / yard.perSecond, 2) : '–'} |
| outbox after the burst | ${statuses.map((s) => `${s.n} ${s.status}${s.reason ? ` (${s.reason})` : ''}`).join(', ')} | all sent | ${checks.allSent ? 'met' : '**missed**'} |
| received / duplicates | ${received} / ${receiver.state.duplicates} | each once | ${checks.receivedOnce ? 'met' : '**missed**'} |

Stream: ${streamCount} bookings at ${opts.streamRate}/s (open loop) each run, ${quiet.created} + ${stream.created} created${quiet.other + stream.other ? `, ${quiet.other + stream.other} other answers (${[...new Set([...quiet.statuses, ...stream.statuses])].join(', ')})` : ''}.
RSS (s: MiB): ${rssRow.map((s) => `${fmt(s.t, 0)}: ${fmt(s.mib, 0)}`).join(', ')}.
`);
  return checks.allSent && checks.receivedOnce ? 0 : 1;
}

const deadline = setTimeout(() => {
  log(`deadline of ${opts.deadlineSeconds} s passed: stopping`);
  cleanup().finally(() => process.exit(3));
}, opts.deadlineSeconds * 1000);
deadline.unref();

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    log('failed:', error.stack ?? error.message);
    await cleanup();
    process.exit(2);
  });
