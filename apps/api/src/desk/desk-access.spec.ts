import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_NOW, deskFixtures } from '../testing/desk-fixtures.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

describe('desk: who may use which endpoint', () => {
  let t: TestApp;
  let routes: { method: 'post' | 'put'; path: string; body: object; supervisorOnly: boolean }[];
  let outsider: string;
  let agent: string;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: DESK_NOW });
    const f = deskFixtures(t);
    const office = await f.office();
    const other = await f.office();
    const a = await f.service(office.id, 'A');
    const b = await f.service(office.id, 'B');
    const counter = await f.counter(office.id, 'Módulo 1', [a.id]);
    const ticket = await f.ticket(office.id, a.id, '09:00');
    const colleague = await f.staff('agent', office.id);
    agent = (await f.staff('agent', office.id)).auth;
    outsider = (await f.staff('agent', other.id)).auth;
    routes = [
      { method: 'post', path: `/api/v1/counters/${counter.id}/open`, body: {}, supervisorOnly: false },
      { method: 'post', path: `/api/v1/counters/${counter.id}/close`, body: {}, supervisorOnly: false },
      { method: 'post', path: `/api/v1/counters/${counter.id}/call-next`, body: {}, supervisorOnly: false },
      { method: 'post', path: `/api/v1/counters/${counter.id}/call/${ticket.id}`, body: {}, supervisorOnly: true },
      ...['recall', 'start', 'complete', 'no-show'].map((action) => ({ method: 'post' as const, path: `/api/v1/tickets/${ticket.id}/${action}`, body: {}, supervisorOnly: false })),
      { method: 'post', path: `/api/v1/tickets/${ticket.id}/transfer`, body: { serviceId: b.id }, supervisorOnly: false },
      { method: 'put', path: `/api/v1/staff/${colleague.id}/permissions`, body: { canCallOutOfOrder: true }, supervisorOnly: true },
    ];
  });
  afterAll(() => t.close());

  it('answers 401 without a token, 403 to an agent of another office, and 403 to an agent on supervisor-only endpoints', async () => {
    const table: string[] = [];
    for (const route of routes) {
      const anonymous = await t.http[route.method](route.path).send(route.body);
      const foreign = await t.http[route.method](route.path).set('Authorization', outsider).send(route.body);
      const own = route.supervisorOnly ? (await t.http[route.method](route.path).set('Authorization', agent).send(route.body)).status : '-';
      table.push(`${route.method.toUpperCase()} ${route.path.replace(/[0-9a-f-]{36}/g, ':id')} ${anonymous.status} ${foreign.status} ${own}`);
    }
    expect(table).toEqual(routes.map((r) => `${r.method.toUpperCase()} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')} 401 403 ${r.supervisorOnly ? 403 : '-'}`));
  });
});
