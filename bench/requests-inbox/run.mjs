#!/usr/bin/env node
// Requests inbox (issue #17): 100,000 requests over a year for one office, and how fast the staff
// inbox's filtered pages and the yearly reports answer over them.
//
//   node bench/requests-inbox/run.mjs            (settings: see README.md in this folder)
//
// 1. A scratch database; the built API starts on it with the demo data (SEED_DEMO) and its clock on
//    30 December of the data's year, then is stopped while the requests are generated in SQL with
//    generate_series (setseed: the same rows every run): BENCH_REQUESTS (100,000) for the demo
//    Extranjería office over the year, and BENCH_OTHER_REQUESTS (100,000) spread over (up to) two other
//    demo offices, so the indexes must find the office's own.
// 2. The API again, and N sequential calls over HTTP as the demo supervisor of each: the inbox's
//    first page with typical filters (none, open, overdue, due this week, unassigned, a kind and
//    topic, a channel and status), a deep page (the last of everything and of the closed ones), the
//    requests report of the year (JSON and CSV) and the yearly public account. p50/p95/p99/max per
//    call, against the 300 ms target.
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
  requests: int('BENCH_REQUESTS', 100_000),
  otherRequests: int('BENCH_OTHER_REQUESTS', 100_000),
  calls: int('BENCH_CALLS', 30),
  warmCalls: int('BENCH_WARM_CALLS', 3),
  pageSize: int('BENCH_PAGE_SIZE', 25),
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: env.BENCH_DATABASE ?? 'turnero_requests_bench',
  build: env.BENCH_BUILD === '1',
  keepDatabase: env.BENCH_KEEP_DB === '1',
  deadlineSeconds: int('BENCH_DEADLINE_S', 900),
};

const TARGET_MS = 300;
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const SUPERVISOR = { username: 'supervisora.elqui', password: 'demo-supervisora-2026' };
const ADMIN_PASSWORD = 'bench-requests-admin-2026';

const log = logger('requests-inbox');
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
  const logFile = join(tmpdir(), `requests-inbox-bench-api-${process.pid}.log`);
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

// ---------------------------------------------------------------- a year of requests, in SQL

/**
 * `count` requests of one office filed over the year up to the clock's day (uniform days, office
 * hours), shaped like an OIRS inbox: 45 % requests, 40 % complaints, 10 % suggestions, 5 %
 * commendations; mostly web, then phone, email, counter, letter; 12 topics. Those older than 25
 * days are mostly closed (90 %) or answered, a few still open; recent ones spread over every
 * status. Deadlines of 10 working days (15 for complaints) approximated as calendar days × 7/5;
 * answers after 1–1.3× the deadline's working days (on time when within it); a third of the
 * answers rated; open ones mostly assigned to one of the office's staff. A 300-character
 * description and an email per row, so the rows are the size of real ones.
 */
async function generateRequests(db, officeId, count, salt) {
  await db.query('BEGIN');
  await db.query(
    `INSERT INTO request_topics (office_id, name, sort_order) SELECT $1, 'Tema de prueba ' || g, g FROM generate_series(1, 12) g ON CONFLICT DO NOTHING`,
    [officeId],
  );
  await db.query(`SELECT setseed($1)`, [salt]);
  const days = Math.round((Date.UTC(opts.year, 11, 30) - Date.UTC(opts.year, 0, 1)) / 86_400_000) + 1;
  await db.query(
    `WITH office AS (SELECT id, time_zone FROM offices WHERE id = $1),
          topics AS (SELECT array_agg(id ORDER BY sort_order) AS ids FROM request_topics WHERE office_id = $1),
          staff AS (SELECT array_agg(id ORDER BY username) AS ids FROM staff_users WHERE office_id = $1 AND active),
          base AS (
            SELECT g, ($2::date + floor(random() * $3::int)::int) AS day, random() AS rk, random() AS rc, random() AS rs, random() AS rw, random() AS rr, random() AS ra,
                   random() AS rt, random() AS rh
              FROM generate_series(1, $4::int) g
          ),
          shaped AS (
            SELECT b.*,
                   (b.day + time '08:30' + b.rh * interval '8 hours') AT TIME ZONE (SELECT time_zone FROM office) AS filed_at,
                   CASE WHEN b.rk < 0.45 THEN 'request' WHEN b.rk < 0.85 THEN 'complaint' WHEN b.rk < 0.95 THEN 'suggestion' ELSE 'commendation' END AS kind,
                   CASE WHEN b.rc < 0.55 THEN 'web' WHEN b.rc < 0.75 THEN 'phone' WHEN b.rc < 0.87 THEN 'email' WHEN b.rc < 0.95 THEN 'counter' WHEN b.rc < 0.99 THEN 'letter' ELSE 'open311' END AS channel,
                   CASE WHEN ($2::date + $3::int - 1) - b.day > 25 THEN
                          CASE WHEN b.rs < 0.90 THEN 'closed' WHEN b.rs < 0.96 THEN 'answered' WHEN b.rs < 0.98 THEN 'in_progress' WHEN b.rs < 0.99 THEN 'waiting' ELSE 'received' END
                        ELSE
                          CASE WHEN b.rs < 0.30 THEN 'received' WHEN b.rs < 0.60 THEN 'in_progress' WHEN b.rs < 0.70 THEN 'waiting' WHEN b.rs < 0.90 THEN 'answered' ELSE 'closed' END
                   END AS status
              FROM base b
          ),
          timed AS (
            SELECT s.*, CASE WHEN s.kind = 'complaint' THEN 15 ELSE 10 END AS deadline_days,
                   1 + floor(s.rw * CASE WHEN s.kind = 'complaint' THEN 15 ELSE 10 END * 1.3)::int AS awd
              FROM shaped s
          )
     INSERT INTO requests (office_id, code, kind, topic_id, channel, status, description, contact_email, filed_at, due_date, deadline_days,
                           assignee_id, answer, answered_at, answered_by, answer_working_days, answered_on_time, closed_at, rating, rated_at, created_at, updated_at)
     SELECT $1, translate(upper(substr(md5($1::text || ':' || $5::text || ':' || t.g), 1, 10)), '01', 'XY'), t.kind::request_kind,
            (SELECT ids FROM topics)[1 + floor(t.rt * 12)::int], t.channel::request_channel, t.status::request_status,
            repeat('Texto de prueba de una solicitud ciudadana. ', 7), 'persona' || t.g || '@example.cl',
            t.filed_at, t.day + (t.deadline_days * 7 / 5), t.deadline_days,
            CASE WHEN t.status <> 'received' AND (t.status IN ('answered', 'closed') OR t.ra < 0.8) THEN (SELECT ids FROM staff)[1 + floor(t.ra * cardinality((SELECT ids FROM staff)))::int] END,
            CASE WHEN t.status IN ('answered', 'closed') THEN 'Respuesta de prueba.' END,
            CASE WHEN t.status IN ('answered', 'closed') THEN t.filed_at + t.awd * interval '33 hours' END,
            CASE WHEN t.status IN ('answered', 'closed') THEN (SELECT ids FROM staff)[1 + floor(t.ra * cardinality((SELECT ids FROM staff)))::int] END,
            CASE WHEN t.status IN ('answered', 'closed') THEN t.awd END,
            CASE WHEN t.status IN ('answered', 'closed') THEN t.awd <= t.deadline_days END,
            CASE WHEN t.status = 'closed' THEN t.filed_at + t.awd * interval '33 hours' + interval '3 days' END,
            CASE WHEN t.status IN ('answered', 'closed') AND t.rr < 0.33 THEN 1 + floor(power(t.rr / 0.33, 0.6) * 5)::int % 5 END,
            CASE WHEN t.status IN ('answered', 'closed') AND t.rr < 0.33 THEN t.filed_at + t.awd * interval '33 hours' + interval '1 day' END,
            t.filed_at, t.filed_at
       FROM timed t
     ON CONFLICT DO NOTHING`,
    [officeId, `${opts.year}-01-01`, days, count, salt],
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
  log(`${label}: p50 ${fmt(s.p50)} ms, p95 ${fmt(s.p95)} ms (${last.bytes} bytes)`);
  return { label, ...s, bytes: last.bytes, body: last.text };
}

// ---------------------------------------------------------------- main

async function main() {
  if (loadAtStart > 0.7) log(`warning: 1-min load average is ${loadAtStart.toFixed(2)} before the run; other work on the machine will skew the numbers`);
  if (opts.build || !existsSync(join(apiRoot, 'dist/apps/api/requests/reports/requests-reports.module.js'))) {
    log(`building (npm run build in ${apiRoot})`);
    execSync('npm run build --silent', { cwd: apiRoot, stdio: 'inherit' });
  }
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(opts.database)} WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE ${quoteIdent(opts.database)}`);
  dbCreated = true;
  log(`created database ${opts.database}`);

  // Migrations and the demo data, then the API is stopped while the requests are written.
  const fakeNow = `${opts.year}-12-30T10:00:00-03:00`;
  await startApi(fakeNow);
  await stopApi();

  const t0 = Date.now();
  const { officeId, topicId, counts } = await withDb(async (db) => {
    const { rows } = await db.query(`SELECT id FROM offices WHERE name = $1`, [EXTRANJERIA]);
    if (rows.length === 0) throw new Error('demo office not found (was the database empty before SEED_DEMO?)');
    const officeId = rows[0].id;
    await generateRequests(db, officeId, opts.requests, 0.17);
    const others = (await db.query(`SELECT id FROM offices WHERE id <> $1 ORDER BY name LIMIT 2`, [officeId])).rows.map((r) => r.id);
    for (const [i, id] of others.entries()) await generateRequests(db, id, Math.floor(opts.otherRequests / others.length), 0.3 + i / 10);
    await db.query('ANALYZE');
    const count = async (sql) => Number((await db.query(sql, [officeId])).rows[0].n);
    const topic = (await db.query(`SELECT id FROM request_topics WHERE office_id = $1 ORDER BY sort_order LIMIT 1`, [officeId])).rows[0].id;
    return {
      officeId,
      topicId: topic,
      counts: {
        requests: await count(`SELECT count(*) AS n FROM requests WHERE office_id = $1`),
        open: await count(`SELECT count(*) AS n FROM requests WHERE office_id = $1 AND status IN ('received', 'in_progress', 'waiting')`),
        closed: await count(`SELECT count(*) AS n FROM requests WHERE office_id = $1 AND status = 'closed'`),
        answered: await count(`SELECT count(*) AS n FROM requests WHERE office_id = $1 AND answered_at IS NOT NULL`),
        median: await count(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY answer_working_days) AS n FROM requests WHERE office_id = $1`),
        all: await count(`SELECT count(*) AS n FROM requests WHERE $1::uuid IS NOT NULL`),
        offices: 1 + others.length,
      },
    };
  });
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.requests} requests for the office (${counts.open} open, ${counts.closed} closed); ${counts.all} in ${counts.offices} offices`);

  await startApi(fakeNow);
  const login = await fetch(`${api.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SUPERVISOR) });
  if (!login.ok) throw new Error(`supervisor login: ${login.status}`);
  const { accessToken } = await login.json();
  const inbox = (query) => `${api.base}/api/v1/offices/${officeId}/requests?pageSize=${opts.pageSize}&${query}`;
  const base = `${api.base}/api/v1/offices/${officeId}`;
  const range = `from=${opts.year}-01-01&to=${opts.year}-12-31`;
  const lastPage = (total) => Math.max(1, Math.ceil(total / opts.pageSize));

  const results = [];
  results.push(await measure('inbox: everything, page 1', inbox('page=1'), accessToken));
  const everything = JSON.parse(results[0].body).total;
  results.push(await measure('inbox: open (received, in progress, waiting)', inbox('status=received,in_progress,waiting'), accessToken));
  results.push(await measure('inbox: overdue', inbox('overdue=true'), accessToken));
  results.push(await measure('inbox: due this week', inbox('due=week'), accessToken));
  results.push(await measure('inbox: received, nobody assigned', inbox('status=received&assignee=none'), accessToken));
  results.push(await measure('inbox: complaints of one topic', inbox(`kind=complaint&topicId=${topicId}`), accessToken));
  results.push(await measure('inbox: closed, by phone', inbox('status=closed&channel=phone'), accessToken));
  results.push(await measure(`inbox: everything, last page (${lastPage(everything)})`, inbox(`page=${lastPage(everything)}`), accessToken));
  const closedTotal = JSON.parse((await timed(inbox('status=closed'), accessToken)).text).total;
  results.push(await measure(`inbox: closed, last page (${lastPage(closedTotal)})`, inbox(`status=closed&page=${lastPage(closedTotal)}`), accessToken));
  results.push(await measure(`requests report, year ${opts.year}`, `${base}/reports/requests?${range}`, accessToken));
  results.push(await measure('requests report, year, CSV', `${base}/reports/requests.csv?${range}`, accessToken, 'text/csv'));
  results.push(await measure(`yearly public account ${opts.year}`, `${base}/reports/yearly?year=${opts.year}`, accessToken));

  // The figures must be the office's own.
  const report = JSON.parse(results[9].body);
  const checks = { total: everything === counts.requests, received: report.totals.received === counts.requests, answered: report.totals.answered === counts.answered, median: report.totals.medianWorkingDays === counts.median, closed: closedTotal === counts.closed };
  const ok = Object.values(checks).every(Boolean);
  if (!ok) log(`MISMATCH against SQL: ${JSON.stringify(checks)}`);

  const missed = results.filter((r) => r.p95 >= TARGET_MS);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const pgVersion = await withDb(async (db) => (await db.query('SHOW server_version')).rows[0].server_version);
  console.log(`
### Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC

Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion};
load average ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end.
Data: ${counts.requests} requests for the office over ${opts.year} (${counts.open} open, ${counts.closed} closed, ${counts.answered} answered); ${counts.all} requests in ${counts.offices} offices.
Page size ${opts.pageSize}; ${opts.calls} sequential calls per kind after ${opts.warmCalls} unmeasured.

| call | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | answer |
| --- | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.label} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${fmt(r.max)} | ${(r.bytes / 1024).toFixed(1)} KiB |`).join('\n')}

Target: p95 of every call < ${TARGET_MS} ms — ${missed.length === 0 ? 'met' : `**missed** by ${missed.map((r) => r.label).join(', ')}`}. Totals against SQL: ${ok ? 'equal' : '**different**'}.
`);
  return ok ? 0 : 1;
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
