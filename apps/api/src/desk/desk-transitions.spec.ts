import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures, eventsOf } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { TicketStatus } from '../tickets/ticket.entity.js';

const ACTIONS = ['recall', 'start', 'complete', 'no-show', 'transfer'] as const;
/** Where each action leads from each status; absent: 409 INVALID_TRANSITION. */
const LEGAL: Record<(typeof ACTIONS)[number], Partial<Record<TicketStatus, TicketStatus>>> = {
  recall: { called: 'called' },
  start: { called: 'serving' },
  complete: { serving: 'done' },
  'no-show': { called: 'no_show' },
  transfer: { waiting: 'waiting', called: 'waiting', serving: 'waiting' },
};
const STATUSES: TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled'];

describe('desk: ticket transitions', () => {
  let t: TestApp;
  let f: ReturnType<typeof deskFixtures>;
  let officeId: string;
  let serviceA: string;
  let serviceB: string;
  let counterId: string;
  let agent: { id: string; auth: string };
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    f = deskFixtures(t);
    officeId = (await f.office({ autoNoShowAfterRecalls: 2 })).id;
    serviceA = (await f.service(officeId, 'A')).id;
    serviceB = (await f.service(officeId, 'B')).id;
    counterId = (await f.counter(officeId, 'Módulo 1', [serviceA, serviceB])).id;
    agent = await f.staff('agent', officeId);
  });
  afterAll(() => t.close());

  for (const action of ACTIONS) {
    for (const from of STATUSES) {
      const to = LEGAL[action][from];
      it(`${action} from ${from} → ${to ?? '409 INVALID_TRANSITION'}`, async () => {
        const atCounter = from === 'called' || from === 'serving' ? { counterId, calledAt: new Date() } : {};
        const ticket = await f.ticket(officeId, serviceA, '09:00', { status: from, ...atCounter });
        const response = await t.http
          .post(`/api/v1/tickets/${ticket.id}/${action}`)
          .set('Authorization', agent.auth)
          .send(action === 'transfer' ? { serviceId: serviceB } : {});
        if (to) {
          expect(response.status).toBe(200);
          expect(response.body.status).toBe(to);
          expect((await eventsOf(t.db, ticket.id)).map((e) => e.details?.from)).toEqual([from]);
        } else {
          expect(response.status).toBe(409);
          expect(response.body).toMatchObject({ error: 'INVALID_TRANSITION', details: { from, action: action.replace('-', '_') } });
        }
      });
    }
  }

  it('recalls count up, and the recall after the office’s limit makes the ticket a no-show', async () => {
    const ticket = await f.ticket(officeId, serviceA, '09:00', { status: 'called', counterId, calledAt: new Date() });
    const recall = () => t.http.post(`/api/v1/tickets/${ticket.id}/recall`).set('Authorization', agent.auth).expect(200);
    expect((await recall()).body).toMatchObject({ status: 'called', recallCount: 1, counterName: 'Módulo 1' });
    expect((await recall()).body).toMatchObject({ status: 'called', recallCount: 2 });
    expect((await recall()).body).toMatchObject({ status: 'no_show' });
    expect((await eventsOf(t.db, ticket.id)).map((e) => e.type)).toEqual(['recalled', 'recalled', 'no_show']);
  });

  it('a transferred ticket keeps its place: it is called before later tickets of the target service', async () => {
    const office = await f.office();
    const [a, b] = [await f.service(office.id, 'A'), await f.service(office.id, 'B')];
    const counterA = await f.counter(office.id, 'A1', [a.id]);
    const counterB = await f.counter(office.id, 'B1', [b.id]);
    const staff = await f.staff('agent', office.id);
    const early = await f.ticket(office.id, a.id, '08:30');
    const laterInB = await f.ticket(office.id, b.id, '09:30');
    await t.http.post(`/api/v1/counters/${counterA.id}/open`).set('Authorization', staff.auth).send({}).expect(200);
    await t.http.post(`/api/v1/counters/${counterB.id}/open`).set('Authorization', staff.auth).send({}).expect(200);
    const called = await t.http.post(`/api/v1/counters/${counterA.id}/call-next`).set('Authorization', staff.auth).expect(200);
    expect(called.body.id).toBe(early.id);
    const moved = await t.http.post(`/api/v1/tickets/${early.id}/transfer`).set('Authorization', staff.auth).send({ serviceId: b.id }).expect(200);
    expect(moved.body).toMatchObject({ status: 'waiting', serviceId: b.id });
    expect(moved.body.counterId).toBeUndefined();
    const next = await t.http.post(`/api/v1/counters/${counterB.id}/call-next`).set('Authorization', staff.auth).expect(200);
    expect(next.body.id).toBe(early.id);
    const [transferred] = (await eventsOf(t.db, early.id)).filter((e) => e.type === 'transferred');
    expect(transferred.details).toMatchObject({ transferredFrom: a.id, transferredTo: b.id, from: 'called' });
    expect(laterInB.status).toBe('waiting');
  });

  it('refuses a transfer to a service of another office, naming serviceId', async () => {
    const elsewhere = await f.office();
    const foreign = await f.service(elsewhere.id, 'Z');
    const ticket = await f.ticket(officeId, serviceA, '09:00');
    const response = await t.http.post(`/api/v1/tickets/${ticket.id}/transfer`).set('Authorization', agent.auth).send({ serviceId: foreign.id }).expect(400);
    expect(response.body.details).toEqual([{ field: 'serviceId', messages: [expect.any(String)] }]);
  });
});
