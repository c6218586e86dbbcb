#!/usr/bin/env node
// call-next's database work per cycle, without the API (issue #19 §4): pgbench runs the statements
// one desk cycle sends — call-next's read (callState), its claim (call_first_free), start and
// complete — on a database set up like run.mjs's throughput phase (the demo Extranjería office,
// 20 open counters serving every service, N waiting tickets inserted with SQL), for two statement
// sets in the same run, alternated: "before" (the SQL of commit 19f52db, frozen in
// call-next-sql-before.mjs, on the schema without migration CallNextReadCut) and "after" (the
// API's call-next-sql.js from dist, on the migrated schema).
//
//   node bench/queue/pgbench.mjs            (settings: README.md in this folder, section "pgbench")
//
// Per variant, size and client count: pgbench's latency average and cycles/s, and each
// statement's latency (-r). PostgreSQL's time per cycle is the sum of the four cycle statements'
// latencies at one client (server time plus one local round trip each). Two helper statements
// per cycle stand in for the API's own work and are the same in both variants: choosing (the
// first 64 waiting tickets by arrival are offered, where the API offers the policy's choices) and
// putting the completed ticket back at the end of the line, so the queue keeps its size.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { adminQuery, databaseUrlOf, fmt, localDateOf, logger } from '../support/common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const int = (name, fallback) => (env[name] === undefined || env[name] === '' ? fallback : Number.parseInt(env[name], 10));
const list = (name, fallback) => (env[name] ? env[name].split(',').map((s) => s.trim()).filter(Boolean) : fallback);

const opts = {
  sizes: list('BENCH_SIZES', ['2000', '20000']).map(Number),
  clients: list('BENCH_CLIENTS', ['1', '20']).map(Number),
  seconds: int('BENCH_SECONDS', 10),
  rounds: int('BENCH_ROUNDS', 3),
  variants: list('BENCH_VARIANTS', ['before', 'after']),
  counters: 20,
  fakeNow: env.BENCH_FAKE_NOW ?? '2026-12-01T09:00:00-03:00',
  adminUrl: env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  prefix: env.BENCH_DATABASE ?? 'turnero_cycle_bench',
  keep: env.BENCH_KEEP_DB === '1',
  explain: env.BENCH_EXPLAIN !== '0',
  /** synchronous_commit of the pgbench sessions: off measures the statements' work, not the disk's flush (the same in both variants). */
  synchronousCommit: env.BENCH_SYNCHRONOUS_COMMIT ?? 'off',
};
/** PER_LINE of QueueCallerService: the walk-ins per line the "before" read fetched ($3). */
const PER_LINE = 64;
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';
const log = logger('cycle');
const pgUrl = new URL(opts.adminUrl);

// ---------------------------------------------------------------- the statements

/** The variables every statement reads (pgbench -D), named as the scripts use them. */
const SENTINELS = { officeId: ':office', localDate: ':date', perLine: ':perline', counterId: ':counter', since: ':since', now: ':at' };

/** A statement with its $n replaced by the pgbench variables its values builder put there. */
function withVariables(text, values) {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const value = values[Number(n) - 1];
    const name = Array.isArray(value) ? value[0] : value;
    if (typeof name !== 'string' || !name.startsWith(':')) throw new Error(`$${n} has no pgbench variable (${JSON.stringify(value)})`);
    return name;
  });
}

/**
 * DeskRepository.transitionInPlace's statement for start ("status", "started_at") or complete
 * ("status", "completed_at"): the API's own (call-next-sql's transitionSql, unchanged by the read
 * cut, so both variants run the one in dist).
 */
function transitionSql(columns, changed) {
  const list = (alias) => columns.map((c) => `${alias}."${c}"`).join(', ');
  return transitions.transitionSql(`"status" = $11, "${changed}" = $12`, list);
}

/** The pgbench script of one cycle, from a call-next-sql module (before or after). */
function cycleScript(sql, columns) {
  const state = withVariables(sql.callStateSql(), sql.callStateValues(SENTINELS));
  const claimValues = sql.callFirstFreeValues({
    counterId: ':counter',
    officeId: ':office',
    localDate: ':date',
    choices: [{ ticketId: ':choices', reason: ':reasons' }],
    at: ':at',
    agentId: ':agent',
  });
  const claim = withVariables(sql.callFirstFreeSql(columns.map((c) => `(r.o_ticket)."${c}"`).join(', ')), claimValues);
  // start: $1 ticket, $2 from, $3 office, $4 type, $5 at, $6 agent, $7 details, $8 withRecalls, $9 rating email due, $10 grouped, $11.. changes
  // Parameters as the API sends them (pgbench variables), but $9, the rating email's due time: NULL (no email channel).
  const move = (changed, step) =>
    transitionSql(columns, changed).replace(/\$(\d+)/g, (_, n) =>
      [':id', `:${step}_from`, ':office', `:${step}_type`, ':at', ':agent', ':details', ':no', 'NULL', ':no', `:${step}_to`, ':at'][Number(n) - 1]);
  return [
    '\\set c :client_id % 20',
    '-- helper: the counter this client works at (one per client, as run.mjs has one worker per counter), and the API clock\'s now (FAKE_NOW + time since the run began)',
    'SELECT counter_id AS counter, agent_id AS agent, clock_timestamp() + (:now::timestamptz - :start::timestamptz) AS at FROM counter_sessions WHERE office_id = :office ORDER BY counter_id OFFSET :c LIMIT 1 \\gset',
    '-- 1. call-next: the read',
    `${state};`,
    "-- helper: the choices (the API's policy runs in the API; here the first 64 waiting by arrival)",
    `SELECT array_agg(id) AS choices, array_agg('arrival_order'::text) AS reasons FROM (SELECT id FROM tickets WHERE office_id = :office AND status = 'waiting' AND local_date = :date ORDER BY queued_at, id LIMIT 64) q \\gset`,
    '-- 2. call-next: the claim',
    `${claim} \\gset`,
    '-- 3. start',
    `${move('started_at', 'start')};`,
    '-- 4. complete',
    `${move('completed_at', 'complete')};`,
    '-- helper: the ticket goes back to the end of the line, so the queue keeps its size',
    `UPDATE tickets SET status = 'waiting', queued_at = clock_timestamp(), called_at = NULL, started_at = NULL, completed_at = NULL, counter_id = NULL, agent_id = NULL WHERE id = :id;`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- databases

async function withDb(database, fn) {
  const client = new pg.Client({ connectionString: databaseUrlOf(opts.adminUrl, database) });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function recreate(name, template) {
  await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminQuery(opts.adminUrl, `CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
}

/** The migration of this work, from dist (null when dist predates it). */
async function readCutMigration() {
  try {
    const module = await import(pathToFileURL(join(apiRoot, 'dist/apps/api/database/migrations/1795910000000-CallNextReadCut.js')).href);
    return new module.CallNextReadCut1795910000000();
  } catch {
    return null;
  }
}

/** Migrated demo database with 20 open counters serving everything, each with its agent. */
async function template(name) {
  await recreate(name);
  const url = databaseUrlOf(opts.adminUrl, name);
  execFileSync(process.execPath, [join(apiRoot, 'dist/apps/api/seed/seed-demo.cli.js')], {
    cwd: apiRoot,
    env: { ...env, DATABASE_URL: url, FAKE_NOW: opts.fakeNow, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return withDb(name, async (db) => {
    const [office] = (await db.query('SELECT id, time_zone FROM offices WHERE name = $1', [EXTRANJERIA])).rows;
    const { rows: existing } = await db.query('SELECT id FROM counters WHERE office_id = $1 ORDER BY name', [office.id]);
    for (let i = existing.length + 1; i <= opts.counters; i++) await db.query('INSERT INTO counters (office_id, name) VALUES ($1, $2)', [office.id, `Módulo ${i}`]);
    await db.query(
      `INSERT INTO counter_services (counter_id, service_id) SELECT c.id, s.id FROM counters c JOIN services s ON s.office_id = c.office_id
        WHERE c.office_id = $1 AND s.active ON CONFLICT DO NOTHING`,
      [office.id],
    );
    const { rows: counters } = await db.query('SELECT id FROM counters WHERE office_id = $1 ORDER BY id', [office.id]);
    for (const [i, c] of counters.entries()) {
      const username = `bench.cycle${String(i + 1).padStart(2, '0')}`;
      const { rows } = await db.query(`INSERT INTO staff_users (username, password_hash, role, office_id) VALUES ($1, 'x', 'agent', $2) RETURNING id`, [username, office.id]);
      await db.query(
        `INSERT INTO counter_sessions (counter_id, office_id, open, service_ids, agent_id, opened_at)
         VALUES ($1, $2, true, (SELECT array_agg(id ORDER BY id) FROM services WHERE office_id = $2 AND active), $3, $4)
         ON CONFLICT (counter_id) DO UPDATE SET open = true, service_ids = EXCLUDED.service_ids, agent_id = EXCLUDED.agent_id`,
        [c.id, office.id, rows[0].id, opts.fakeNow],
      );
    }
    const { rows: columns } = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets' AND table_schema = 'public' ORDER BY ordinal_position`);
    return { officeId: office.id, today: localDateOf(opts.fakeNow, office.time_zone), columns: columns.map((c) => c.column_name) };
  });
}

/**
 * `count` waiting tickets for today, as run.mjs inserts them: 4 % checked-in appointments of the
 * appointment services (slots every 15 min from 08:30, three per slot), the rest walk-ins of the
 * walk-in services, every 10th preferential, queued between 08:30 and a minute before FAKE_NOW.
 */
async function insertWaiting(database, officeId, today, count) {
  await withDb(database, async (db) => {
    const services = (await db.query(`SELECT id, code, mode::text AS mode FROM services WHERE office_id = $1 AND active ORDER BY code`, [officeId])).rows;
    const appointmentServices = services.filter((s) => s.mode !== 'walk_in');
    const walkInServices = services.filter((s) => s.mode !== 'appointment');
    const seq = new Map();
    const fakeNowMs = Date.parse(opts.fakeNow);
    const dayStart = Date.parse(`${today}T08:30:00${opts.fakeNow.slice(19)}`);
    const issueEnd = fakeNowMs - 60_000;
    const rows = [];
    const appointmentCount = Math.round(count * 0.04);
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
    const cols = { office: [], service: [], kind: [], pref: [], number: [], sequence: [], issued: [], slot: [], code: [] };
    for (const r of rows) {
      const n = (seq.get(r.service.code) ?? 0) + 1;
      seq.set(r.service.code, n);
      cols.service.push(r.service.id);
      cols.kind.push(r.kind);
      cols.pref.push(r.preferential);
      cols.number.push(`${r.service.code}-${String(n).padStart(3, '0')}`);
      cols.sequence.push(n);
      cols.issued.push(new Date(r.issuedAt));
      cols.slot.push(r.slotStart ? new Date(r.slotStart) : null);
      cols.code.push(randomBytes(16).toString('base64url'));
    }
    await db.query(
      `INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, slot_start, tracking_code)
       SELECT $1, u.service, u.kind::ticket_kind, u.pref, u.number, u.seq, $2::date, 'waiting', u.issued, u.issued, u.slot, u.code
         FROM unnest($3::uuid[], $4::text[], $5::boolean[], $6::text[], $7::int[], $8::timestamptz[], $9::timestamptz[], $10::text[])
           AS u(service, kind, pref, number, seq, issued, slot, code)`,
      [officeId, today, cols.service, cols.kind, cols.pref, cols.number, cols.sequence, cols.issued, cols.slot, cols.code],
    );
    await db.query('VACUUM ANALYZE tickets');
  });
}

// ---------------------------------------------------------------- pgbench

function pgbench(database, script, clients, vars) {
  const args = ['-n', '-M', 'prepared', '-r', '-T', String(opts.seconds), '-c', String(clients), '-j', String(Math.min(clients, 2)), '-f', script];
  args.push('-h', pgUrl.hostname, '-p', pgUrl.port || '5432', '-U', decodeURIComponent(pgUrl.username || 'postgres'));
  for (const [k, v] of Object.entries(vars)) args.push('-D', `${k}=${v}`);
  args.push(database);
  const out = execFileSync('pgbench', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, PGOPTIONS: `-c synchronous_commit=${opts.synchronousCommit}` } });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out)?.[1] ?? 0);
  // -r: "  <ms>  <failures>  <statement's first line>" under "statement latencies in milliseconds"
  const statements = [];
  for (const line of out.split('\n').slice(out.split('\n').findIndex((l) => l.includes('statement latencies')) + 1)) {
    const m = /^\s+([\d.]+)\s+(?:\d+\s+)?(.*)$/.exec(line);
    if (m) statements.push({ ms: Number(m[1]), text: m[2] });
  }
  return { tps, latency, failed, statements, out };
}

/** The four cycle statements' summed latency (the helpers and \set left out). */
function cycleMs(statements) {
  const sql = statements.filter((s) => !s.text.startsWith('\\'));
  // order in the script: counter (helper), read, choices (helper), claim, start, complete, requeue (helper)
  const [read, claim, start, complete] = [sql[1], sql[3], sql[4], sql[5]];
  return { read: read?.ms, claim: claim?.ms, start: start?.ms, complete: complete?.ms, sum: read.ms + claim.ms + start.ms + complete.ms };
}

async function explainRead(database, sql, vars, label) {
  const text = sql.callStateSql();
  const values = sql.callStateValues({ officeId: vars.office, localDate: vars.date, perLine: PER_LINE, counterId: vars.counter, since: vars.since, now: vars.now });
  return withDb(database, async (db) => {
    const params = values.map((v) => (v instanceof Date ? v.toISOString() : v));
    const name = 'read';
    // An SQL-level prepared statement (types inferred from the text), explained after six executions.
    await db.query(`PREPARE ${name} AS ${text}`);
    const literal = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`);
    const args = params.map(literal).join(', ');
    let plan = '';
    // Six executions and a seventh explained: past the point where PostgreSQL may switch to the generic plan.
    for (let i = 0; i < 6; i++) await db.query(`EXECUTE ${name}(${args})`);
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY ON) EXECUTE ${name}(${args})`);
    plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const { rows: generic } = await db.query(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1`, [name]);
    return `-- ${label}: 7th execution (generic plans ${generic[0]?.generic_plans}, custom plans ${generic[0]?.custom_plans})\n${plan}`;
  });
}

// ---------------------------------------------------------------- main

const before = await import(pathToFileURL(join(here, 'call-next-sql-before.mjs')).href);
/** The API's call-next SQL module (dist): the "after" statements, and the moves both variants share. */
const transitions = await import(pathToFileURL(join(apiRoot, 'dist/apps/api/desk/call-next-sql.js')).href);
const after = opts.variants.includes('after') ? transitions : null;
const cut = await readCutMigration();
if (!cut) log('dist has no migration CallNextReadCut: "after" runs on the same schema as "before"');

const templateName = `${opts.prefix}_template`;
log(`template ${templateName}: migrations and demo data from ${apiRoot}/dist`);
const base = await template(templateName);
const vars = { office: base.officeId, date: base.today, since: new Date(`${base.today}T00:00:00${opts.fakeNow.slice(19)}`).toISOString(), now: new Date(opts.fakeNow).toISOString(), start: new Date().toISOString(), perline: PER_LINE,
  start_from: '{called}', start_type: 'started', start_to: 'serving', complete_from: '{serving}', complete_type: 'completed', complete_to: 'done', details: '{}', no: 'false' };
const dir = mkdtempSync(join(tmpdir(), 'turnero-cycle-'));
const scripts = {
  before: join(dir, 'cycle-before.pgbench'),
  after: join(dir, 'cycle.pgbench'),
};
writeFileSync(scripts.before, cycleScript(before, base.columns));
if (after) writeFileSync(scripts.after, cycleScript(after, base.columns));
writeFileSync(join(here, 'cycle-before.pgbench'), cycleScript(before, base.columns));
if (after) writeFileSync(join(here, 'cycle.pgbench'), cycleScript(after, base.columns));
log(`scripts: ${scripts.before}, ${scripts.after} (copies in bench/queue/)`);

const results = [];
const explains = [];
for (const size of opts.sizes) {
  // One database per variant and size, filled alike; "before" without the migration's index.
  const dbs = {};
  for (const variant of opts.variants) {
    const name = `${opts.prefix}_${variant}_${size}`;
    await recreate(name, templateName);
    if (cut && variant === 'before') await withDb(name, (db) => cut.down({ query: (q) => db.query(q) }));
    await insertWaiting(name, base.officeId, base.today, size);
    dbs[variant] = name;
  }
  log(`size ${size}: databases ${Object.values(dbs).join(', ')}`);
  if (opts.explain) {
    const counter = await withDb(dbs[opts.variants[0]], async (db) => (await db.query('SELECT counter_id FROM counter_sessions WHERE office_id = $1 ORDER BY counter_id LIMIT 1', [base.officeId])).rows[0].counter_id);
    for (const variant of opts.variants) explains.push(await explainRead(dbs[variant], variant === 'before' ? before : after, { ...vars, counter }, `${variant}, ${size} waiting`));
  }
  for (let round = 1; round <= opts.rounds; round++) {
    for (const clients of opts.clients) {
      for (const variant of round % 2 === 1 ? opts.variants : [...opts.variants].reverse()) {
        const r = pgbench(dbs[variant], scripts[variant], clients, vars);
        const c = cycleMs(r.statements);
        results.push({ size, clients, variant, round, tps: r.tps, latency: r.latency, failed: r.failed, ...c });
        log(`${size} waiting, ${clients} client(s), ${variant}, round ${round}: ${fmt(r.tps, 0)} cycles/s, latency ${fmt(r.latency, 3)} ms, cycle statements ${fmt(c.sum, 3)} ms (read ${fmt(c.read, 3)}, claim ${fmt(c.claim, 3)}, start ${fmt(c.start, 3)}, complete ${fmt(c.complete, 3)})${r.failed ? `, ${r.failed} failed` : ''}`);
        if (!Number.isFinite(r.tps)) log(r.out);
      }
    }
  }
  if (!opts.keep) for (const name of Object.values(dbs)) await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
if (!opts.keep) await adminQuery(opts.adminUrl, `DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);

// ---------------------------------------------------------------- report
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const lines = ['| waiting | clients | variant | cycles/s (median of runs) | PostgreSQL ms per cycle: read + claim + start + complete (median) | read ms | runs (cycles/s) |', '| --- | --- | --- | --- | --- | --- | --- |'];
for (const size of opts.sizes) {
  for (const clients of opts.clients) {
    const row = {};
    for (const variant of opts.variants) {
      const rs = results.filter((r) => r.size === size && r.clients === clients && r.variant === variant);
      row[variant] = { tps: median(rs.map((r) => r.tps)), sum: median(rs.map((r) => r.sum)), read: median(rs.map((r) => r.read)) };
      lines.push(`| ${size} | ${clients} | ${variant} | ${fmt(row[variant].tps, 0)} | ${fmt(row[variant].sum, 3)} | ${fmt(row[variant].read, 3)} | ${rs.map((r) => fmt(r.tps, 0)).join(', ')} |`);
    }
    if (row.before && row.after) {
      lines.push(`| ${size} | ${clients} | after / before | ${fmt(row.after.tps / row.before.tps, 2)}× | ${fmt(row.after.sum / row.before.sum, 2)}× | ${fmt(row.after.read / row.before.read, 2)}× | |`);
    }
  }
}
console.log(`\n**call-next cycle in PostgreSQL** (pgbench -M prepared, synchronous_commit ${opts.synchronousCommit}, ${opts.seconds} s per run, ${opts.rounds} rounds alternated, ${new Date().toISOString()}):\n`);
console.log(lines.join('\n'));
if (explains.length) console.log(`\n<details><summary>EXPLAIN of the read</summary>\n\n\`\`\`\n${explains.join('\n\n')}\n\`\`\`\n</details>`);
if (env.BENCH_JSON) writeFileSync(resolve(env.BENCH_JSON), JSON.stringify({ opts, results, explains }, null, 2));
