import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../../apps/api/src/testing/test-app.js';

interface Problem {
  field: string;
  messages: string[];
}
const fieldsOf = (body: { details?: Problem[] }) => (body.details ?? []).map((d) => d.field).sort();

/** Bad input is a 4xx naming the field, in API.md's error shape, and nothing is written. */
describe('input validation', () => {
  let t: TestApp;
  let admin: string;
  let officeId: string;

  const counts = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM offices)::int o, (SELECT count(*) FROM services)::int s, (SELECT count(*) FROM counters)::int c, (SELECT count(*) FROM staff_users)::int u`))[0];

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
    officeId = (await seeders(t.db).office({ name: 'Oficina de validación' })).id;
    await seeders(t.db).service(officeId, { code: 'A' });
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown) => t.http.post(path).set('Authorization', admin).send(body as object);

  it.each([
    ['a missing name', {}, ['name']],
    ['a wrong type', { name: 42 }, ['name']],
    ['an unknown field', { name: 'Oficina X', director: 'Juan' }, ['director']],
    ['a bad time zone', { name: 'Oficina X', timeZone: 'Chile/Santiagoo' }, ['timeZone']],
    ['an offset instead of a zone', { name: 'Oficina X', timeZone: '-03:00' }, ['timeZone']],
    ['overlapping opening hours', { name: 'Oficina X', openingHours: { 1: [{ start: '08:30', end: '14:00' }, { start: '13:00', end: '15:00' }] } }, ['openingHours']],
  ])('POST /offices with %s is a 400 naming the field', async (_, body, fields) => {
    const before = await counts();
    const response = await post('/api/v1/offices', body).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED' });
    expect(fieldsOf(response.body)).toEqual(fields);
    expect(response.body.message).toContain(fields[0]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no code, name or mode', {}, ['code', 'mode', 'name']],
    ['a lower-case code that is too long', { code: 'abcd', name: 'Trámite', mode: 'walk_in' }, ['code']],
    ['an unknown mode', { code: 'Q', name: 'Trámite', mode: 'online' }, ['mode']],
    ['a negative seat count', { code: 'Q', name: 'Trámite', mode: 'appointment', seatsPerSlot: -1 }, ['seatsPerSlot']],
    ['a string for a number', { code: 'Q', name: 'Trámite', mode: 'appointment', slotMinutes: '15' }, ['slotMinutes']],
    ['requirements that are not strings', { code: 'Q', name: 'Trámite', mode: 'walk_in', requirements: [1, 2] }, ['requirements']],
    ['a bad booking opening time', { code: 'Q', name: 'Trámite', mode: 'appointment', bookingOpensAt: '8am' }, ['bookingOpensAt']],
  ])('POST /offices/{id}/services with %s is a 400 naming the field', async (_, body, fields) => {
    const before = await counts();
    const response = await post(`/api/v1/offices/${officeId}/services`, body).expect(400);
    expect(fieldsOf(response.body)).toEqual(fields);
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate service code in one office with 409 DUPLICATE_SERVICE_CODE, case-insensitively', async () => {
    const before = await counts();
    const response = await post(`/api/v1/offices/${officeId}/services`, { code: 'a', name: 'Otro trámite', mode: 'walk_in' }).expect(409);
    expect(response.body).toMatchObject({ statusCode: 409, error: 'DUPLICATE_SERVICE_CODE' });
    expect(fieldsOf(response.body)).toEqual(['code']);
    expect(await counts()).toEqual(before);
  });

  it('still answers 409 (never 500) when simultaneous requests race for the same code', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(`/api/v1/offices/${officeId}/services`, { code: 'R', name: `Carrera ${i}`, mode: 'walk_in' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.error === 'DUPLICATE_SERVICE_CODE')).toBe(true);
    expect(await t.db.query(`SELECT id FROM services WHERE office_id = $1 AND code = 'R'`, [officeId])).toHaveLength(1);
  });

  it('allows the same service code in another office', async () => {
    const other = await seeders(t.db).office();
    await post(`/api/v1/offices/${other.id}/services`, { code: 'A', name: 'Trámite A', mode: 'walk_in' }).expect(201);
  });

  it('refuses a duplicate office name, counter name and username with 409 and the field', async () => {
    expect((await post('/api/v1/offices', { name: 'Oficina de validación' }).expect(409)).body.error).toBe('DUPLICATE_OFFICE_NAME');
    await post(`/api/v1/offices/${officeId}/counters`, { name: 'Módulo 1', serviceIds: [] }).expect(201);
    const counter = await post(`/api/v1/offices/${officeId}/counters`, { name: 'Módulo 1', serviceIds: [] }).expect(409);
    expect(counter.body.error).toBe('DUPLICATE_COUNTER_NAME');
    const staff = await post('/api/v1/staff', { username: ADMIN.username, password: 'long-enough-password', role: 'admin' }).expect(409);
    expect(staff.body).toMatchObject({ error: 'USERNAME_TAKEN', details: [{ field: 'username' }] });
  });

  it("refuses a counter serving another office's service", async () => {
    const other = await seeders(t.db).office();
    const foreign = await seeders(t.db).service(other.id, { code: 'F' });
    const before = await counts();
    const response = await post(`/api/v1/offices/${officeId}/counters`, { name: 'Módulo 7', serviceIds: [foreign.id] }).expect(400);
    expect(response.body).toMatchObject({ error: 'SERVICE_NOT_IN_OFFICE', details: [{ field: 'serviceIds' }] });
    expect(await counts()).toEqual(before);
  });

  it('refuses a supervisor or agent without an office', async () => {
    const response = await post('/api/v1/staff', { username: 'sin.oficina', password: 'long-enough-password', role: 'agent' }).expect(400);
    expect(response.body).toMatchObject({ error: 'OFFICE_REQUIRED', details: [{ field: 'officeId' }] });
  });

  it('names a bad id in the path', async () => {
    const response = await t.http.get('/api/v1/offices/not-a-uuid/services').expect(400);
    expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'officeId' }] });
    await t.http.get('/api/v1/offices/00000000-0000-4000-8000-000000000000/services').expect(404);
  });

  it('answers malformed JSON with 400 INVALID_JSON and an oversized body with 413', async () => {
    const malformed = await t.http.post('/api/v1/offices').set('Authorization', admin).set('Content-Type', 'application/json').send('{"name": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toBe('INVALID_JSON');
    const huge = await post('/api/v1/offices', { name: 'x'.repeat(10_000) });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ statusCode: 413, error: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers an unknown endpoint with 404 in the same shape', async () => {
    const response = await t.http.get('/api/v1/nothing-here').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });

  it('keeps a valid change whole: PATCH with one bad field changes nothing', async () => {
    const response = await t.http
      .patch(`/api/v1/offices/${officeId}`)
      .set('Authorization', admin)
      .send({ address: 'Nueva dirección 123', timeZone: 'Nowhere/Land' })
      .expect(400);
    expect(fieldsOf(response.body)).toEqual(['timeZone']);
    const office = await t.http.get(`/api/v1/offices/${officeId}`).expect(200);
    expect(office.body).toMatchObject({ address: null, timeZone: 'America/Santiago' });
  });
});
