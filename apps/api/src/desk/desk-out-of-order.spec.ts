import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures, eventsOf } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('desk: calling a ticket out of order', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
  });
  afterAll(() => t.close());

  it('needs the permission a supervisor grants, and records who called it and the tickets it passed over', async () => {
    const office = await f.office();
    const a = await f.service(office.id, 'A');
    const counter = await f.counter(office.id, 'Módulo 1', [a.id]);
    const agent = await f.staff('agent', office.id);
    const supervisor = await f.staff('supervisor', office.id);
    const first = await f.ticket(office.id, a.id, '08:10');
    const pref = await f.ticket(office.id, a.id, '09:40', { preferential: true });
    const chosen = await f.ticket(office.id, a.id, '10:00');
    const after = await f.ticket(office.id, a.id, '10:30');
    await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', agent.auth).send({}).expect(200);
    const callChosen = () => t.http.post(`/api/v1/counters/${counter.id}/call/${chosen.id}`).set('Authorization', agent.auth);

    expect((await callChosen().expect(403)).body.error).toBe('FORBIDDEN');
    await t.http.put(`/api/v1/staff/${agent.id}/permissions`).set('Authorization', agent.auth).send({ canCallOutOfOrder: true }).expect(403);
    const granted = await t.http.put(`/api/v1/staff/${agent.id}/permissions`).set('Authorization', supervisor.auth).send({ canCallOutOfOrder: true }).expect(200);
    expect(granted.body).toEqual({ id: agent.id, username: agent.username, role: 'agent', officeId: office.id, canCallOutOfOrder: true });

    const called = await callChosen().expect(200);
    expect(called.body).toMatchObject({ id: chosen.id, status: 'called', counterName: 'Módulo 1' });
    const [event] = await eventsOf(t.db, chosen.id);
    expect(event.type).toBe('called');
    expect(event.details).toMatchObject({
      outOfOrder: true,
      calledBy: { id: agent.id, username: agent.username, role: 'agent' },
      passedOver: [
        { id: pref.id, number: pref.number, reason: 'preferential' },
        { id: first.id, number: first.number, reason: 'arrival_order' },
      ],
    });
    expect(JSON.stringify(event.details)).not.toContain(after.id);
    // A ticket already called cannot be called again.
    await t.http.post(`/api/v1/tickets/${chosen.id}/complete`).set('Authorization', agent.auth).expect(409);
  });

  it('lets a supervisor call out of order without a grant; a called ticket is 409 INVALID_TRANSITION', async () => {
    const office = await f.office();
    const a = await f.service(office.id, 'A');
    const counter = await f.counter(office.id, 'Módulo 1', [a.id]);
    const supervisor = await f.staff('supervisor', office.id);
    const ticket = await f.ticket(office.id, a.id, '10:00');
    await t.http.post(`/api/v1/counters/${counter.id}/open`).set('Authorization', supervisor.auth).send({}).expect(200);
    await t.http.post(`/api/v1/counters/${counter.id}/call/${ticket.id}`).set('Authorization', supervisor.auth).expect(200);
    await t.http.post(`/api/v1/tickets/${ticket.id}/no-show`).set('Authorization', supervisor.auth).expect(200);
    const again = await t.http.post(`/api/v1/counters/${counter.id}/call/${ticket.id}`).set('Authorization', supervisor.auth).expect(409);
    expect(again.body).toMatchObject({ error: 'INVALID_TRANSITION', details: { from: 'no_show', to: 'called' } });
  });
});
