#!/usr/bin/env node
// What one refusal (503 OVERLOADED) costs the API, in CPU µs per refused request (issue #19 §3).
//
//   npm run build && node bench/support/refusal-cost.mjs          (BENCH_API_ROOT=<worktree> for another build)
//
// The API is started on a fresh database with LOAD_SHED_DRILL="GET /api/v1/offices=<huge>" (and
// LOAD_SHED=false, so that nothing else is shed: the drill sheds either way), so that
// every GET /api/v1/offices is refused exactly as under overload; BENCH_RC_CONNECTIONS (64)
// keep-alive connections send it as fast as answered for BENCH_RC_S (5) seconds, after a 1 s
// warm-up. Reported: refusals per second and the API process's CPU per refusal (/proc, all threads).
// For scale, the same closed loop against `floor`: a bare node:http server in a child process that
// writes a precomputed answer of the same size (HTTP parse and write only, nothing else), and
// against a served request (GET /api/v1/offices, through Nest and the database).
// Prints a markdown table; BENCH_RC_ROUNDS (3) rounds, alternated.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { adminQuery, cleanUpOnSignals, databaseUrlOf, fmt, freePort, logger, quoteIdent, waitHealthy } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const apiRoot = env.BENCH_API_ROOT ? resolve(env.BENCH_API_ROOT) : root;
const connections = Number(env.BENCH_RC_CONNECTIONS || 64);
const seconds = Number(env.BENCH_RC_S || 5);
const rounds = Number(env.BENCH_RC_ROUNDS || 3);
const adminUrl = env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = env.BENCH_DATABASE ?? 'turnero_bench_refusal';
const log = logger('refusal-cost');

let child = null;
async function stop() {
  const one = child;
  child = null;
  if (!one || one.exitCode !== null) return;
  one.kill('SIGTERM');
  await once(one, 'exit');
}
cleanUpOnSignals(async () => {
  await stop();
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
}, log);

const FLOOR = `
const http = require('node:http');
const body = Buffer.from(process.env.BODY);
const headers = JSON.parse(process.env.HEADERS);
http.createServer((req, res) => {
  if (req.url === '/api/health') return res.end('{}');
  res.writeHead(503, headers);
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function startApi(drill) {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(database)}`);
  const port = await freePort();
  const logFile = join(tmpdir(), `refusal-cost-${process.pid}-${port}.log`);
  const out = createWriteStream(logFile);
  const childEnv = { ...env, NODE_ENV: 'development', DATABASE_URL: databaseUrlOf(adminUrl, database), PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', LOAD_SHED: 'false', REDIS_URL: '' };
  if (drill) childEnv.LOAD_SHED_DRILL = 'GET /api/v1/offices=2000000000';
  else delete childEnv.LOAD_SHED_DRILL;
  child = spawn(process.execPath, [join(apiRoot, 'dist/apps/api/main.js')], { cwd: apiRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, base, logFile);
  return base;
}

async function startFloor(sample) {
  const port = await freePort();
  child = spawn(process.execPath, ['-e', FLOOR], { env: { ...env, PORT: String(port), BODY: sample.body, HEADERS: JSON.stringify(sample.headers) }, stdio: 'inherit' });
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, base, '/dev/null', { what: 'the floor server' });
  return base;
}

function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A closed loop of GET path over `connections` for `seconds` (after 1 s of warm-up): answers/s, CPU µs per answer, statuses. */
async function closedLoop(base, path) {
  const pool = new Pool(base, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  const statuses = {};
  let counting = false;
  let count = 0;
  const one = () =>
    new Promise((resolveOne, rejectOne) => {
      let status = 0;
      pool.dispatch(
        { method: 'GET', path },
        {
          onConnect() {},
          onHeaders(code) {
            status = code;
            return true;
          },
          onData() {
            return true;
          },
          onComplete() {
            if (counting) {
              count++;
              statuses[status] = (statuses[status] ?? 0) + 1;
            }
            resolveOne();
          },
          onError: rejectOne,
        },
      );
    });
  let running = true;
  const loops = Array.from({ length: connections }, async () => {
    while (running) await one();
  });
  await new Promise((r) => setTimeout(r, 1000));
  counting = true;
  const cpu0 = cpuOf(child.pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu1 = cpuOf(child.pid);
  const elapsed = (performance.now() - t0) / 1000;
  counting = false;
  running = false;
  await Promise.all(loops);
  await pool.close();
  return { perSecond: count / elapsed, cpuUs: ((cpu1 - cpu0) / count) * 1e6, cpuCores: (cpu1 - cpu0) / elapsed, statuses };
}

const results = { refused: [], served: [], floor: [] };
try {
  let sample = null;
  for (let round = 0; round < rounds; round++) {
    let base = await startApi(true);
    if (!sample) {
      const response = await fetch(`${base}/api/v1/offices`);
      const headers = {};
      for (const [k, v] of response.headers) if (!['date', 'connection', 'keep-alive', 'content-length', 'x-request-id'].includes(k)) headers[k] = v;
      headers['x-request-id'] = '00000000-0000-4000-8000-000000000000';
      sample = { body: await response.text(), headers };
      if (response.status !== 503) throw new Error(`the drill did not refuse: ${response.status}`);
    }
    results.refused.push(await closedLoop(base, '/api/v1/offices'));
    log(`round ${round + 1}: refused ${JSON.stringify(results.refused.at(-1))}`);
    await stop();
    base = await startApi(false);
    results.served.push(await closedLoop(base, '/api/v1/offices'));
    log(`round ${round + 1}: served ${JSON.stringify(results.served.at(-1))}`);
    await stop();
    base = await startFloor(sample);
    results.floor.push(await closedLoop(base, '/api/v1/offices'));
    log(`round ${round + 1}: floor ${JSON.stringify(results.floor.at(-1))}`);
    await stop();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`| ${connections} connections, ${seconds} s, ${rounds} rounds | answers/s (median) | CPU µs per answer (median; runs) | CPU cores |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, label] of [['refused', 'API, refused (503 OVERLOADED, drill)'], ['served', 'API, served (GET /api/v1/offices)'], ['floor', 'bare node:http, same 503 precomputed']]) {
    const rs = results[name];
    console.log(`| ${label} | ${fmt(median(rs.map((r) => r.perSecond)), 0)} | ${fmt(median(rs.map((r) => r.cpuUs)))} (${rs.map((r) => fmt(r.cpuUs)).join(', ')}) | ${fmt(median(rs.map((r) => r.cpuCores)), 2)} |`);
  }
} finally {
  await stop();
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
}
