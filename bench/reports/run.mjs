#!/usr/bin/env node
// Reports (issue #9): a year of an office's data, and how fast the reports answer over it.
//
//   node bench/reports/run.mjs            (settings: see README.md in this folder)
//
// 1. A scratch database; the built API starts on it with the demo data (SEED_DEMO) and its clock in
//    January of the year after the data, then is stopped while a year of the demo Extranjería office
//    (and, by default, of 4 copies of it, so the tables hold other offices' rows as in production)
//    is generated directly in SQL with generate_series: ~150 tickets per working day (checked-in
//    appointments and walk-ins with their call, start and end), the bookings behind them (some
//    cancelled, some never checked in), walk-in refusals and survey answers.
// 2. The API again, and N sequential calls of each report over HTTP as the demo supervisor: the
//    whole year grouped by day, service, counter, agent and hour (JSON), by day as CSV, the yearly
//    account and the arrivals heat map. p50/p95/p99/max per kind, against the 500 ms target.
import { execSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { adminQuery, databaseUrlOf, fmt, freePort, logger, quoteIdent, summary, tail } from '../support/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));

const opts = {
  year: int('BENCH_YEAR', 2026),
  ticketsPerDay: int('BENCH_TICKETS_PER_DAY', 150),
  copies: int('BENCH_OFFICE_COPIES', 4),
  calls: int('BENCH_CALLS', 30),
  warmCalls: int('BENCH_WARM_CALLS', 3),
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_reports_bench',
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  deadlineSeconds: int('BENCH_DEADLINE_S', 600),
};

const TARGET_MS = 500;
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const SUPERVISOR = { username: 'supervisora.elqui', password: 'demo-supervisora-2026' };
const ADMIN_PASSWORD = 'bench-reports-admin-2026';

const log = logger('reports');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const loadAtStart = loadavg()[0];

// ---------------------------------------------------------------- lifecycle (always cleaned up)

let api = null;
let dbCreated = false;
let cleaning = null;

async function stopApi() {
  if (!api) return;
  const { proc, exited } = api;
  api = null;
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGTERM');
    if ((await Promise.race([exited, sleep(15_000).then(() => 'timeout')])) === 'timeout') {
      proc.kill('SIGKILL');
      await exited;
    }
  }
}

function cleanup() {
  cleaning ??= (async () => {
    await stopApi().catch((error) => log('stopping the API failed:', error.message));
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

async function startApi(fakeNow) {
  const port = await freePort();
  const logFile = join(tmpdir(), `reports-bench-api-${process.pid}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const proc = spawn(process.execPath, [join(apiRoot, 'dist/apps/api/main.js')], {
    cwd: apiRoot,
    env: {
      ...env,
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrlOf(opts.adminUrl, opts.database),
      DATABASE_POOL_SIZE: '10',
      PORT: String(port),
      HOST: '127.0.0.1',
      FAKE_NOW: fakeNow,
      SEED_DEMO: 'true',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      ADMIN_PASSWORD,
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout.pipe(out);
  proc.stderr.pipe(out);
  api = { proc, exited: once(proc, 'exit'), base: `http://127.0.0.1:${port}`, logFile };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the API exited with ${proc.exitCode} during start-up; log:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${api.base}/api/health`)).ok) {
        log(`API healthy at ${api.base} (pid ${proc.pid}, log ${logFile})`);
        return api;
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

// ---------------------------------------------------------------- a year of data, in SQL

/**
 * Copies of the demo office (name, hours, services, counters; staff reused), so the tables also
 * hold other offices' rows and the reports must find their office's through the indexes.
 */
async function copyOffices(db, officeId) {
  const ids = [officeId];
  for (let i = 1; i <= opts.copies; i++) {
    const { rows } = await db.query(
      `INSERT INTO offices (name, address, time_zone, opening_hours, holiday_country)
       SELECT name || ' (copia ' || $2 || ')', address, time_zone, opening_hours, holiday_country FROM offices WHERE id = $1 RETURNING id`,
      [officeId, i],
    );
    const copy = rows[0].id;
    await db.query(
      `INSERT INTO services (office_id, code, name, mode, requirements, active, position, slot_minutes, seats_per_slot, daily_appointment_cap, walk_in_daily_cap, average_service_minutes)
       SELECT $2, code, name, mode, requirements, active, position, slot_minutes, seats_per_slot, daily_appointment_cap, walk_in_daily_cap, average_service_minutes FROM services WHERE office_id = $1`,
      [officeId, copy],
    );
    await db.query(`INSERT INTO counters (office_id, name) SELECT $2, name FROM counters WHERE office_id = $1`, [officeId, copy]);
    ids.push(copy);
  }
  return ids;
}

/**
 * One office's year, working days only (Monday to Friday, 08:30–14:00 local). Per day: the
 * appointment services' bookings (about half of the day's tickets), 85 % checked in, 7 % cancelled,
 * the rest never came; walk-ins for the rest of the day's tickets, spread over the walk-in services;
 * each ticket called after an exponential-ish wait (mean ~15 min), served 6–30 minutes at one of
 * the office's counters by one of its staff, 5 % no-shows, 3 % of walk-ins never called; refusals
 * by the cap on about a third of the days; a survey on 30 % of the served tickets.
 */
async function generateYear(db, officeId) {
  const from = `${opts.year}-01-01`;
  const to = `${opts.year}-12-31`;
  const perDay = opts.ticketsPerDay;
  await db.query('BEGIN');
  await db.query(`SELECT setseed(0.42)`);
  await db.query(
    `CREATE TEMP TABLE bench_days ON COMMIT DROP AS
       SELECT d::date AS local_date FROM generate_series($1::date, $2::date, interval '1 day') d WHERE extract(isodow FROM d) < 6`,
    [from, to],
  );
  const ctx = `
    WITH o AS (SELECT id, time_zone FROM offices WHERE id = $1),
         appt AS (SELECT id, code, row_number() OVER (ORDER BY position, code) - 1 AS i, count(*) OVER () AS n FROM services WHERE office_id = $1 AND mode = 'appointment'),
         walk AS (SELECT id, code, row_number() OVER (ORDER BY position, code) - 1 AS i, count(*) OVER () AS n FROM services WHERE office_id = $1 AND mode <> 'appointment'),
         ctr AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS i, count(*) OVER () AS n FROM counters WHERE office_id = $1),
         stf AS (SELECT id, row_number() OVER (ORDER BY username) - 1 AS i, count(*) OVER () AS n FROM staff_users WHERE office_id = (SELECT office_id FROM staff_users WHERE username = 'agente1.elqui'))`;

  // Bookings: about half of the day's tickets come from appointments (85 % of bookings check in).
  const bookingsPerDay = Math.round((perDay * 0.5) / 0.85);
  await db.query(
    `${ctx}
     INSERT INTO bookings (code, office_id, service_id, slot_start, slot_end, local_date, status, document_type, document_number, full_name, email, phone, created_at)
     SELECT upper(substr(md5($1::text || d.local_date || g), 1, 10)), $1, a.id,
            (d.local_date + time '08:30' + make_interval(mins => ((g / a.n) * 4)::int)) AT TIME ZONE o.time_zone,
            (d.local_date + time '08:45' + make_interval(mins => ((g / a.n) * 4)::int)) AT TIME ZONE o.time_zone,
            d.local_date,
            (CASE WHEN r < 0.85 THEN 'checked_in' WHEN r < 0.92 THEN 'cancelled' ELSE 'confirmed' END)::booking_status,
            'PASSPORT', 'B' || upper(substr(md5($1::text || d.local_date || g || 'document'), 1, 12)), 'Persona de prueba', NULL, NULL,
            (d.local_date - 7)::timestamptz
       FROM bench_days d CROSS JOIN o CROSS JOIN generate_series(0, $2 - 1) g
       JOIN appt a ON a.i = g % a.n
       CROSS JOIN LATERAL (SELECT random() AS r) x`,
    [officeId, bookingsPerDay],
  );

  // Appointment tickets: checked-in bookings, arriving 0–20 minutes before their slot.
  await db.query(
    `${ctx}
     INSERT INTO tickets (office_id, service_id, booking_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, slot_start,
                          called_at, started_at, completed_at, counter_id, agent_id, tracking_code, quoted_wait_minutes)
     SELECT $1, b.service_id, b.id, 'appointment', random() < 0.1, s.code || '-' || lpad(seq::text, 3, '0'), seq, b.local_date,
            (CASE WHEN no_show THEN 'no_show' ELSE 'done' END)::ticket_status,
            issued, issued, b.slot_start, called, CASE WHEN no_show THEN NULL ELSE called + interval '1 minute' END,
            CASE WHEN no_show THEN called + interval '5 minutes' ELSE called + interval '1 minute' + make_interval(secs => 360 + random() * 1440) END,
            c.id, st.id, md5(b.id::text), round(wait_minutes * (0.6 + random() * 0.8))::int
       FROM (SELECT b.*, row_number() OVER (PARTITION BY b.local_date, b.service_id ORDER BY b.slot_start, b.id) AS seq,
                    b.slot_start - make_interval(secs => random() * 1200) AS issued,
                    -ln(1 - random() * 0.98) * 12 AS wait_minutes, random() < 0.05 AS no_show,
                    (random() * 1000)::int AS pick
               FROM bookings b WHERE b.office_id = $1 AND b.status = 'checked_in') b
       JOIN services s ON s.id = b.service_id
       CROSS JOIN LATERAL (SELECT greatest(b.issued, b.slot_start) + make_interval(secs => b.wait_minutes * 60) AS called) w
       JOIN ctr c ON c.i = b.pick % c.n
       JOIN stf st ON st.i = b.pick % st.n`,
    [officeId],
  );

  // Walk-ins: the rest of the day's tickets, issued between 08:30 and 13:30.
  const walkInsPerDay = perDay - Math.round(bookingsPerDay * 0.85);
  await db.query(
    `${ctx}
     INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at,
                          called_at, started_at, completed_at, counter_id, agent_id, tracking_code, quoted_wait_minutes, closed_reason)
     SELECT $1, w.service_id, 'walk_in', random() < 0.1, w.code || '-' || lpad(w.seq::text, 3, '0'), w.seq, w.local_date,
            (CASE WHEN w.fate < 0.03 THEN 'cancelled' WHEN w.fate < 0.08 THEN 'no_show' ELSE 'done' END)::ticket_status,
            w.issued, w.issued,
            CASE WHEN w.fate >= 0.03 THEN w.called END,
            CASE WHEN w.fate >= 0.08 THEN w.called + interval '1 minute' END,
            CASE WHEN w.fate < 0.03 THEN w.issued + interval '4 hours' WHEN w.fate < 0.08 THEN w.called + interval '5 minutes'
                 ELSE w.called + interval '1 minute' + make_interval(secs => 360 + random() * 1440) END,
            CASE WHEN w.fate >= 0.03 THEN c.id END, CASE WHEN w.fate >= 0.03 THEN st.id END,
            md5($1::text || w.local_date || w.seq || w.code), round(w.wait_minutes * (0.6 + random() * 0.8))::int,
            CASE WHEN w.fate < 0.03 THEN 'closed at end of day' END
       FROM (SELECT x.*, row_number() OVER (PARTITION BY x.local_date, x.service_id ORDER BY x.issued) AS seq,
                    x.issued + make_interval(secs => x.wait_minutes * 60) AS called
               FROM (SELECT d.local_date, ws.id AS service_id, ws.code,
                            (d.local_date + time '08:30' + make_interval(secs => random() * 18000)) AT TIME ZONE o.time_zone AS issued,
                            -ln(1 - random() * 0.98) * 15 AS wait_minutes, random() AS fate, (random() * 1000)::int AS pick
                       FROM bench_days d CROSS JOIN o CROSS JOIN generate_series(0, $2 - 1) g
                       JOIN walk ws ON ws.i = g % ws.n) x) w
       JOIN ctr c ON c.i = w.pick % c.n
       JOIN stf st ON st.i = w.pick % st.n`,
    [officeId, walkInsPerDay],
  );

  // The day's walk-in tallies: issued as counted, refusals on about a third of the days.
  await db.query(
    `INSERT INTO walk_in_tallies (service_id, local_date, issued, refused)
     SELECT service_id, local_date, count(*), CASE WHEN random() < 0.33 THEN (random() * 12)::int ELSE 0 END
       FROM tickets WHERE office_id = $1 AND kind = 'walk_in' GROUP BY service_id, local_date`,
    [officeId],
  );

  // Surveys: 30 % of the served, ratings leaning to the good side, a comment on one in four.
  await db.query(
    `INSERT INTO survey_answers (ticket_id, office_id, rating, comment, answered_at)
     SELECT id, office_id, 1 + floor(power(random(), 0.6) * 5)::int % 5,
            CASE WHEN random() < 0.25 THEN 'Comentario de prueba' END, completed_at + interval '10 minutes'
       FROM tickets WHERE office_id = $1 AND status = 'done' AND random() < 0.3`,
    [officeId],
  );
  await db.query('COMMIT');
}

// ---------------------------------------------------------------- measuring

async function timed(url, token, accept = 'application/json') {
  const t0 = process.hrtime.bigint();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept } });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${text.slice(0, 300)}`);
  return { ms, text, bytes: Buffer.byteLength(text) };
}

async function measure(label, url, token, accept) {
  for (let i = 0; i < opts.warmCalls; i++) await timed(url, token, accept);
  const samples = [];
  let last;
  for (let i = 0; i < opts.calls; i++) {
    last = await timed(url, token, accept);
    samples.push(last.ms);
  }
  const s = summary(samples);
  log(`${label}: p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms (${last.bytes} bytes)`);
  return { label, ...s, bytes: last.bytes, body: last.text };
}

// ---------------------------------------------------------------- main

async function main() {
  if (loadAtStart > 0.7) log(`warning: 1-min load average is ${loadAtStart.toFixed(2)} before the run; other work on the machine will skew the numbers`);
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/reports/reports.module.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  log(`created database ${opts.database}`);

  // Migrations and the demo data, then the API is stopped while the year is written.
  const fakeNow = `${opts.year + 1}-01-05T10:00:00-03:00`;
  await startApi(fakeNow);
  await stopApi();

  const t0 = Date.now();
  const { officeId, counts } = await withDb(async (db) => {
    const { rows } = await db.query(`SELECT id FROM offices WHERE name = $1`, [EXTRANJERIA]);
    if (rows.length === 0) throw new Error('demo office not found (was the database empty before SEED_DEMO?)');
    const officeIds = await copyOffices(db, rows[0].id);
    for (const id of officeIds) await generateYear(db, id);
    await db.query('ANALYZE');
    const count = async (sql) => Number((await db.query(sql, [rows[0].id])).rows[0].n);
    return {
      officeId: rows[0].id,
      counts: {
        offices: officeIds.length,
        days: await count(`SELECT count(DISTINCT local_date) AS n FROM tickets WHERE office_id = $1`),
        tickets: await count(`SELECT count(*) AS n FROM tickets WHERE office_id = $1`),
        bookings: await count(`SELECT count(*) AS n FROM bookings WHERE office_id = $1`),
        surveys: await count(`SELECT count(*) AS n FROM survey_answers WHERE office_id = $1`),
        allTickets: await count(`SELECT count(*) AS n FROM tickets WHERE $1::uuid IS NOT NULL`),
        served: await count(`SELECT count(*) AS n FROM tickets WHERE office_id = $1 AND status = 'done'`),
      },
    };
  });
  log(
    `generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.tickets} tickets over ${counts.days} days (${(counts.tickets / counts.days).toFixed(0)}/day), ` +
      `${counts.bookings} bookings, ${counts.surveys} surveys for the office; ${counts.allTickets} tickets in ${counts.offices} offices`,
  );

  await startApi(fakeNow);
  const login = await fetch(`${api.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SUPERVISOR) });
  if (!login.ok) throw new Error(`supervisor login: ${login.status}`);
  const { accessToken } = await login.json();
  const base = `${api.base}/api/v1/offices/${officeId}`;
  const range = `from=${opts.year}-01-01&to=${opts.year}-12-31`;

  const results = [];
  for (const groupBy of ['day', 'service', 'counter', 'agent', 'hour']) {
    results.push(await measure(`year by ${groupBy}`, `${base}/reports?${range}&groupBy=${groupBy}`, accessToken));
  }
  results.push(await measure('year by day, CSV', `${base}/reports.csv?${range}&groupBy=day`, accessToken, 'text/csv'));
  results.push(await measure(`yearly account ${opts.year}`, `${base}/reports/yearly?year=${opts.year}`, accessToken));
  results.push(await measure('arrivals heat map, year', `${base}/reports/arrivals?${range}`, accessToken));

  // The figures must be the office's own: served in the report = served in SQL.
  const totals = JSON.parse(results[0].body).totals;
  const checks = { served: totals.served === counts.served, arrivals: totals.arrivals === counts.tickets };
  if (!checks.served || !checks.arrivals) log(`MISMATCH: report says served ${totals.served}, arrivals ${totals.arrivals}; SQL says ${counts.served}, ${counts.tickets}`);

  const missed = results.filter((r) => r.p99 >= TARGET_MS);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const pgVersion = await withDb(async (db) => (await db.query('SHOW server_version')).rows[0].server_version);
  console.log(`
### Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion};
load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.
Data: ${counts.tickets} tickets (${(counts.tickets / counts.days).toFixed(0)} per working day, ${counts.days} days), ${counts.bookings} bookings, ${counts.surveys} surveys for the office;
${counts.allTickets} tickets in ${counts.offices} offices. ${opts.calls} sequential calls per kind after ${opts.warmCalls} unmeasured.

| call | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | answer |
| --- | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${(r.bytes / 1024).toFixed(1)} KiB |`).join('\n')}

Target: every call < ${TARGET_MS} ms — ${missed.length === 0 ? 'met' : `**missed** by ${missed.map((r) => r.label).join(', ')}`}. Report totals against SQL: ${checks.served && checks.arrivals ? 'equal' : '**different**'}.
`);
  return checks.served && checks.arrivals ? 0 : 1;
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
