import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { DeskFastPath } from './desk-fast-path.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The call's instant (the running clock's) masked; everything else must be the same bytes. */
const CALLED_AT = /"calledAt":"[^"]+"/;

/**
 * The desk cycle's fast path (desk-fast-path.ts) answers exactly as Nest's pipeline does: each
 * request is sent as a desk sends it (the fast path) and with an Idempotency-Key (which the fast
 * path leaves to Nest, so Nest's router, guards, interceptor and filter answer it), on the same
 * state, and the two answers compared: status, headers but date and x-request-id, body bytes.
 */
describe('desk: the fast path answers as Nest does', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let fast: DeskFastPath;
  let officeId: string;
  let serviceId: string;
  let counterId: string;
  let closedCounterId: string;
  let agent: { id: string; auth: string };
  let stranger: { id: string; auth: string };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
    fast = DeskFastPath.of(t.app)!;
    officeId = (await f.office()).id;
    serviceId = (await f.service(officeId, 'A')).id;
    counterId = (await f.counter(officeId, 'Módulo 1', [serviceId])).id;
    closedCounterId = (await f.counter(officeId, 'Módulo 2', [serviceId])).id;
    agent = await f.staff('agent', officeId);
    stranger = await f.staff('agent', (await f.office()).id);
    await t.http.post(`/api/v1/counters/${counterId}/open`).set('Authorization', agent.auth).send({}).expect(200);
  });
  afterAll(() => t.close());

  const servedTotal = () => [...fast.served.values()].reduce((sum, n) => sum + n, 0);

  async function send(path: string, auth: string | undefined, viaNest: boolean): Promise<Answer> {
    const request = t.http.post(path);
    if (auth !== undefined) request.set('Authorization', auth);
    if (viaNest) request.set('Idempotency-Key', randomUUID());
    const before = servedTotal();
    const response = await request;
    // The fast path answered the plain request, and left the one with a key to Nest.
    expect(servedTotal() - before, `${viaNest ? 'Nest' : 'fast path'}: ${path}`).toBe(viaNest ? 0 : 1);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers as Record<string, string>)) if (name !== 'date' && name !== 'x-request-id') headers[name] = value;
    return { status: response.status, headers, body: response.text.replace(CALLED_AT, '"calledAt":"…"') };
  }

  /** The request through the fast path, `undo` in SQL, then through Nest: the two answers. */
  async function both(path: string, auth: string | undefined, undo: (answer: Answer) => Promise<unknown> = async () => undefined): Promise<[Answer, Answer]> {
    const fastAnswer = await send(path, auth, false);
    await undo(fastAnswer);
    return [fastAnswer, await send(path, auth, true)];
  }

  const undoEvent = (ticketId: string, type: string) => t.db.query(`DELETE FROM ticket_events WHERE ticket_id = $1 AND type = $2`, [ticketId, type]);

  it('answers a whole cycle (call-next, start, complete, then no-show) and 204 the same, and writes the same', async () => {
    const first = await f.ticket(officeId, serviceId, '09:00');
    const [called, calledByNest] = await both(`/api/v1/counters/${counterId}/call-next`, agent.auth, async () => {
      await t.db.query(`UPDATE tickets SET status = 'waiting', called_at = NULL, counter_id = NULL, agent_id = NULL WHERE id = $1`, [first.id]);
      await undoEvent(first.id, 'called');
    });
    expect(called.status).toBe(200);
    expect(JSON.parse(called.body)).toMatchObject({ id: first.id, status: 'called', counterId, counterName: 'Módulo 1' });
    expect(calledByNest).toEqual(called);

    const [started, startedByNest] = await both(`/api/v1/tickets/${first.id}/start`, agent.auth, async () => {
      await t.db.query(`UPDATE tickets SET status = 'called', started_at = NULL WHERE id = $1`, [first.id]);
      await undoEvent(first.id, 'started');
    });
    expect(JSON.parse(started.body)).toMatchObject({ status: 'serving' });
    expect(startedByNest).toEqual(started);

    const [completed, completedByNest] = await both(`/api/v1/tickets/${first.id}/complete`, agent.auth, async () => {
      await t.db.query(`UPDATE tickets SET status = 'serving', completed_at = NULL WHERE id = $1`, [first.id]);
      await undoEvent(first.id, 'completed');
    });
    expect(JSON.parse(completed.body)).toMatchObject({ status: 'done' });
    expect(completedByNest).toEqual(completed);
    const events = await t.db.query(`SELECT type, details->>'from' AS "from" FROM ticket_events WHERE ticket_id = $1 ORDER BY id`, [first.id]);
    expect(events).toEqual([
      { type: 'called', from: null },
      { type: 'started', from: 'called' },
      { type: 'completed', from: 'serving' },
    ]);

    const second = await f.ticket(officeId, serviceId, '09:05');
    expect((await send(`/api/v1/counters/${counterId}/call-next`, agent.auth, false)).status).toBe(200);
    const [noShow, noShowByNest] = await both(`/api/v1/tickets/${second.id}/no-show`, agent.auth, async () => {
      await t.db.query(`UPDATE tickets SET status = 'called', completed_at = NULL WHERE id = $1`, [second.id]);
      await undoEvent(second.id, 'no_show');
    });
    expect(JSON.parse(noShow.body)).toMatchObject({ status: 'no_show' });
    expect(noShowByNest).toEqual(noShow);

    const [nobody, nobodyByNest] = await both(`/api/v1/counters/${counterId}/call-next`, agent.auth);
    expect(nobody.status).toBe(204);
    expect(nobody.body).toBe('');
    expect(nobodyByNest).toEqual(nobody);
  });

  it('refuses the same way: no token, a bad token, another office, an unknown counter or ticket, a closed or busy counter, a ticket in the wrong state', async () => {
    const held = await f.ticket(officeId, serviceId, '10:00');
    expect((await send(`/api/v1/counters/${counterId}/call-next`, agent.auth, false)).status).toBe(200);
    const refusals: [string, string | undefined, number, string][] = [
      [`/api/v1/counters/${counterId}/call-next`, undefined, 401, 'UNAUTHORIZED'],
      [`/api/v1/counters/${counterId}/call-next`, 'Bearer not.a.token', 401, 'UNAUTHORIZED'],
      [`/api/v1/counters/${counterId}/call-next`, stranger.auth, 403, 'FORBIDDEN'],
      [`/api/v1/tickets/${held.id}/start`, stranger.auth, 403, 'FORBIDDEN'],
      [`/api/v1/counters/${randomUUID()}/call-next`, agent.auth, 404, 'COUNTER_NOT_FOUND'],
      [`/api/v1/tickets/${randomUUID()}/complete`, agent.auth, 404, 'TICKET_NOT_FOUND'],
      [`/api/v1/counters/${closedCounterId}/call-next`, agent.auth, 409, 'COUNTER_CLOSED'],
      [`/api/v1/counters/${counterId}/call-next`, agent.auth, 409, 'COUNTER_BUSY'],
      [`/api/v1/tickets/${held.id}/complete`, agent.auth, 409, 'INVALID_TRANSITION'],
    ];
    for (const [path, auth, status, error] of refusals) {
      const [refused, refusedByNest] = await both(path, auth);
      expect(refused.status, path).toBe(status);
      expect(JSON.parse(refused.body).error, path).toBe(error);
      expect(refusedByNest, path).toEqual(refused);
    }
  });

  it('leaves to Nest what it does not answer itself: a bad id is Nest’s 400 naming the parameter', async () => {
    const before = servedTotal();
    const bad = await t.http.post('/api/v1/tickets/not-a-uuid/start').set('Authorization', agent.auth).expect(400);
    expect(bad.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'ticketId', messages: ['ticketId must be a UUID'] }] });
    expect(servedTotal()).toBe(before);
  });
});
