import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';

/** The role and office rules of API.md, on every configuration endpoint. */
describe('staff access control', () => {
  let t: TestApp;
  let officeA: string;
  let officeB: string;
  let serviceB: string;
  const tokens: Record<'admin' | 'supervisorA' | 'agentA', string> = { admin: '', supervisorA: '', agentA: '' };

  beforeAll(async () => {
    t = await startTestApp();
    const seed = seeders(t.db);
    officeA = (await seed.office()).id;
    officeB = (await seed.office()).id;
    serviceB = (await seed.service(officeB, { code: 'B' })).id;
    const supervisor = await seed.staff('supervisor', officeA);
    const agent = await seed.staff('agent', officeA);
    tokens.admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    tokens.supervisorA = await bearer(t.http, supervisor.username, supervisor.password);
    tokens.agentA = await bearer(t.http, agent.username, agent.password);
  });
  afterAll(() => t.close());

  const configurationCalls = () => [
    { method: 'post' as const, path: '/api/v1/offices', body: { name: 'Nueva oficina' } },
    { method: 'patch' as const, path: `/api/v1/offices/${officeB}`, body: { address: 'Otra dirección 1' } },
    { method: 'post' as const, path: `/api/v1/offices/${officeB}/services`, body: { code: 'Z', name: 'Trámite Z', mode: 'walk_in' } },
    { method: 'patch' as const, path: `/api/v1/services/${serviceB}`, body: { name: 'Cambiado' } },
    { method: 'post' as const, path: `/api/v1/offices/${officeB}/counters`, body: { name: 'Módulo 9', serviceIds: [] } },
    { method: 'get' as const, path: `/api/v1/offices/${officeB}/counters` },
    { method: 'get' as const, path: `/api/v1/offices/${officeB}/services/settings` },
    { method: 'post' as const, path: '/api/v1/staff', body: { username: 'nuevo.agente', password: 'long-enough-password', role: 'agent', officeId: officeB } },
    { method: 'get' as const, path: '/api/v1/staff' },
    ...reportCalls(officeB),
    { method: 'get' as const, path: '/api/v1/auth/me' },
  ];

  /** Reports and survey comments (issue #9): the office's supervisor and admins only. */
  const reportCalls = (officeId: string) => [
    { method: 'get' as const, path: `/api/v1/offices/${officeId}/reports?from=2026-01-01&to=2026-01-31&groupBy=agent` },
    { method: 'get' as const, path: `/api/v1/offices/${officeId}/reports.csv?from=2026-01-01&to=2026-01-31&groupBy=day` },
    { method: 'get' as const, path: `/api/v1/offices/${officeId}/reports/yearly?year=2026` },
    { method: 'get' as const, path: `/api/v1/offices/${officeId}/reports/arrivals?from=2026-01-01&to=2026-01-31` },
    { method: 'get' as const, path: `/api/v1/offices/${officeId}/survey-comments?from=2026-01-01&to=2026-01-31` },
  ];

  it('refuses anonymous calls with 401 UNAUTHORIZED', async () => {
    for (const call of configurationCalls()) {
      const response = await t.http[call.method](call.path).send(call.body);
      expect(response.status, `${call.method} ${call.path}`).toBe(401);
      expect(response.body.error).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a forged or garbled token with 401', async () => {
    const forged = tokens.admin.slice(0, -4) + 'AAAA';
    for (const authorization of [forged, 'Bearer not-a-jwt', 'Basic YWRtaW46YWRtaW4=']) {
      const response = await t.http.get('/api/v1/staff').set('Authorization', authorization);
      expect(response.status).toBe(401);
    }
  });

  it('refuses an agent on configuration with 403 FORBIDDEN, even in their own office', async () => {
    const calls = [
      { method: 'post' as const, path: '/api/v1/offices', body: { name: 'Oficina del agente' } },
      { method: 'patch' as const, path: `/api/v1/offices/${officeA}`, body: { address: 'x 1' } },
      { method: 'post' as const, path: `/api/v1/offices/${officeA}/services`, body: { code: 'Q', name: 'Trámite Q', mode: 'walk_in' } },
      { method: 'post' as const, path: `/api/v1/offices/${officeA}/counters`, body: { name: 'Módulo A', serviceIds: [] } },
      { method: 'post' as const, path: '/api/v1/staff', body: { username: 'otro.agente', password: 'long-enough-password', role: 'agent', officeId: officeA } },
      { method: 'get' as const, path: '/api/v1/staff' },
      ...reportCalls(officeA),
    ];
    for (const call of calls) {
      const response = await t.http[call.method](call.path).set('Authorization', tokens.agentA).send((call as { body?: object }).body);
      expect(response.status, `${call.method} ${call.path}`).toBe(403);
      expect(response.body.error).toBe('FORBIDDEN');
    }
    expect(await t.db.query(`SELECT 1 FROM services WHERE code = 'Q'`)).toHaveLength(0);
  });

  it("refuses a supervisor of office A on office B's configuration with 403, and writes nothing", async () => {
    const before = await t.db.query(`SELECT (SELECT count(*) FROM services) s, (SELECT count(*) FROM counters) c, (SELECT count(*) FROM staff_users) u, (SELECT count(*) FROM offices) o`);
    for (const call of configurationCalls().filter((c) => !c.path.endsWith('/auth/me') && c.path !== '/api/v1/staff')) {
      const response = await t.http[call.method](call.path).set('Authorization', tokens.supervisorA).send(call.body);
      expect(response.status, `${call.method} ${call.path}`).toBe(403);
    }
    const after = await t.db.query(`SELECT (SELECT count(*) FROM services) s, (SELECT count(*) FROM counters) c, (SELECT count(*) FROM staff_users) u, (SELECT count(*) FROM offices) o`);
    expect(after).toEqual(before);
    const office = await t.http.get(`/api/v1/offices/${officeB}`).expect(200);
    expect(office.body.address).toBeNull();
  });

  it('lets a supervisor read their own office’s reports and survey comments', async () => {
    for (const call of reportCalls(officeA)) {
      const response = await t.http[call.method](call.path).set('Authorization', tokens.supervisorA);
      expect(response.status, call.path).toBe(200);
    }
  });

  it('lets a supervisor configure their own office but not create admins', async () => {
    await t.http
      .post(`/api/v1/offices/${officeA}/services`)
      .set('Authorization', tokens.supervisorA)
      .send({ code: 'S', name: 'Trámite del supervisor', mode: 'both' })
      .expect(201);
    const admin = await t.http
      .post('/api/v1/staff')
      .set('Authorization', tokens.supervisorA)
      .send({ username: 'falso.admin', password: 'long-enough-password', role: 'admin' });
    expect(admin.status).toBe(403);
    const staff = await t.http.get('/api/v1/staff').set('Authorization', tokens.supervisorA).expect(200);
    expect(staff.body.every((u: { officeId: string }) => u.officeId === officeA)).toBe(true);
  });

  it('lets an admin do all of it', async () => {
    for (const call of configurationCalls()) {
      const response = await t.http[call.method](call.path).set('Authorization', tokens.admin).send(call.body);
      expect(response.status, `${call.method} ${call.path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    }
    const rows = await t.db.query(`SELECT code FROM services WHERE office_id = $1 ORDER BY code`, [officeB]);
    expect(rows.map((r: { code: string }) => r.code)).toEqual(['B', 'Z']);
  });

  it('lets anyone read offices and their services', async () => {
    const offices = await t.http.get('/api/v1/offices').expect(200);
    expect(offices.body.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining([officeA, officeB]));
    expect(Object.keys(offices.body[0])).toEqual(expect.arrayContaining(['id', 'name', 'timeZone', 'address']));
    const services = await t.http.get(`/api/v1/offices/${officeB}/services`).expect(200);
    expect(services.body[0]).toMatchObject({ id: serviceB, code: 'B', mode: 'appointment', requirements: [] });
  });
});
