import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyTemplate, dropDatabase } from '../../apps/api/src/testing/databases.js';
import { type ApiProcess, freePort, startApiProcess } from '../support/api-process.js';

/**
 * The call-next yardstick (bench/queue/bare/server.mjs, issue #19 §4) does what the API does: the
 * API process (dist/, as the README starts it) and the yardstick run on ONE database, and each
 * step of a desk's cycle is asked of both on the same state: the API answers, the step is undone
 * in SQL (the ticket's columns and the event it wrote), and the yardstick answers. Same ticket
 * chosen by the queue policy, same answer byte for byte but the instant of the call (the two
 * clocks are a few milliseconds apart), same headers but date and x-request-id; the refusals
 * (busy, closed, unknown counter, bad id, no token) the same. Needs `npm run build` first, like the
 * other specs that start dist/.
 */
const FAKE_NOW = '2026-12-01T10:00:00-03:00';
const JWT_SECRET = 'queue-yardstick-spec-secret-0123456789';
const ADMIN_PASSWORD = 'queue-yardstick-admin-2026';
const EXTRANJERIA = 'Gobernación Provincial de Elqui – Extranjería';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function send(base: string, path: string, token?: string, method = 'POST', body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const kept: Record<string, string> = {};
  for (const [name, value] of response.headers) if (name !== 'date' && name !== 'x-request-id') kept[name] = value;
  return { status: response.status, headers: kept, body: await response.text() };
}

/** The call's instant (each server's own clock) masked; everything else must be the same bytes. */
const CALLED_AT = /"calledAt":"2026-12-01T\d\d:\d\d:\d\d(\.\d{3})?-03:00"/;
const masked = (answer: Answer): Answer => {
  if (answer.status === 200) expect(answer.body).toMatch(CALLED_AT);
  return { ...answer, body: answer.body.replace(CALLED_AT, '"calledAt":"…"') };
};

describe('the call-next yardstick answers as the API does', () => {
  const server = inject('postgresServerUrl');
  let database: { url: string; name: string };
  let db: pg.Client;
  let api: ApiProcess;
  let bare: ApiProcess | undefined;
  let token = '';
  let counterId = '';
  let closedCounterId = '';
  let officeId = '';

  beforeAll(async () => {
    database = await copyTemplate(server, inject('templateDatabase'));
    const port = await freePort();
    const env = {
      DATABASE_URL: database.url,
      PORT: String(port),
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      SEED_DEMO: 'true',
      FAKE_NOW,
      JWT_SECRET,
      ADMIN_PASSWORD,
      LOAD_SHED: 'false',
      REDIS_URL: undefined,
      SMTP_URL: undefined,
    };
    api = await startApiProcess(['node', 'dist/apps/api/main.js'], env, port);
    const json = async (path: string, bearer?: string, method = 'GET', body?: unknown) => {
      const answer = await send(api.baseUrl, path, bearer, method, body);
      expect(answer.status, `${method} ${path}: ${answer.body}`).toBeLessThan(300);
      return JSON.parse(answer.body) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const admin = (await json('/api/v1/auth/login', undefined, 'POST', { username: 'admin', password: ADMIN_PASSWORD })).accessToken as string;
    const office = ((await json('/api/v1/offices')) as { id: string; name: string }[]).find((o) => o.name === EXTRANJERIA)!;
    officeId = office.id;
    const serviceIds = ((await json(`/api/v1/offices/${office.id}/services`)) as { id: string }[]).map((s) => s.id);
    const counters = (await json(`/api/v1/offices/${office.id}/counters`, admin)) as { id: string }[];
    [counterId, closedCounterId] = [counters[0].id, counters[1].id];
    await json(`/api/v1/counters/${counterId}`, admin, 'PATCH', { serviceIds });
    await json('/api/v1/staff', admin, 'POST', { username: 'yardstick.agente', password: 'yardstick-agente-2026', role: 'agent', officeId: office.id });
    token = (await json('/api/v1/auth/login', undefined, 'POST', { username: 'yardstick.agente', password: 'yardstick-agente-2026' })).accessToken;
    await json(`/api/v1/counters/${counterId}/open`, token, 'POST', {});
    await json(`/api/v1/counters/${closedCounterId}/close`, token, 'POST');

    // A line the policy must think about: walk-ins of every walk-in service, some preferential,
    // and appointments with slots (one due, one early), issued between 09:00 and 09:50.
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // Only this spec's line waits (the demo data may have issued tickets for the day).
    await db.query(`UPDATE tickets SET status = 'no_show' WHERE office_id = $1 AND status IN ('waiting', 'called', 'serving')`, [office.id]);
    const services = (await db.query(`SELECT id, code, mode::text AS mode FROM services WHERE office_id = $1 AND active ORDER BY code`, [office.id])).rows as { id: string; code: string; mode: string }[];
    const walkIn = services.filter((s) => s.mode !== 'appointment');
    const appointment = services.filter((s) => s.mode !== 'walk_in');
    const rows: [string, string, boolean, string, string | null][] = [];
    for (let i = 0; i < 10; i++) rows.push([walkIn[i % walkIn.length].id, 'walk_in', i % 4 === 2, `2026-12-01T09:${String(i * 5).padStart(2, '0')}:00-03:00`, null]);
    rows.push([appointment[0].id, 'appointment', false, '2026-12-01T09:41:00-03:00', '2026-12-01T09:50:00-03:00']);
    rows.push([appointment[0].id, 'appointment', false, '2026-12-01T09:42:00-03:00', '2026-12-01T11:30:00-03:00']);
    for (const [i, [serviceId, kind, preferential, at, slot]] of rows.entries()) {
      await db.query(
        `INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, slot_start, tracking_code)
         VALUES ($1, $2, $3::ticket_kind, $4, $5, $6, '2026-12-01', 'waiting', $7, $7, $8, $9)`,
        [office.id, serviceId, kind, preferential, `Y-${String(i + 1).padStart(3, '0')}`, 900 + i, at, slot, `yardstick-spec-${i}-${Date.now()}`],
      );
    }

    const barePort = await freePort();
    bare = await startApiProcess(['node', 'bench/queue/bare/server.mjs'], { ...env, PORT: String(barePort), SEED_DEMO: undefined }, barePort);
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all([api, bare].map((process_) => (process_?.child.exitCode === null ? process_.stop() : undefined)));
    if (database) await dropDatabase(server, database.name);
  });

  /** One step asked of the API, undone, then asked of the yardstick: the two answers. */
  async function onSameState(path: string, undo: (answer: { id: string }) => Promise<void>, bearer = token): Promise<[Answer, Answer]> {
    const fromApi = await send(api.baseUrl, path, bearer);
    if (fromApi.status === 200) await undo(JSON.parse(fromApi.body) as { id: string });
    const fromBare = await send(bare!.baseUrl, path, bearer);
    return [fromApi, fromBare];
  }

  /** The counter free, whatever ran before. */
  const freeCounter = () => db.query(`UPDATE tickets SET status = 'done' WHERE counter_id = $1 AND status IN ('called', 'serving')`, [counterId]);
  const undoEvent = (ticketId: string, type: string) => db.query(`DELETE FROM ticket_events WHERE ticket_id = $1 AND type = $2`, [ticketId, type]);

  it('chooses the same ticket and answers the same for every step of six cycles (call-next, start, complete), and 204 when nobody waits', async () => {
    await freeCounter();
    const numbers: string[] = [];
    for (let cycle = 0; cycle < 6; cycle++) {
      const [called, calledBare] = await onSameState(`/api/v1/counters/${counterId}/call-next`, async ({ id }) => {
        await db.query(`UPDATE tickets SET status = 'waiting', called_at = NULL, counter_id = NULL, agent_id = NULL WHERE id = $1`, [id]);
        await undoEvent(id, 'called');
      });
      expect(called.status).toBe(200);
      expect(masked(calledBare)).toEqual(masked(called));
      const ticket = JSON.parse(calledBare.body) as { id: string; number: string; counterId: string; status: string };
      expect(ticket).toMatchObject({ counterId, status: 'called' });
      numbers.push(ticket.number);

      const [started, startedBare] = await onSameState(`/api/v1/tickets/${ticket.id}/start`, async ({ id }) => {
        await db.query(`UPDATE tickets SET status = 'called', started_at = NULL WHERE id = $1`, [id]);
        await undoEvent(id, 'started');
      });
      expect(started.status).toBe(200);
      expect(masked(startedBare)).toEqual(masked(started));
      const [completed, completedBare] = await onSameState(`/api/v1/tickets/${ticket.id}/complete`, async ({ id }) => {
        await db.query(`UPDATE tickets SET status = 'serving', completed_at = NULL WHERE id = $1`, [id]);
        await undoEvent(id, 'completed');
      });
      expect(completed.status).toBe(200);
      expect(masked(completedBare)).toEqual(masked(completed));
    }
    // The policy at work: the due appointment and the preferential walk-ins came before the first walk-in by arrival order alone.
    expect(numbers).toContain('Y-011');
    expect(numbers).toContain('Y-003');
    expect(new Set(numbers).size).toBe(6);

    // Everybody else called and served through the yardstick alone, then both say 204.
    for (;;) {
      const next = await send(bare!.baseUrl, `/api/v1/counters/${counterId}/call-next`, token);
      if (next.status === 204) break;
      expect(next.status).toBe(200);
      const { id } = JSON.parse(next.body) as { id: string };
      expect((await send(bare!.baseUrl, `/api/v1/tickets/${id}/start`, token)).status).toBe(200);
      expect((await send(bare!.baseUrl, `/api/v1/tickets/${id}/complete`, token)).status).toBe(200);
    }
    const [empty, emptyBare] = await onSameState(`/api/v1/counters/${counterId}/call-next`, async () => undefined);
    expect(empty.status).toBe(204);
    expect(emptyBare).toEqual(empty);
    expect(Number((await db.query(`SELECT count(*) FROM tickets WHERE office_id = $1 AND status = 'waiting' AND number LIKE 'Y-%'`, [officeId])).rows[0].count)).toBe(0);
  });

  it('refuses the same way: counter busy, counter closed, unknown counter, bad ids, no token, a ticket in the wrong state', async () => {
    await freeCounter();
    await db.query(
      `INSERT INTO tickets (office_id, service_id, kind, preferential, number, sequence, local_date, status, issued_at, queued_at, tracking_code)
       SELECT office_id, id, 'walk_in', false, 'Y-100', 1000, '2026-12-01', 'waiting', '2026-12-01T09:59:00-03:00', '2026-12-01T09:59:00-03:00', 'yardstick-spec-busy'
         FROM services WHERE office_id = $1 AND mode::text <> 'appointment' ORDER BY code LIMIT 1`,
      [officeId],
    );
    const call = await send(bare!.baseUrl, `/api/v1/counters/${counterId}/call-next`, token);
    expect(call.status).toBe(200);
    const { id } = JSON.parse(call.body) as { id: string };
    const refusals: [string, number, string?][] = [
      [`/api/v1/counters/${counterId}/call-next`, 409],
      [`/api/v1/counters/${closedCounterId}/call-next`, 409],
      ['/api/v1/counters/6f1c0c57-3f0e-4a47-9f64-6b8d5f0a2b11/call-next', 404],
      ['/api/v1/counters/not-a-uuid/call-next', 400],
      [`/api/v1/counters/${counterId}/call-next`, 401, ''],
      [`/api/v1/counters/${counterId}/call-next`, 401, 'not.a.token'],
      [`/api/v1/tickets/${id}/complete`, 409],
      ['/api/v1/tickets/not-a-uuid/start', 400],
      ['/api/v1/tickets/6f1c0c57-3f0e-4a47-9f64-6b8d5f0a2b11/start', 404],
    ];
    for (const [path, status, bearer] of refusals) {
      const [fromApi, fromBare] = await onSameState(path, async () => undefined, bearer ?? token);
      expect(fromApi.status, `${path}: ${fromApi.body}`).toBe(status);
      expect(fromBare, path).toEqual(fromApi);
    }
  });
});
