import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachTestApp, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));

describe('walk-in tickets', () => {
  let t: TestApp;
  let officeId: string;
  let otherOfficeId: string;
  let capped: string;
  let uncapped: string;
  let appointmentOnly: string;
  let agent: string;
  let supervisor: string;
  let otherAgent: string;
  let otherSupervisor: string;
  const walkIn = (body: Record<string, unknown>, auth?: string, app = t) => {
    const request = app.http.post(`/api/v1/offices/${officeId}/tickets`).send(body);
    return auth ? request.set('Authorization', auth) : request;
  };

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const seed = seeders(t.db);
    officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    otherOfficeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    capped = (await seed.service(officeId, { code: 'T', name: 'Trámite rápido', mode: 'walk_in', walkInDailyCap: 30 })).id;
    uncapped = (await seed.service(officeId, { code: 'B', name: 'Consultas', mode: 'both', walkInDailyCap: null })).id;
    appointmentOnly = (await seed.service(officeId, { code: 'R', name: 'Residencia', mode: 'appointment' })).id;
    const login = async (role: 'agent' | 'supervisor', office: string) => {
      const user = await seed.staff(role, office);
      return bearer(t.http, user.username, user.password);
    };
    agent = await login('agent', officeId);
    supervisor = await login('supervisor', officeId);
    otherAgent = await login('agent', otherOfficeId);
    otherSupervisor = await login('supervisor', otherOfficeId);
  });
  afterAll(() => t.close());

  it('gives exactly 30 of 100 simultaneous requests a ticket, numbered T-001 to T-030, and counts 70 refusals', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => walkIn({ serviceId: capped })));
    const issued = responses.filter((r) => r.status === 201);
    const refused = responses.filter((r) => r.status === 409);
    expect(issued).toHaveLength(30);
    expect(refused).toHaveLength(70);
    expect(new Set(refused.map((r) => r.body.error))).toEqual(new Set(['WALK_IN_CAP_REACHED']));
    expect(refused[0].body.message).toMatch(/walk-in tickets for Trámite rápido are all taken/);
    const numbers = issued.map((r) => r.body.number as string).sort();
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => `T-${String(i + 1).padStart(3, '0')}`));
    expect(issued[0].body).toMatchObject({ officeId, serviceId: capped, serviceName: 'Trámite rápido', kind: 'walk_in', preferential: false, status: 'waiting' });
    expect(issued[0].body.trackingCode).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const [tally] = await t.db.query(`SELECT issued, refused FROM walk_in_tallies WHERE service_id = $1`, [capped]);
    expect(tally).toEqual({ issued: 30, refused: 70 });
    const [events] = await t.db.query(`SELECT count(*)::int n FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.service_id = $1 AND e.type = 'issued'`, [capped]);
    expect(events.n).toBe(30);
  });

  it('reports the day per walk-in service to the office staff', async () => {
    const caps = await t.http.get(`/api/v1/offices/${officeId}/walk-in-caps/today`).set('Authorization', agent).expect(200);
    expect(caps.body).toEqual([
      { serviceId: uncapped, name: 'Consultas', cap: null, defaultCap: null, overridden: false, issued: 0, refused: 0, remaining: null },
      { serviceId: capped, name: 'Trámite rápido', cap: 30, defaultCap: 30, overridden: false, issued: 30, refused: 70, remaining: 0 },
    ]);
    await t.http.get(`/api/v1/offices/${officeId}/walk-in-caps/today`).expect(401);
    await t.http.get(`/api/v1/offices/${officeId}/walk-in-caps/today`).set('Authorization', otherAgent).expect(403);
  });

  it('numbers tickets from two API instances on one database without a duplicate or a gap', async () => {
    const second = await attachTestApp(t.databaseUrl, { FAKE_NOW: NOW });
    try {
      const responses = await Promise.all(Array.from({ length: 40 }, (_, i) => walkIn({ serviceId: uncapped, preferential: i % 5 === 0 }, undefined, i % 2 ? t : second)));
      expect(responses.map((r) => r.status)).toEqual(Array(40).fill(201));
      const numbers = responses.map((r) => r.body.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => `B-${String(i + 1).padStart(3, '0')}`));
      // Strictly increasing in commit order: the later issue time never has the smaller number.
      const rows: { sequence: number; issued_at: Date }[] = await t.db.query(`SELECT sequence, issued_at FROM tickets WHERE service_id = $1 ORDER BY sequence`, [uncapped]);
      expect(rows.map((r) => r.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    } finally {
      await second.close();
    }
  });

  it('lets the supervisor lower today’s cap live: the next walk-in is refused; null returns to the configured cap', async () => {
    await walkIn({ serviceId: uncapped }, agent).expect(201);
    const lowered = await t.http.put(`/api/v1/services/${uncapped}/walk-in-cap/today`).set('Authorization', supervisor).send({ cap: 41 }).expect(200);
    expect(lowered.body).toMatchObject({ cap: 41, defaultCap: null, overridden: true, issued: 41, remaining: 0 });
    const refused = await walkIn({ serviceId: uncapped }).expect(409);
    expect(refused.body.error).toBe('WALK_IN_CAP_REACHED');
    await t.http.put(`/api/v1/services/${uncapped}/walk-in-cap/today`).set('Authorization', supervisor).send({ cap: null }).expect(200);
    expect((await walkIn({ serviceId: uncapped }).expect(201)).body.number).toBe('B-042');
    // Raising the capped service's cap gives room again at once.
    await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).set('Authorization', supervisor).send({ cap: 31 }).expect(200);
    expect((await walkIn({ serviceId: capped }).expect(201)).body.number).toBe('T-031');
  });

  it('keeps the cap to supervisors of the office and admins, and validates it', async () => {
    await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).send({ cap: 5 }).expect(401);
    await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).set('Authorization', agent).send({ cap: 5 }).expect(403);
    await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).set('Authorization', otherSupervisor).send({ cap: 5 }).expect(403);
    const invalid = await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).set('Authorization', supervisor).send({ cap: -1 }).expect(400);
    expect(invalid.body.details[0].field).toBe('cap');
    await t.http.put(`/api/v1/services/${capped}/walk-in-cap/today`).set('Authorization', supervisor).send({}).expect(400);
    const notWalkIn = await t.http.put(`/api/v1/services/${appointmentOnly}/walk-in-cap/today`).set('Authorization', supervisor).send({ cap: 5 }).expect(409);
    expect(notWalkIn.body.error).toBe('SERVICE_NOT_WALK_IN');
  });

  it('refuses appointment-only services, other offices’ services, and staff of another office', async () => {
    expect((await walkIn({ serviceId: appointmentOnly }).expect(409)).body.error).toBe('SERVICE_NOT_WALK_IN');
    const foreign = (await seeders(t.db).service(otherOfficeId, { code: 'X', mode: 'walk_in' })).id;
    expect((await walkIn({ serviceId: foreign }).expect(404)).body.error).toBe('SERVICE_NOT_FOUND');
    await walkIn({ serviceId: uncapped }, otherAgent).expect(403);
    await walkIn({ serviceId: uncapped }, 'Bearer not-a-token').expect(401);
    await walkIn({ serviceId: 'nope' }).expect(400);
    await walkIn({ serviceId: uncapped, extra: 1 }).expect(400);
  });

  it('records who issued: the kiosk anonymously, the desk with its agent', async () => {
    const kiosk = await walkIn({ serviceId: uncapped }).expect(201);
    const desk = await walkIn({ serviceId: uncapped, preferential: true }, agent).expect(201);
    expect(desk.body.preferential).toBe(true);
    const events: { ticket_id: string; agent_id: string | null; details: { source: string } }[] = await t.db.query(
      `SELECT ticket_id, agent_id, details FROM ticket_events WHERE ticket_id = ANY($1::uuid[]) AND type = 'issued'`,
      [[kiosk.body.id, desk.body.id]],
    );
    const byTicket = Object.fromEntries(events.map((e) => [e.ticket_id, e]));
    expect(byTicket[kiosk.body.id]).toMatchObject({ agent_id: null, details: { source: 'kiosk' } });
    expect(byTicket[desk.body.id].details.source).toBe('staff');
    expect(byTicket[desk.body.id].agent_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('issues nothing while the office is closed (outside today’s hours, or a closure)', async () => {
    const seed = seeders(t.db);
    const afternoon = await seed.office({ openingHours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ start: '14:00', end: '17:00' }]])) });
    const service = await seed.service(afternoon.id, { code: 'W', mode: 'walk_in' });
    const closed = await t.http.post(`/api/v1/offices/${afternoon.id}/tickets`).send({ serviceId: service.id }).expect(409);
    expect(closed.body).toMatchObject({ error: 'OFFICE_CLOSED', details: { date: '2026-12-01', open: true } });
    expect(closed.body.message).toMatch(/14:00–17:00/);
    await t.db.query(`INSERT INTO office_closures (office_id, kind, date, reason) VALUES ($1, 'closed', '2026-12-01', 'Corte de luz')`, [officeId]);
    const closure = await walkIn({ serviceId: uncapped }).expect(409);
    expect(closure.body.message).toMatch(/Corte de luz/);
    const [tally] = await t.db.query(`SELECT count(*)::int n FROM walk_in_tallies WHERE service_id = $1 AND refused > 0`, [service.id]);
    expect(tally.n).toBe(0);
  });

  it('is described in the OpenAPI document, the walk-in route as public (a staff token optional)', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body;
    const expected: Record<string, string[]> = {
      '/api/v1/offices/{officeId}/check-ins': ['post'],
      '/api/v1/offices/{officeId}/tickets': ['post'],
      '/api/v1/offices/{officeId}/queue': ['get'],
      '/api/v1/offices/{officeId}/walk-in-caps/today': ['get'],
      '/api/v1/services/{serviceId}/walk-in-cap/today': ['put'],
      '/api/v1/turns/{trackingCode}': ['get'],
      '/api/v1/turns/{trackingCode}/more-time': ['post'],
    };
    for (const [path, methods] of Object.entries(expected)) expect(Object.keys(doc.paths[path] ?? {}), path).toEqual(methods);
    // Public for the kiosk; a staff token, when sent, is checked (the front desk's walk-ins).
    expect(doc.paths['/api/v1/offices/{officeId}/tickets'].post.security).toEqual([{}, { bearer: [] }]);
    expect(doc.paths['/api/v1/offices/{officeId}/queue'].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.components.schemas.TicketDto.properties)).toEqual(expect.arrayContaining(['id', 'number', 'kind', 'status', 'issuedAt', 'trackingCode', 'counterName']));
  });
});
