import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';
import { deepJson } from '../support/fuzz-requests.js';

/**
 * The classes of malformed input an outside fuzzer turned into 500s (issue #15 §2), one by one:
 * each is a 400/401/415 in API.md's error shape naming the field, and writes nothing.
 * test/api/fuzz.spec.ts sends a random sample of the same and more to every operation.
 */
describe('malformed input the fuzzer found, class by class', () => {
  let t: TestApp;
  let fastify: FastifyInstance;
  let admin: string;
  let officeId: string;
  let serviceId: string;
  let counterId: string;

  const tables = ['offices', 'services', 'counters', 'staff_users', 'bookings', 'tickets', 'office_closures', 'idempotency_keys'];
  const counts = async () =>
    ((await t.db.query(`SELECT ${tables.map((name) => `(SELECT count(*) FROM ${name})::int AS ${name}`).join(', ')}`)) as Record<string, number>[])[0];

  /** Sends raw text and checks the error shape and that nothing was written; returns the body. */
  async function refused(
    request: { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string>; staff?: boolean },
    status: number,
  ) {
    const before = await counts();
    const headers: Record<string, string> = { ...(request.contentType ? { 'content-type': request.contentType } : {}), ...request.headers };
    if (request.staff) headers.authorization = admin;
    const response = await fastify.inject({ method: request.method, url: request.url, headers, payload: request.body });
    expect(response.statusCode, response.body).toBe(status);
    const body = response.json<{ statusCode: number; error: string; message: string; details?: { field: string; messages: string[] }[] }>();
    expect(body).toMatchObject({ statusCode: status, error: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/), message: expect.any(String) });
    expect(await counts()).toEqual(before);
    return body;
  }
  const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field);
  const json = 'application/json';

  beforeAll(async () => {
    t = await startTestApp();
    fastify = t.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    officeId = (await seeders(t.db).office()).id;
    serviceId = (await seeders(t.db).service(officeId, { code: 'A' })).id;
    counterId = (await t.http.post(`/api/v1/offices/${officeId}/counters`).set('Authorization', admin).send({ name: 'Módulo 1', serviceIds: [serviceId] }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  const booking = (applicant?: string) =>
    `{"serviceId":"${serviceId}","slotStart":"2030-01-07T09:00:00-03:00"${applicant === undefined ? '' : `,"applicant":${applicant}`}}`;

  it.each([
    ['missing', undefined],
    ['null', 'null'],
    ['a string', '"María"'],
    ['a number', '42'],
    ['an array', '[{"documentType":"PASSPORT","documentNumber":"X1","fullName":"Ana Pérez"}]'],
  ])('POST /bookings with the applicant %s is a 400 naming applicant', async (_, applicant) => {
    const body = await refused({ method: 'POST', url: '/api/v1/bookings', contentType: json, body: booking(applicant) }, 400);
    expect(body.error).toBe('VALIDATION_FAILED');
    expect(fields(body)).toContain('applicant');
  });

  it('names the fields of a nested applicant', async () => {
    const body = await refused({ method: 'POST', url: '/api/v1/bookings', contentType: json, body: booking('{"documentType":"PASSPORT","fullName":7}') }, 400);
    expect(fields(body).sort()).toEqual(['applicant.documentNumber', 'applicant.fullName']);
  });

  it.each([
    ['null items', '[null]'],
    ['a string', '"09:00-13:00"'],
    ['strings', '["09:00"]'],
  ])("a closure's intervals as %s are a 400 naming intervals", async (_, intervals) => {
    const body = await refused(
      { method: 'POST', url: `/api/v1/offices/${officeId}/closures`, contentType: json, body: `{"kind":"open","date":"2030-01-07","intervals":${intervals}}`, staff: true },
      400,
    );
    expect(fields(body).some((f) => f.startsWith('intervals'))).toBe(true);
  });

  it.each([
    ['the NUL character', '"admin\\u0000"'],
    ['a lone surrogate', '"adm\\ud800in"'],
  ])('a username holding %s at login is a 400 naming username, not a database error', async (_, username) => {
    const body = await refused({ method: 'POST', url: '/api/v1/auth/login', contentType: json, body: `{"username":${username},"password":"x"}` }, 400);
    expect(fields(body)).toEqual(['username']);
    expect(await t.db.query(`SELECT 1 FROM login_failures`)).toHaveLength(0);
  });

  it('refuses NUL and lone surrogates in nested values, array items and field names', async () => {
    const nested = await refused({ method: 'POST', url: '/api/v1/bookings', contentType: json, body: booking('{"documentType":"PASSPORT","documentNumber":"X\\u0000","fullName":"Ana"}') }, 400);
    expect(fields(nested)).toContain('applicant.documentNumber');
    const item = await refused(
      { method: 'POST', url: `/api/v1/offices/${officeId}/services`, contentType: json, body: '{"code":"Q","name":"Trámite","mode":"walk_in","requirements":["ok","\\udc00"]}', staff: true },
      400,
    );
    expect(fields(item)).toEqual(['requirements.1']);
    const key = await refused({ method: 'POST', url: '/api/v1/offices', contentType: json, body: '{"name":"Oficina","\\u0000":1}', staff: true }, 400);
    expect(fields(key)).toEqual(['body']);
  });

  it('refuses NUL in query and path parameters, and a path that is not UTF-8', async () => {
    const query = await refused({ method: 'GET', url: `/api/v1/services/${serviceId}/availability?from=2030-01-07%00&to=2030-01-08` }, 400);
    expect(fields(query)).toEqual(['from']);
    const path = await refused({ method: 'GET', url: '/api/v1/bookings/K7M%00/qr.svg' }, 400);
    expect(fields(path)).toEqual(['code']);
    const surrogate = await refused({ method: 'GET', url: '/api/v1/turns/%ED%A0%80' }, 400);
    expect(surrogate.error).toBe('VALIDATION_FAILED');
    const percent = await refused({ method: 'POST', url: '/api/v1/bookings/%zz/cancel', contentType: json, body: '{"documentNumber":"1"}' }, 400);
    expect(fields(percent)).toEqual(['path']);
    const long = await refused({ method: 'POST', url: `/api/v1/bookings/${'x'.repeat(500)}/cancel`, contentType: json, body: '{"documentNumber":"1"}' }, 400);
    expect(fields(long)).toEqual(['path']);
  });

  it.each([
    ['arrays as the whole body', 'POST', '/api/v1/bookings', deepJson(40_000, 'array'), 'body'],
    ['objects as the whole body', 'POST', '/api/v1/auth/login', deepJson(10_000, 'object'), 'a.a'],
    ['arrays in a field', 'PATCH', '/api/v1/offices/{officeId}', `{"openingHours":${deepJson(10_000, 'array')}}`, 'openingHours'],
    ['objects in a nested field', 'POST', '/api/v1/bookings', booking(`{"fullName":${deepJson(5_000, 'object')}}`), 'applicant.fullName'],
  ] as const)('JSON nested thousands of levels deep (%s) is a 400 naming where', async (_, method, url, body, field) => {
    const answer = await refused({ method, url: url.replace('{officeId}', officeId), contentType: json, body, staff: true }, 400);
    expect(answer.error).toBe('VALIDATION_FAILED');
    expect(answer.details?.[0].field).toBe(field);
    expect(answer.details?.[0].messages[0]).toMatch(/nested more than \d+ levels/);
  });

  it.each([
    ['text/plain', 'text/plain', '{"name":"Oficina"}'],
    ['form-encoded', 'application/x-www-form-urlencoded', 'name=Oficina'],
    ['multipart', 'multipart/form-data; boundary=B', '--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nOficina\r\n--B--\r\n'],
  ])('a %s body on a JSON route is a 415', async (_, contentType, body) => {
    expect((await refused({ method: 'POST', url: '/api/v1/offices', contentType, body, staff: true }, 415)).error).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it("leaves socket.io's long-polling alone: its text/plain posts never reach the JSON-only routes", async () => {
    // A listening server: supertest would close its own after each request, and socket.io's sessions with it.
    await t.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const handshake = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
    expect(handshake.status).toBe(200);
    const sid = (JSON.parse((await handshake.text()).slice(1)) as { sid: string }).sid;
    const post = await fetch(`${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: '40/turns,' });
    const text = await post.text();
    expect(post.status, text).toBe(200);
    expect(text).toBe('ok');
  });

  it.each([
    ['an empty body', ''],
    ['JSON null', 'null'],
    ['a JSON array', '[]'],
    ['a JSON number', '42'],
    ['a JSON string', '"Oficina"'],
  ])('%s where an object is expected is a 400', async (_, body) => {
    await refused({ method: 'POST', url: '/api/v1/offices', contentType: json, body, staff: true }, 400);
  });

  it('a body with no content type at all is a 400 naming the missing fields, or a 415', async () => {
    const before = await counts();
    const response = await fastify.inject({ method: 'POST', url: '/api/v1/offices', headers: { authorization: admin } });
    expect([400, 415]).toContain(response.statusCode);
    expect(await counts()).toEqual(before);
  });

  it('PATCH with null for a field that cannot be null is a 400 naming it, and null stays allowed where the contract allows it', async () => {
    const counter = await refused({ method: 'PATCH', url: `/api/v1/counters/${counterId}`, contentType: json, body: '{"name":null}', staff: true }, 400);
    expect(fields(counter)).toEqual(['name']);
    const office = await refused({ method: 'PATCH', url: `/api/v1/offices/${officeId}`, contentType: json, body: '{"timeZone":null,"openingHours":null}', staff: true }, 400);
    expect(fields(office).sort()).toEqual(['openingHours', 'timeZone']);
    await t.http.patch(`/api/v1/offices/${officeId}`).set('Authorization', admin).send({ address: null, holidayRegion: null }).expect(200);
    await t.http.patch(`/api/v1/services/${serviceId}`).set('Authorization', admin).send({ walkInDailyCap: null }).expect(200);
  });

  it('bad UUIDs, impossible dates, huge and NaN-ish numbers are 400s naming the parameter', async () => {
    expect(fields(await refused({ method: 'GET', url: '/api/v1/staff/not-a-uuid', staff: true }, 400))).toEqual(['id']);
    expect(fields(await refused({ method: 'GET', url: `/api/v1/offices/${officeId}/closures?from=2026-02-30`, staff: true }, 400))).toEqual(['from']);
    expect(fields(await refused({ method: 'GET', url: `/api/v1/offices/${officeId}/reports/arrivals?from=99999-01-01&to=2026-12-01`, staff: true }, 400))).toEqual(['from']);
    expect(fields(await refused({ method: 'GET', url: `/api/v1/offices/${officeId}/reports/yearly?year=NaN`, staff: true }, 400))).toEqual(['year']);
    expect(fields(await refused({ method: 'GET', url: `/api/v1/services/${serviceId}/availability?from=2026-02-30&to=2026-03-02` }, 400))).toEqual(['from']);
    expect(fields(await refused({ method: 'GET', url: `/api/v1/services/${serviceId}/availability?from=0000-01-01&to=0000-01-02` }, 400))).toEqual(['from', 'to']);
    const offset = await refused({ method: 'GET', url: `/api/v1/offices/${officeId}/survey-comments?from=2026-12-01&to=2026-12-02&offset=${'9'.repeat(20)}`, staff: true }, 400);
    expect(fields(offset)).toEqual(['offset']);
    const limit = await refused({ method: 'GET', url: `/api/v1/offices/${officeId}/survey-comments?from=2026-12-01&to=2026-12-02&limit=${'9'.repeat(400)}`, staff: true }, 400);
    expect(fields(limit)).toEqual(['limit']);
    expect(fields(await refused({ method: 'POST', url: `/api/v1/offices/${officeId}/services`, contentType: json, body: '{"code":"Q","name":"Trámite","mode":"appointment","seatsPerSlot":1e308}', staff: true }, 400))).toEqual(['seatsPerSlot']);
  });

  it.each([
    ['too long', 'k'.repeat(129)],
    ['with a control character', 'clave\u0001'],
    ['with a space', 'clave con espacio'],
  ])('an Idempotency-Key %s is a 400 naming the header', async (_, key) => {
    const body = await refused(
      { method: 'POST', url: '/api/v1/offices', contentType: json, body: '{"name":"Oficina con clave"}', headers: { 'idempotency-key': key }, staff: true },
      400,
    );
    expect(fields(body)).toEqual(['Idempotency-Key']);
  });

  it.each([
    ['a bare scheme', 'Bearer'],
    ['garbage', 'Bearer a.b.c'],
    ['a huge token', `Bearer ${'x'.repeat(8_000)}`],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an unsigned token', `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`],
  ])('an Authorization header with %s is a 401', async (_, authorization) => {
    const body = await refused({ method: 'POST', url: '/api/v1/offices', contentType: json, body: '{"name":"Oficina"}', headers: { authorization } }, 401);
    expect(body.error).toBe('UNAUTHORIZED');
  });
});
