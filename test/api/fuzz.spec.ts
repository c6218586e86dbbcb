import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import { type Fixtures, type FuzzBudget, type FuzzRequest, malformedRequests, type OpenApiDocument, operationsOf, seededRandom } from '../support/fuzz-requests.js';

/**
 * Issue #15 §2: every operation of our own OpenAPI document, sent malformed requests from a seeded
 * generator (test/support/fuzz-requests.ts), with and without a staff token. Whatever they send:
 * no 5xx, every 4xx in API.md's error shape, and no row written by a refused request.
 * Replay a failure with the seed it prints: FUZZ_SEED=<seed> npx vitest run test/api/fuzz.spec.ts
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** More requests for a longer hunt than the suite's (about 1,500 requests in 10–20 s), e.g. FUZZ_SCALE=5. */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const scaled = (budget: FuzzBudget): FuzzBudget => Object.fromEntries(Object.entries(budget).map(([k, v]) => [k, Math.ceil(v * SCALE)])) as unknown as FuzzBudget;
/** Requests per operation and kind: the full set where the request reaches validation, a sample where a guard stops it. */
const FULL = scaled({ wholeBody: 8, bodyField: 14, path: 4, query: 8, headers: 3 });
const SAMPLE = scaled({ wholeBody: 2, bodyField: 3, path: 1, query: 2, headers: 2 });

/**
 * Tables a refused request may legitimately write, and why. Every other table must keep its row
 * count across every refused request.
 */
const MAY_CHANGE_WHEN_REFUSED: Record<string, (request: FuzzRequest, status: number) => boolean> = {
  // A refused login is counted, to lock out password guessing (API.md, login).
  login_failures: (request, status) => request.url.startsWith('/api/v1/auth/login') && (status === 401 || status === 429),
  // A refused walk-in (cap reached) is tallied for the reports' "walk-ins refused".
  walk_in_tallies: (request, status) => /\/tickets(\?|$)/.test(request.url) && status === 409,
  // A request with a valid Idempotency-Key stores its 4xx answer so that a retry gets it again.
  idempotency_keys: (request) => /^[\x21-\x7E]{1,128}$/.test(request.headers['Idempotency-Key'] ?? ''),
};

const ERROR_CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/**
 * Why a 4xx body under /open311/ is not Open311's error format (`[{ code, description }]`, code
 * the status, description beginning with our error code), or undefined when it is. A URL the
 * router cannot decode is refused before any hook in API.md's shape (answerFrameworkError).
 */
function open311ShapeProblem(status: number, contentType: string | undefined, text: string): string | undefined {
  if (!/application\/json/.test(contentType ?? '')) return `content-type ${contentType ?? 'none'}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'body is not JSON';
  }
  if (!Array.isArray(body)) return (body as { details?: { field?: string }[] })?.details?.[0]?.field === 'path' && status === 400 ? shapeProblem(status, contentType, text) : 'not an array';
  if (body.length === 0) return 'no error';
  for (const e of body as { code?: unknown; description?: unknown }[]) {
    if (e?.code !== status) return `code ${String(e?.code)}`;
    if (typeof e.description !== 'string' || !/^[A-Z][A-Z0-9_]*: ./.test(e.description)) return `description ${JSON.stringify(e.description)}`;
  }
  return undefined;
}

/** Why a 4xx body is not API.md's error shape, or undefined when it is. */
function shapeProblem(status: number, contentType: string | undefined, text: string): string | undefined {
  if (!/application\/json/.test(contentType ?? '')) return `content-type ${contentType ?? 'none'}`;
  let body: { statusCode?: unknown; error?: unknown; message?: unknown; details?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return 'body is not JSON';
  }
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)}`;
  if (typeof body.error !== 'string' || !ERROR_CODE.test(body.error)) return `error ${JSON.stringify(body.error)}`;
  if (typeof body.message !== 'string' || body.message === '') return 'message is not a string';
  // API.md: invalid input (400) names the offending fields in details; other refusals may carry
  // the data their code describes there (SLOT_FULL: the next slots with room; TOO_EARLY: the window).
  // Bad input is caught by validation, which names the field: a VALIDATION_FAILED without details
  // is PostgreSQL refusing a value that validation let through.
  if (body.error === 'VALIDATION_FAILED' && !(Array.isArray(body.details) && body.details.length > 0)) return 'VALIDATION_FAILED names no field';
  if (body.details !== undefined && status === 400) {
    if (!Array.isArray(body.details)) return 'details is not an array';
    for (const d of body.details as { field?: unknown; messages?: unknown }[]) {
      if (typeof d?.field !== 'string' || !Array.isArray(d.messages) || !d.messages.every((m) => typeof m === 'string')) {
        return `details entry ${JSON.stringify(d).slice(0, 120)}`;
      }
    }
  }
  return undefined;
}

describe(`malformed requests to every operation of /api/docs-json (FUZZ_SEED=${SEED})`, () => {
  let t: TestApp;
  let fastify: FastifyInstance;
  let admin: string;
  let doc: OpenApiDocument;
  let fixtures: Fixtures;
  let countRows: () => Promise<Record<string, number>>;

  beforeAll(async () => {
    t = await startTestApp();
    fastify = t.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApiDocument;

    // Real rows behind the path parameters, so that malformed bodies reach the code behind them.
    const allDay = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [d, [{ start: '00:00', end: '23:59' }]]));
    const office = await seeders(t.db).office({ name: 'Oficina del fuzzer', openingHours: allDay });
    const appointments = await seeders(t.db).service(office.id, { code: 'A', mode: 'appointment' });
    const walkIns = await seeders(t.db).service(office.id, { code: 'W', mode: 'walk_in' });
    const agent = await seeders(t.db).staff('agent', office.id);
    const as = (r: { set: (k: string, v: string) => unknown }) => r.set('Authorization', admin);
    const counter = (await (as(t.http.post(`/api/v1/offices/${office.id}/counters`)) as ReturnType<TestApp['http']['post']>)
      .send({ name: 'Módulo 1', serviceIds: [appointments.id, walkIns.id] })
      .expect(201)).body as { id: string };
    const ticket = await (as(t.http.post(`/api/v1/offices/${office.id}/tickets`)) as ReturnType<TestApp['http']['post']>).send({ serviceId: walkIns.id });
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const closure = await (as(t.http.post(`/api/v1/offices/${office.id}/closures`)) as ReturnType<TestApp['http']['post']>).send({ date: day(40), reason: 'Corte de luz' });
    fixtures = {
      officeId: office.id,
      serviceId: appointments.id,
      counterId: counter.id,
      ticketId: ticket.body.id ?? '00000000-0000-4000-8000-000000000001',
      trackingCode: ticket.body.trackingCode ?? 'ABCDEFGH',
      closureId: closure.body.closure?.id ?? '00000000-0000-4000-8000-000000000002',
      id: agent.id,
      code: 'K7M-4QX-9PT',
      'query:from': day(0),
      'query:to': day(7),
      'query:year': '2026',
    };

    const tables = ((await t.db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)) as { tablename: string }[]).map(
      (r) => r.tablename,
    );
    const sql = `SELECT ${tables.map((name) => `(SELECT count(*) FROM "${name}")::int AS "${name}"`).join(', ')}`;
    countRows = async () => ((await t.db.query(sql)) as Record<string, number>[])[0];
  });
  afterAll(() => t?.close());

  it('answers every one without a 5xx, in the error shape, and writes nothing when it refuses', { timeout: 120_000 * SCALE }, async () => {
    const random = seededRandom(SEED);
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    let sent = 0;
    let before = await countRows();

    for (const op of operations) {
      for (const withToken of [true, false]) {
        const reachesValidation = withToken || !op.staffOnly;
        const budget = reachesValidation && withToken === op.staffOnly ? FULL : SAMPLE;
        for (const request of malformedRequests(doc, op, fixtures, random, budget)) {
          const headers = { ...request.headers };
          if (withToken && !request.replacesToken) headers.Authorization = admin;
          const response = await fastify.inject({ method: request.method as 'GET', url: request.url, headers, payload: request.body });
          sent++;
          statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
          const what = `${request.method} ${request.url.slice(0, 120)} [${request.label}${withToken ? ', staff token' : ''}] → ${response.statusCode}`;
          // Requests run one at a time, so the counts after one are the counts before the next.
          const after = await countRows();
          if (response.statusCode >= 500) {
            failures.push(`${what} ${response.body.slice(0, 200)}`);
          } else if (response.statusCode >= 400) {
            const problem = (request.url.startsWith('/open311/') ? open311ShapeProblem : shapeProblem)(response.statusCode, response.headers['content-type'] as string | undefined, response.body);
            if (problem) failures.push(`${what}: not the error shape (${problem}): ${response.body.slice(0, 200)}`);
            const written = Object.keys(after).filter((table) => after[table] !== before[table] && !MAY_CHANGE_WHEN_REFUSED[table]?.(request, response.statusCode));
            if (written.length > 0) failures.push(`${what}: refused but wrote rows in ${written.join(', ')}`);
          }
          before = after;
        }
      }
    }

    // The generator must have produced a real load, and most of it must have been refused.
    expect(sent).toBeGreaterThan(1000);
    expect(Object.entries(statuses).filter(([s]) => Number(s) >= 400 && Number(s) < 500).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(sent / 2);
    if (process.env.FUZZ_VERBOSE) console.info(`FUZZ_SEED=${SEED}: ${sent} requests to ${operations.length} operations, statuses ${JSON.stringify(statuses)}`);
    expect(failures, `FUZZ_SEED=${SEED} reproduces these ${failures.length} failures (of ${sent} requests):\n${failures.slice(0, 60).join('\n')}`).toEqual([]);
  });
});
