// Helpers shared by the benchmarks in bench/: statistics, ports, logs and PostgreSQL admin calls.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import pg from 'pg';

/** The p-th percentile of an ascending array (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** count, p50, p95, p99 and max of a list of numbers. */
export function summary(values) {
  const sorted = Float64Array.from(values).sort();
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

/** A logger to stderr with the benchmark's name and the time. */
export const logger = (name) => (...args) => console.error(`[${name} ${new Date().toISOString().slice(11, 19)}]`, ...args);

/** The office-local calendar date of an instant. */
export function localDateOf(instant, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** A port that was free a moment ago. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** One statement on a server's maintenance connection (CREATE/DROP DATABASE). */
export async function adminQuery(adminUrl, sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

/** The same server as `adminUrl`, on database `database`. */
export function databaseUrlOf(adminUrl, database) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const pause = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the server started as `proc` answers `base`/api/health, failing with its log's tail
 * when it exits first or does not answer within `seconds`.
 */
export async function waitHealthy(proc, base, logFile, { what = 'the API', seconds = 90, pollMs = 250 } = {}) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`${what} exited with ${proc.exitCode} during start-up; log:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await pause(pollMs);
  }
  throw new Error(`${what} did not become healthy within ${seconds} s; log:\n${tail(logFile)}`);
}

/**
 * A GET a benchmark needs before its load; shed (503 with Retry-After, e.g. a server just started
 * whose loop is still warming up, issue #19) it is asked again after Retry-After, as the site does.
 */
export async function getJson(base, path) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${base}${path}`);
    if (response.ok) return response.json();
    const text = await response.text();
    if (response.status !== 503 || attempt >= 10 || !response.headers.get('retry-after')) throw new Error(`GET ${path}: ${response.status} ${text}`);
    await pause(1000 * Number(response.headers.get('retry-after')));
  }
}

/** Runs `cleanup` on Ctrl-C or SIGTERM, then exits 130. */
export function cleanUpOnSignals(cleanup, log) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      cleanup().finally(() => process.exit(130));
    });
  }
}
