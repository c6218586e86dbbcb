import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { attachTestApp, startTestApp, type TestApp } from '../testing/test-app.js';

describe('desk: opening counters and calling the next ticket', () => {
  let t: TestApp;
  let second: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW, DATABASE_POOL_SIZE: '12' });
    second = await attachTestApp(t.databaseUrl, { FAKE_NOW: DESK_NOW, DATABASE_POOL_SIZE: '12' });
    f = deskFixtures(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it('opens a counter for all its services by default, or a subset; refuses a service it may not serve, naming serviceIds', async () => {
    const office = await f.office();
    const [a, b, other] = [await f.service(office.id, 'A'), await f.service(office.id, 'B'), await f.service(office.id, 'C')];
    const counter = await f.counter(office.id, 'Módulo 1', [a.id, b.id]);
    const agent = await f.staff('agent', office.id);
    const all = await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({}).expect(200);
    expect(all.body).toMatchObject({ id: counter.id, name: 'Módulo 1', open: true, openServiceIds: [a.id, b.id].sort() });
    const some = await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({ serviceIds: [b.id] }).expect(200);
    expect(some.body.openServiceIds).toEqual([b.id]);
    const bad = await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({ serviceIds: [other.id] }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'serviceIds', messages: [expect.stringContaining(other.id)] }]);
    const [session] = await t.db.query(`SELECT agent_id FROM counter_sessions WHERE counter_id = $1`, [counter.id]);
    expect(session.agent_id).toBe(agent.id);

    const list = await t.http.get(`/api/v1/offices/${office.id}/counters`).set('Authorization', agent.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: counter.id, open: true, openServiceIds: [b.id] })]);
    const closed = await t.http.post(`/api/v1/counters/${counter.id}/close`).set('Authorization', agent.auth).expect(200);
    expect(closed.body).toMatchObject({ open: false, openServiceIds: [] });
    const refused = await t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth).expect(409);
    expect(refused.body.error).toBe('COUNTER_CLOSED');
  });

  it('calls preferential tickets first under strict priority, then by arrival; 204 when nobody waits; 409 COUNTER_BUSY until the ticket is finished', async () => {
    const office = await f.office();
    const a = await f.service(office.id, 'A');
    const counter = await f.counter(office.id, 'Módulo 2', [a.id]);
    const agent = await f.staff('agent', office.id);
    const first = await f.ticket(office.id, a.id, '09:00');
    const pref = await f.ticket(office.id, a.id, '10:30', { preferential: true });
    const last = await f.ticket(office.id, a.id, '10:45');
    await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({}).expect(200);
    const call = () => t.http.post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth);

    const called: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call().expect(200);
      expect(response.body).toMatchObject({ status: 'called', counterId: counter.id, counterName: 'Módulo 2', calledAt: expect.stringMatching(/-04:00$/) });
      called.push(response.body.id);
      expect((await call().expect(409)).body.error).toBe('COUNTER_BUSY');
      await t.http.post(`/api/v1/tickets/${response.body.id}/no-show`).set('Authorization', agent.auth).expect(200);
    }
    expect(called).toEqual([pref.id, first.id, last.id]);
    await call().expect(204);
    const [event] = await t.db.query(`SELECT type, counter_id, agent_id, details FROM ticket_events WHERE ticket_id = $1 AND type = 'called'`, [pref.id]);
    expect(event).toMatchObject({ counter_id: counter.id, agent_id: agent.id, details: { preferential: true, serviceId: a.id, reason: 'preferential' } });
  });

  it('20 counters on two instances call 200 tickets concurrently: each exactly once, preferential first', async () => {
    const office = await f.office();
    const [a, b] = [await f.service(office.id, 'A'), await f.service(office.id, 'B')];
    const agent = await f.staff('agent', office.id);
    const counters = [];
    for (let i = 1; i <= 20; i++) counters.push(await f.counter(office.id, `C${i}`, [a.id, b.id]));
    const tickets = [];
    for (let i = 0; i < 200; i++) {
      const minute = String(i % 60).padStart(2, '0');
      tickets.push(await f.ticket(office.id, i % 2 ? a.id : b.id, `${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${minute}`, { preferential: i % 5 === 0 }));
    }
    for (const c of counters) await t.http.post(`/api/v1/counters/${c.id}/open`).set('Authorization', agent.auth).send({}).expect(200);

    const got: string[] = [];
    await Promise.all(
      counters.map(async (c, i) => {
        const http = i % 2 ? second.http : t.http;
        for (;;) {
          const response = await http.post(`/api/v1/counters/${c.id}/call-next`).set('Authorization', agent.auth);
          if (response.status === 204) return;
          expect(response.status).toBe(200);
          got.push(response.body.id);
          await http.post(`/api/v1/tickets/${response.body.id}/start`).set('Authorization', agent.auth).expect(200);
          await http.post(`/api/v1/tickets/${response.body.id}/complete`).set('Authorization', agent.auth).expect(200);
        }
      }),
    );
    expect(got).toHaveLength(200);
    expect(new Set(got).size).toBe(200);
    const events = await t.db.query(`SELECT ticket_id, count(*)::int AS n FROM ticket_events WHERE office_id = $1 AND type = 'called' GROUP BY ticket_id`, [office.id]);
    expect(events).toHaveLength(200);
    expect(events.every((e: { n: number }) => e.n === 1)).toBe(true);

    // Strict priority: the 40 preferential tickets go first. A call in flight at another counter
    // can overlap the last preferential ones by at most one call per other counter. The order is the
    // order of the claims (the 'called' events' sequence), not of called_at: the two instances'
    // FAKE_NOW clocks started apart, so their timestamps are offset by the start-up gap.
    const order: { preferential: boolean }[] = await t.db.query(
      `SELECT t.preferential FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE e.office_id = $1 AND e.type = 'called' ORDER BY e.id`,
      [office.id],
    );
    const lastPreferential = order.map((r) => r.preferential).lastIndexOf(true);
    const regularBefore = order.slice(0, lastPreferential).filter((r) => !r.preferential).length;
    expect(regularBefore).toBeLessThan(counters.length);
  });

  it('one counter clicked ten times at once, on both instances: one ticket called, nine 409 COUNTER_BUSY', async () => {
    const office = await f.office();
    const a = await f.service(office.id, 'A');
    const counter = await f.counter(office.id, 'Módulo 3', [a.id]);
    const agent = await f.staff('agent', office.id);
    for (let i = 0; i < 5; i++) await f.ticket(office.id, a.id, `09:0${i}`);
    await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({}).expect(200);

    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? second.http : t.http).post(`/api/v1/counters/${counter.id}/call-next`).set('Authorization', agent.auth)),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(409)]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error === 'COUNTER_BUSY')).toBe(true);
    const held = await t.db.query(`SELECT id FROM tickets WHERE counter_id = $1 AND status = 'called'`, [counter.id]);
    expect(held).toEqual([{ id: responses.find((r) => r.status === 200)!.body.id }]);
    const waiting = await t.db.query(`SELECT count(*)::int AS n FROM tickets WHERE office_id = $1 AND service_id = $2 AND status = 'waiting'`, [office.id, a.id]);
    expect(waiting[0].n).toBe(4);
  });
});
