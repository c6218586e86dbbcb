import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SECURITY_HEADERS, securityHeaders } from '../common/http/security-headers.js';
import { validateEnvironment } from '../config/environment.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { LoadShedDrill, parseDrill } from './load-shed-drill.js';

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const applicant = (n: number) => ({ documentType: 'RUT', documentNumber: rutFromBody(14_000_000 + n).formatted, fullName: `Persona ${n}` });

describe('LOAD_SHED_DRILL', () => {
  let t: TestApp;
  let serviceId: string;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW, LOAD_SHED_DRILL: 'POST /api/v1/bookings=2, get /api/health=3,GET /api/v1/offices=2' });
    const seed = seeders(t.db);
    const officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
    serviceId = (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5 })).id;
  });
  afterAll(() => t.close());

  it('sheds the first two bookings as under overload, books nothing for them, and serves the third', async () => {
    const body = { serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant: applicant(1) };
    for (let i = 0; i < 2; i++) {
      const shed = await t.http.post('/api/v1/bookings').set('idempotency-key', 'drill-key-1').send(body);
      expect(shed.status).toBe(503);
      expect(shed.body).toEqual({ statusCode: 503, error: 'OVERLOADED', message: expect.stringMatching(/retry in 2 seconds/) });
      expect(shed.headers['retry-after']).toBe('2');
      expect(shed.headers['content-type']).toMatch(/^application\/json/);
      expect(shed.headers['x-request-id']).toMatch(/\S/);
      expect(shed.headers['x-content-type-options']).toBe('nosniff');
      expect(shed.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(shed.headers['idempotent-replayed']).toBeUndefined();
      // Shed before any work: no booking, no seat taken, no idempotency key claimed.
      expect((await t.db.query(`SELECT count(*)::int n FROM bookings WHERE service_id = $1`, [serviceId]))[0].n).toBe(0);
      expect((await t.db.query(`SELECT coalesce(sum(booked), 0)::int n FROM slot_capacity WHERE service_id = $1`, [serviceId]))[0].n).toBe(0);
      expect((await t.db.query(`SELECT count(*)::int n FROM idempotency_keys WHERE key = 'drill-key-1'`))[0].n).toBe(0);
    }
    // The retry with the same key is served and books once.
    const served = await t.http.post('/api/v1/bookings').set('idempotency-key', 'drill-key-1').send(body);
    expect(served.status).toBe(201);
    expect(served.body).toMatchObject({ status: 'confirmed', serviceId });
    expect((await t.db.query(`SELECT count(*)::int n FROM bookings WHERE service_id = $1`, [serviceId]))[0].n).toBe(1);
  });

  it("answers a shed request with the API's security headers and the caller's request id", async () => {
    const shed = await t.http.get('/api/v1/offices').set('x-request-id', 'req-from-balancer.1');
    expect(shed.status).toBe(503);
    for (const [name, value] of Object.entries(securityHeaders(API_SECURITY_HEADERS))) expect([name, shed.headers[name]]).toEqual([name, value]);
    const served = await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`);
    expect(served.status).toBe(200);
    const securityNames = (headers: Record<string, string>) => Object.keys(headers).filter((h) => h in securityHeaders(API_SECURITY_HEADERS)).sort();
    expect(securityNames(shed.headers)).toEqual(securityNames(served.headers));
    expect(shed.headers['x-request-id']).toBe('req-from-balancer.1');
    expect(Number(shed.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(shed.body)));
  });

  it('never sheds /api/health, even when the drill names it', async () => {
    for (let i = 0; i < 4; i++) {
      const health = await t.http.get('/api/health');
      expect(health.status).toBe(200);
    }
  });

  it('sheds by method and path, whatever the query; other routes are served', async () => {
    const availability = await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`);
    expect(availability.status).toBe(200);
    const shed = await t.http.get('/api/v1/offices?page=1');
    expect(shed.status).toBe(503);
    expect(shed.body.error).toBe('OVERLOADED');
    expect((await t.http.get('/api/v1/offices')).status).toBe(200);
  });

  it('reads the rules as METHOD /path=count, and refuses anything else naming the variable', () => {
    expect(parseDrill(' post /api/v1/bookings = 2 ,GET /api/v1/offices=0')).toEqual([
      { method: 'POST', path: '/api/v1/bookings', remaining: 2 },
      { method: 'GET', path: '/api/v1/offices', remaining: 0 },
    ]);
    const drill = new LoadShedDrill('PUT /x=1');
    expect([drill.take('PUT', '/x?a=1'), drill.take('PUT', '/x'), drill.active]).toEqual([true, false, false]);
    for (const bad of ['POST /api/v1/bookings', '/api/v1/bookings=2', 'POST api=1', 'POST /a=1;GET /b=2', 'POST /a=-1']) {
      expect(() => validateEnvironment({ LOAD_SHED_DRILL: bad })).toThrow(/LOAD_SHED_DRILL/);
    }
    expect(validateEnvironment({ LOAD_SHED_DRILL: 'POST /api/v1/bookings=2' }).LOAD_SHED_DRILL).toBe('POST /api/v1/bookings=2');
    // Shedding is on by default, off by default under NODE_ENV=test (a loaded test machine is no overload).
    expect([validateEnvironment({}).LOAD_SHED, validateEnvironment({ NODE_ENV: 'test' }).LOAD_SHED, validateEnvironment({ NODE_ENV: 'test', LOAD_SHED: 'true' }).LOAD_SHED]).toEqual([true, false, true]);
  });
});
