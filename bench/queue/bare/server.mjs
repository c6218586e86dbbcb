#!/usr/bin/env node
// The call-next yardstick (issue #19 §4): the desk cycle's routes (call-next, start, complete,
// and no-show, which the benchmark's every 10th call ends in) on bare Fastify + pg, with no NestJS and no TypeORM, running the API's own SQL
// (dist/apps/api/desk/call-next-sql.js, the module the API's DeskRepository builds its statements
// from), the same queue policy (@turnero/scheduling's nextTicket), the same auth check cost class
// (the same JWT verified with jsonwebtoken, the library @nestjs/jwt uses, and the account read at
// most once a second), the same security headers, request ids and pino logger as the API, and the
// same JSON answer (DeskTicketDto). What it leaves out is listed in README.md ("The yardstick").
//
//   DATABASE_URL=… JWT_SECRET=… PORT=… [FAKE_NOW=…] node bench/queue/bare/server.mjs
//
// It runs on a database the API migrated and set up (it never migrates anything itself).
// BENCH_API_ROOT: the checkout whose dist/ it loads (default: this one).
import { createSecretKey } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const apiRoot = process.env.BENCH_API_ROOT ? resolve(process.env.BENCH_API_ROOT) : resolve(here, '../../..');
const fromApi = (path) => import(pathToFileURL(join(apiRoot, path)).href);
// Resolved from the API's checkout, so a snapshot worktree runs its own copies.
const requireFromApi = (await import('node:module')).createRequire(join(apiRoot, 'package.json'));

const { default: Fastify } = await import(requireFromApi.resolve('fastify'));
const { default: pg } = await import(requireFromApi.resolve('pg'));
const { default: jwt } = await import(requireFromApi.resolve('jsonwebtoken'));
const { DateTime } = await import(requireFromApi.resolve('luxon'));
const { Server: SocketServer } = await import(requireFromApi.resolve('socket.io'));
const { nextTicket } = await fromApi('libs/scheduling/dist/index.js');
const sql = await fromApi('dist/apps/api/desk/call-next-sql.js');
const { API_SECURITY_HEADERS, addResponseHeaders } = await fromApi('dist/apps/api/common/http/security-headers.js');
const { loggerOptions, requestIdOf } = await fromApi('dist/apps/api/common/logging/logger-options.js');
// The API's own pure helpers for the office's date and the answer's instants (framework-free code, as the SQL).
const { officeInstant } = await fromApi('dist/apps/api/common/time/office-instant.js');
const { localDateIn } = await fromApi('dist/apps/api/common/time/local-date.js');

/** As the API (QueueCallerService): the policy's choices per claim (walk-ins per line: the SQL's own, call-next-sql's PER_LINE). */
const CHOICES_PER_CLAIM = 24;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ParseUUIDPipe's test (versions 1–8 and the nil/max forms are not what a uuid column holds here). */
const UUID_PARAM = /^[0-9A-F]{8}-[0-9A-F]{4}-[1-8][0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/i;
const STAFF_ROLES = ['admin', 'supervisor', 'agent'];

/** An answer that is not a ticket, in API.md's error shape. */
class Refusal extends Error {
  constructor(statusCode, code, message, details) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}
const refuse = (statusCode, code, message, details) => new Refusal(statusCode, code, message, details);
const unauthorized = () => refuse(401, 'UNAUTHORIZED', 'The session is invalid or has expired; log in again');

/** The API's TtlCache in its simplest form: a value per key, loaded once, kept `ttlMs`. */
function ttlCache(ttlMs) {
  const entries = new Map();
  return {
    async get(key, load) {
      const hit = entries.get(key);
      if (hit && hit.until > Date.now()) return hit.value;
      const value = await load();
      entries.set(key, { value, until: Date.now() + ttlMs });
      return value;
    },
    delete: (key) => entries.delete(key),
  };
}

/**
 * Starts the yardstick. `fakeNow`: the clock reads it at start and keeps running (the API's
 * RunningClock). Resolves with { url, close }.
 */
export async function startBareQueueServer({ databaseUrl, jwtSecret, port = 0, host = '127.0.0.1', poolSize = 20, fakeNow, logLevel = 'warn' }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  const offsetMs = fakeNow ? DateTime.fromISO(fakeNow, { setZone: true }).toMillis() - Date.now() : 0;
  const clock = () => DateTime.fromMillis(Date.now() + offsetMs, { zone: 'utc' });
  const secret = createSecretKey(Buffer.from(jwtSecret, 'utf8'));
  const names = new Map();
  /** A named prepared statement per text, as the API's preparedQuery. */
  const query = async (text, values) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `bare_${names.size}`));
    return (await pool.query({ name, text, values })).rows;
  };
  // The tickets table's columns, named (as the API's ticketColumns; never `*` in a prepared statement).
  const ticketColumnNames = (
    await pool.query(`SELECT attname FROM pg_attribute WHERE attrelid = 'tickets'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)
  ).rows.map((r) => r.attname);
  const ticketColumns = (alias) => ticketColumnNames.map((c) => `${alias}."${c}"`).join(', ');
  const CALL_STATE = sql.callStateSql();
  const CANDIDATES = sql.candidatesSql(sql.CANDIDATE_COLUMNS);
  const CALL_FIRST_FREE = sql.callFirstFreeSql(ticketColumns('(r.o_ticket)'));
  const GROUP_TICKETS = `SELECT ${ticketColumns('tickets')} FROM tickets WHERE group_ticket_id = $1 ORDER BY sequence`;
  /** DeskRepository.transitionInPlace for start and complete: the API's own statement (the rating email never due: no mail server, as in the benchmark). */
  const transitionSql = (set) => sql.transitionSql(set, ticketColumns);
  const MOVES = {
    start: { from: ['called'], to: 'serving', type: 'started', sql: transitionSql(`"status" = $11, "started_at" = $12`) },
    complete: { from: ['serving'], to: 'done', type: 'completed', sql: transitionSql(`"status" = $11, "completed_at" = $12`) },
    'no-show': { action: 'no_show', from: ['called'], to: 'no_show', type: 'no_show', details: '{"automatic":false}', withRecalls: true, sql: transitionSql(`"status" = $11, "completed_at" = $12`) },
  };

  const accounts = ttlCache(1_000);
  const offices = ttlCache(2_000);
  const counterOffices = ttlCache(60_000);

  /** AuthGuard + AuthService.authenticate + @Roles('admin', 'supervisor', 'agent'). */
  async function authenticate(request) {
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) throw refuse(401, 'UNAUTHORIZED', 'Log in and send the token as Authorization: Bearer <token>');
    const claims = await new Promise((resolveClaims) =>
      jwt.verify(token, secret, { algorithms: ['HS256'], issuer: 'turnero' }, (error, decoded) => resolveClaims(error ? null : decoded)),
    );
    if (!claims || typeof claims.sub !== 'string' || !UUID.test(claims.sub)) throw unauthorized();
    const user = await accounts.get(claims.sub, async () => {
      const [row] = await query(`SELECT id, username, role, office_id FROM staff_users WHERE id = $1 AND active`, [claims.sub]);
      return row ? { id: row.id, username: row.username, role: row.role, officeId: row.office_id } : null;
    });
    if (!user) throw unauthorized();
    if (!STAFF_ROLES.includes(user.role)) throw refuse(403, 'FORBIDDEN', 'Your role does not allow this');
    return user;
  }

  const assertOfficeAccess = (user, officeId) => {
    if (user.role !== 'admin' && user.officeId !== officeId) throw refuse(403, 'FORBIDDEN', 'You can only act on your own office');
  };
  const uuidParam = (value, field) => {
    if (!UUID_PARAM.test(value)) throw refuse(400, 'VALIDATION_FAILED', `Invalid input: ${field}`, [{ field, messages: [`${field} must be a UUID`] }]);
    return value;
  };
  const instant = officeInstant;
  /** The first instant of each office-local date, remembered (as QueueCallerService does). */
  const dayStarts = new Map();
  const startOfDay = (localDate, zone) => {
    const key = `${zone} ${localDate}`;
    let start = dayStarts.get(key);
    if (!start) dayStarts.set(key, (start = DateTime.fromISO(localDate, { zone }).startOf('day').toJSDate()));
    return start;
  };
  /** toDeskTicketDto. */
  const deskTicket = (t, zone, counterName, groupNumbers) => ({
    id: t.id,
    number: t.number,
    serviceId: t.service_id,
    officeId: t.office_id,
    kind: t.kind,
    preferential: t.preferential,
    status: t.status,
    issuedAt: instant(t.issued_at, zone),
    ...(t.called_at ? { calledAt: instant(t.called_at, zone) } : {}),
    ...(t.counter_id ? { counterId: t.counter_id } : {}),
    ...(t.counter_id && counterName ? { counterName } : {}),
    recallCount: t.recall_count,
    partySize: t.party_size,
    ...(groupNumbers ? { groupNumbers } : {}),
  });
  const toCounterState = (row) => {
    const open = row.open === true;
    const opened = row.session_service_ids ?? [];
    return { id: row.id, officeId: row.office_id, name: row.name, serviceIds: row.service_ids, open, openServiceIds: open ? row.service_ids.filter((id) => opened.includes(id)) : [] };
  };
  const queued = (id, serviceId, kind, preferential, number, issuedMs, slotMs, graceMinutes) => ({
    id,
    serviceId,
    kind,
    preferential,
    number,
    issuedAt: DateTime.fromMillis(issuedMs),
    ...(slotMs !== null ? { slotStart: DateTime.fromMillis(slotMs), graceMinutes } : {}),
  });
  /** Which walk-in lines were cut, judged as the API's repository does (call-next-sql's truncatedLines). */
  const lines = (tickets, rowsLines) => ({ tickets, truncated: sql.truncatedLines(rowsLines) });
  const assertOpen = (counter) => {
    if (!counter.open) throw refuse(409, 'COUNTER_CLOSED', `Counter ${counter.name} is closed: open it first`);
  };
  const assertFree = (counter, busy) => {
    if (busy) {
      throw refuse(409, 'COUNTER_BUSY', `Counter ${counter.name} still has ticket ${busy.number} (${busy.status}): complete it, mark it a no-show or transfer it first`, {
        ticketId: busy.id,
        number: busy.number,
        status: busy.status,
      });
    }
  };

  /** QueueCallerService.callFirstFree + chooseAndClaim, on the same statements. */
  async function callNext(user, counterId) {
    const officeId = await counterOffices.get(counterId, async () => (await query(`SELECT office_id FROM counters WHERE id = $1`, [counterId]))[0]?.office_id ?? null);
    if (!officeId) throw refuse(404, 'COUNTER_NOT_FOUND', 'Counter not found');
    assertOfficeAccess(user, officeId);
    const office = await offices.get(officeId, async () => (await query(`SELECT id, time_zone, queue_policy FROM offices WHERE id = $1`, [officeId]))[0]);
    const now = clock();
    const today = localDateIn(now.toMillis(), office.time_zone);
    const since = startOfDay(today, office.time_zone);
    const [state] = await query(CALL_STATE, sql.callStateValues({ officeId, counterId, localDate: today, since, now: clock().toJSDate() }));
    if (!state.counter) {
      counterOffices.delete(counterId);
      throw refuse(404, 'COUNTER_NOT_FOUND', 'Counter not found');
    }
    const counter = toCounterState(state.counter);
    assertOpen(counter);
    if (counter.openServiceIds.length === 0) return null;
    assertFree(counter, state.busy);
    const history = state.history.map((preferential) => ({ preferential: preferential === true }));
    let { tickets, truncated } = lines(
      state.candidates.map(([id, serviceId, kind, preferential, number, queuedMs, slotMs, grace]) => queued(id, serviceId, kind, preferential, number, Number(queuedMs), slotMs === null ? null : Number(slotMs), grace)),
      state.candidates.map((c) => c[8]),
    );
    const skipped = new Set();
    const exhausted = (pool) => {
      const walkInLeft = (preferential) => pool.some((t) => t.preferential === preferential && !(t.kind === 'appointment' && t.slotStart));
      return (truncated.preferential && !walkInLeft(true)) || (truncated.regular && !walkInLeft(false));
    };
    const view = { id: counter.id, serviceIds: counter.openServiceIds };
    for (;;) {
      const rest = tickets.filter((t) => !skipped.has(t.id));
      if (exhausted(rest)) {
        const rows = await query(CANDIDATES, sql.candidatesValues({ officeId, localDate: today, serviceIds: counter.openServiceIds, exclude: [...skipped], now: clock().toJSDate() }));
        ({ tickets, truncated } = lines(
          rows.map((r) => queued(r.id, r.service_id, r.kind, r.preferential, r.number, r.queued_at.getTime(), r.slot_start ? r.slot_start.getTime() : null, r.grace_minutes)),
          rows.map((r) => r.line),
        ));
        continue;
      }
      const choices = [];
      while (choices.length < CHOICES_PER_CLAIM && !exhausted(rest)) {
        const decision = nextTicket(rest, view, office.queue_policy, now, history);
        if (!decision) break;
        choices.push(decision);
        rest.splice(rest.indexOf(decision.ticket), 1);
      }
      if (choices.length === 0) return null;
      const [claim] = await query(
        CALL_FIRST_FREE,
        sql.callFirstFreeValues({ choices: choices.map((c) => ({ ticketId: c.ticket.id, reason: c.reason.code })), officeId, counterId, localDate: today, agentId: user.id, at: now.toJSDate() }),
      );
      if (claim.outcome === 'closed') assertOpen({ ...counter, open: false });
      if (claim.outcome === 'busy') assertFree(counter, { id: claim.busy_id, number: claim.busy_number, status: claim.busy_status });
      if (claim.outcome === 'called') {
        const group = claim.group_ticket_id ? await query(GROUP_TICKETS, [claim.group_ticket_id]) : undefined;
        return announce(claim, office, counter, group);
      }
      for (const choice of choices) skipped.add(choice.ticket.id);
    }
  }

  /** QueueCallerService.announce: ticket.called to the office's screens, then the answer. */
  function announce(ticket, office, counter, group) {
    const numbers = group?.map((member) => member.number);
    const event = { number: numbers?.[0] ?? ticket.number, counter: counter.name, calledAt: instant(ticket.called_at, office.time_zone), recall: false };
    if (ticket.party_size > 1) Object.assign(event, { partySize: ticket.party_size });
    if (numbers) Object.assign(event, { numbers });
    setImmediate(() => display.to(`office:${office.id}`).emit('ticket.called', event));
    return deskTicket(ticket, office.time_zone, counter.name, numbers);
  }

  /** TicketDeskService.changeInPlace for start, complete and no-show (a group's ticket is refused: the yardstick serves single tickets). */
  async function move(user, ticketId, action) {
    const m = MOVES[action];
    const at = clock().toJSDate();
    const [row] = await query(m.sql, [ticketId, m.from, user.role === 'admin' ? null : user.officeId, m.type, at, user.id, m.details ?? '{}', m.withRecalls === true, null, false, m.to, at]);
    if (!row) throw refuse(404, 'TICKET_NOT_FOUND', 'Ticket not found');
    if (row.id === null) {
      assertOfficeAccess(user, row.old_office_id);
      if (row.old_group_ticket_id) throw refuse(501, 'NOT_IMPLEMENTED', 'The yardstick does not move groups');
      throw refuse(409, 'INVALID_TRANSITION', `A ${row.old_status} ticket cannot go to ${m.to} (${m.action ?? action} needs ${m.from.join(' or ')})`, { from: row.old_status, to: m.to, action: m.action ?? action });
    }
    const office = await offices.get(row.office_id, async () => (await query(`SELECT id, time_zone, queue_policy FROM offices WHERE id = $1`, [row.office_id]))[0]);
    return deskTicket(row, office.time_zone, row.event_counter_name);
  }

  const { pino } = await import(requireFromApi.resolve('pino'));
  const app = Fastify({ loggerInstance: pino(loggerOptions(logLevel)), genReqId: requestIdOf, forceCloseConnections: 'idle' });
  addResponseHeaders(app, API_SECURITY_HEADERS);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof Refusal) {
      return reply.status(error.statusCode).send({ statusCode: error.statusCode, error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
    }
    request.log.error(error);
    return reply.status(500).send({ statusCode: 500, error: 'INTERNAL_ERROR', message: 'Internal error' });
  });
  app.get('/api/health', async () => ({ status: 'ok' }));
  app.post('/api/v1/counters/:counterId/call-next', async (request, reply) => {
    const user = await authenticate(request);
    const called = await callNext(user, uuidParam(request.params.counterId, 'counterId'));
    if (!called) return reply.status(204).send();
    return called;
  });
  for (const action of Object.keys(MOVES)) {
    app.post(`/api/v1/tickets/:ticketId/${action}`, async (request) => move(await authenticate(request), uuidParam(request.params.ticketId, 'ticketId'), action));
  }
  await app.listen({ port, host });
  // The screens' namespace, as the API's DisplayGateway (no screens connect in the throughput phase: an emit to an empty room).
  const io = new SocketServer(app.server, { serveClient: false, transports: ['websocket', 'polling'] });
  const display = io.of('/display');
  const address = app.server.address();
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      io.close();
      await app.close();
      await pool.end();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const env = process.env;
  const server = await startBareQueueServer({
    databaseUrl: env.DATABASE_URL,
    jwtSecret: env.JWT_SECRET,
    port: Number(env.PORT ?? 0),
    host: env.HOST ?? '127.0.0.1',
    poolSize: Number(env.DATABASE_POOL_SIZE ?? 20),
    fakeNow: env.FAKE_NOW,
    logLevel: env.LOG_LEVEL ?? 'warn',
  });
  // The line test/support/api-process.ts waits for, as after the API's start.
  console.log(`Turnero is running: the queue yardstick at ${server.url}`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close().then(() => process.exit(0)));
}
