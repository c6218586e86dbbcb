import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TypeOrmModule } from '@nestjs/typeorm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiException } from '../common/errors/api.exception.js';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { ADMIN, bearer, seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { addIdempotencyHeaderToDocument } from './idempotency-openapi.js';
import { canonicalJson, idempotencyScopeOf, requestHashOf } from './idempotency-request.js';
import { IdempotencyModule } from './idempotency.module.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { SkipIdempotency } from './skip-idempotency.decorator.js';

const newKey = () => `key-${randomUUID()}`;

describe('Idempotency-Key on the real API', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await bearer(t.http, ADMIN.username, ADMIN.password);
  });
  afterAll(() => t.close());

  const officesNamed = async (name: string) => Number((await t.db.query(`SELECT count(*) FROM offices WHERE name = $1`, [name]))[0].count);
  const keyRows = async (key: string) => t.db.query(`SELECT scope, response_status, response_body FROM idempotency_keys WHERE key = $1`, [key]);
  const createOffice = (key: string | undefined, body: object, token = admin) => {
    const request = t.http.post('/api/v1/offices').set('Authorization', token);
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
  };

  it('answers a retry with the first 201 and its body, without creating a second office', async () => {
    const key = newKey();
    const body = { name: `Oficina ${key}`, timeZone: 'America/Santiago' };
    const first = await createOffice(key, body).expect(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();

    // Same body with its keys in another order: the same request.
    const retry = await createOffice(key, { timeZone: 'America/Santiago', name: body.name }).expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers['content-type']).toMatch(/^application\/json/);
    expect(retry.body).toEqual(first.body);
    expect(await officesNamed(body.name)).toBe(1);

    // What is stored is what the client got.
    const [row] = await keyRows(key);
    expect(row).toEqual({ scope: expect.stringMatching(/^POST \/api\/v1\/offices user:/), response_status: 201, response_body: first.body });
  });

  it('refuses the same key with another body (422) and changes nothing', async () => {
    const key = newKey();
    await createOffice(key, { name: `Primera ${key}` }).expect(201);
    const reused = await createOffice(key, { name: `Segunda ${key}` }).expect(422);
    expect(reused.body).toEqual({ statusCode: 422, error: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) });
    expect(await officesNamed(`Segunda ${key}`)).toBe(0);
  });

  it('treats another URL with the same key and body as another request', async () => {
    const office = await seeders(t.db).office();
    const other = await seeders(t.db).office();
    const key = newKey();
    const body = { code: 'U', name: 'Mismo cuerpo', mode: 'appointment' };
    await t.http.post(`/api/v1/offices/${office.id}/services`).set('Authorization', admin).set('Idempotency-Key', key).send(body).expect(201);
    const response = await t.http
      .post(`/api/v1/offices/${other.id}/services`)
      .set('Authorization', admin)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(422);
    expect(response.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(Number((await t.db.query(`SELECT count(*) FROM services WHERE office_id = $1`, [other.id]))[0].count)).toBe(0);
  });

  it('replays a 409 identically, even after the conflict is gone, instead of running again', async () => {
    const office = await seeders(t.db).office();
    const existing = await seeders(t.db).service(office.id, { code: 'D' });
    const key = newKey();
    const post = () =>
      t.http
        .post(`/api/v1/offices/${office.id}/services`)
        .set('Authorization', admin)
        .set('Idempotency-Key', key)
        .send({ code: 'D', name: 'Duplicado', mode: 'appointment' });

    const first = await post().expect(409);
    expect(first.body.error).toBe('DUPLICATE_SERVICE_CODE');
    // Were the handler to run again, it would now succeed.
    await t.db.query(`UPDATE services SET code = 'Z' WHERE id = $1`, [existing.id]);

    const retry = await post().expect(409);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(Number((await t.db.query(`SELECT count(*) FROM services WHERE office_id = $1 AND code = 'D'`, [office.id]))[0].count)).toBe(0);
    expect((await keyRows(key))[0]).toMatchObject({ response_status: 409, response_body: first.body });
  });

  it('replays a validation failure (400) of the body too', async () => {
    const key = newKey();
    const first = await createOffice(key, { name: 'x' }).expect(400);
    const retry = await createOffice(key, { name: 'x' }).expect(400);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
  });

  it('runs ten concurrent requests with one key once: the others replay or are told to retry', async () => {
    const key = newKey();
    const name = `Concurrente ${key}`;
    const responses = await Promise.all(Array.from({ length: 10 }, () => createOffice(key, { name })));

    expect(await officesNamed(name)).toBe(1);
    const created = responses.filter((r) => r.status === 201);
    const original = created.filter((r) => r.headers['idempotent-replayed'] === undefined);
    expect(original).toHaveLength(1);
    for (const response of responses) {
      if (response.status === 201) {
        expect(response.body).toEqual(original[0].body);
      } else {
        expect(response.status).toBe(409);
        expect(response.body.error).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
        expect(response.headers['retry-after']).toBe('1');
      }
    }
    // Once the first has finished, every retry gets its response.
    const late = await createOffice(key, { name }).expect(201);
    expect(late.body).toEqual(original[0].body);
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(129)],
    ['with a space', 'my key'],
    ['not ASCII', 'clé'],
  ])('refuses a malformed key (%s) with 400 naming the header, before doing anything', async (_, key) => {
    const name = `Mala clave ${randomUUID()}`;
    const response = await createOffice(key, { name }).expect(400);
    expect(response.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'Idempotency-Key', messages: [expect.any(String)] }] });
    expect(await officesNamed(name)).toBe(0);
  });

  it('accepts a key of 128 visible characters', async () => {
    await createOffice(`${'k'.repeat(120)}${randomUUID().slice(0, 8)}`, { name: `Larga ${randomUUID()}` }).expect(201);
  });

  it('changes nothing without the header', async () => {
    const name = `Sin clave ${randomUUID()}`;
    await createOffice(undefined, { name }).expect(201);
    const second = await createOffice(undefined, { name }).expect(409);
    expect(second.body.error).toBe('DUPLICATE_OFFICE_NAME');
    expect(second.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps the keys of two users apart', async () => {
    const office = await seeders(t.db).office();
    const supervisor = await seeders(t.db).staff('supervisor', office.id);
    const supervisorToken = await bearer(t.http, supervisor.username, supervisor.password);
    const key = newKey();
    const post = (token: string, code: string) =>
      t.http
        .post(`/api/v1/offices/${office.id}/services`)
        .set('Authorization', token)
        .set('Idempotency-Key', key)
        .send({ code, name: `Servicio ${code}`, mode: 'appointment' });

    // Another body with the same key: no 422, as the keys are not shared.
    await post(admin, 'P').expect(201);
    await post(supervisorToken, 'Q').expect(201);
    // Each user's key still guards their own requests.
    const same = await post(supervisorToken, 'P').expect(422);
    expect(same.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await keyRows(key)).toHaveLength(2);
  });

  it('runs the same body again for another user instead of handing them the first response', async () => {
    const office = await seeders(t.db).office();
    const supervisor = await seeders(t.db).staff('supervisor', office.id);
    const supervisorToken = await bearer(t.http, supervisor.username, supervisor.password);
    const key = newKey();
    const body = { code: 'S', name: 'Compartido', mode: 'appointment' };
    await t.http.post(`/api/v1/offices/${office.id}/services`).set('Authorization', admin).set('Idempotency-Key', key).send(body).expect(201);
    const other = await t.http
      .post(`/api/v1/offices/${office.id}/services`)
      .set('Authorization', supervisorToken)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(409);
    expect(other.body.error).toBe('DUPLICATE_SERVICE_CODE');
  });

  it('forgets a key after 24 hours', async () => {
    const key = newKey();
    await createOffice(key, { name: `Vieja ${key}` }).expect(201);
    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [key]);
    const fresh = await createOffice(key, { name: `Nueva ${key}` }).expect(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(await keyRows(key)).toEqual([expect.objectContaining({ response_status: 201, response_body: fresh.body })]);

    // The periodic cleanup deletes expired keys and keeps the others.
    const old = newKey();
    await createOffice(old, { name: `Caducada ${old}` }).expect(201);
    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`, [old]);
    await t.app.get(IdempotencyRepository).deleteExpired();
    expect(await keyRows(old)).toEqual([]);
    expect(await keyRows(key)).toHaveLength(1);
  });

  it('lets a retry take over a claim abandoned by a crashed instance', async () => {
    const key = newKey();
    const name = `Abandonada ${key}`;
    const [{ id: adminId }] = await t.db.query(`SELECT id FROM staff_users WHERE username = $1`, [ADMIN.username]);
    const scope = idempotencyScopeOf('POST', '/api/v1/offices', adminId);
    const hash = requestHashOf('/api/v1/offices', { name });
    await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)`, [scope, key, hash]);

    const busy = await createOffice(key, { name }).expect(409);
    expect(busy.body.error).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    expect(busy.headers['retry-after']).toBe('1');

    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '10 minutes' WHERE key = $1`, [key]);
    await createOffice(key, { name }).expect(201);
    expect(await officesNamed(name)).toBe(1);
  });

  it('documents the optional header on POST operations only', () => {
    const document = addIdempotencyHeaderToDocument(SwaggerModule.createDocument(t.app, new DocumentBuilder().build()));
    const ref = { $ref: '#/components/parameters/IdempotencyKey' };
    expect(document.components?.parameters?.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false });
    expect(document.paths['/api/v1/offices'].post?.parameters).toContainEqual(ref);
    expect(document.paths['/api/v1/offices/{officeId}/services'].post?.parameters).toContainEqual(ref);
    expect(document.paths['/api/v1/offices'].get?.parameters ?? []).not.toContainEqual(ref);
    // Applying it twice adds nothing.
    const again = addIdempotencyHeaderToDocument(document);
    expect(again.paths['/api/v1/offices'].post?.parameters?.filter((p) => '$ref' in p && p.$ref === ref.$ref)).toHaveLength(1);
  });
});

/** Handlers whose outcome the tests control: failures on our side, slow requests, opted-out routes. */
const probe = { calls: 0, failNext: 0, release: undefined as undefined | (() => void) };

@Controller('probe')
class ProbeController {
  @Post('flaky')
  flaky(@Body() body: { value: number }) {
    probe.calls++;
    if (probe.failNext > 0) {
      probe.failNext--;
      throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, 'Busy', undefined, { 'Retry-After': '1' });
    }
    return { value: body.value, call: probe.calls };
  }

  @Post('crash')
  crash() {
    probe.calls++;
    throw new Error('boom');
  }

  @Post('slow')
  async slow() {
    probe.calls++;
    await new Promise<void>((resolve) => (probe.release = resolve));
    return { done: true };
  }

  @Post('login')
  @SkipIdempotency()
  login() {
    probe.calls++;
    return { token: `secret-${probe.calls}` };
  }
}

describe('Idempotency-Key with failures and slow requests', () => {
  let t: TestApp;
  let app: NestFastifyApplication;
  let http: ReturnType<typeof supertest>;
  beforeAll(async () => {
    t = await startTestApp();
    @Module({
      imports: [TypeOrmModule.forRoot(dataSourceOptions(t.databaseUrl, 2)), IdempotencyModule],
      controllers: [ProbeController],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    })
    class ProbeModule {}
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    http = supertest(app.getHttpServer());
  });
  afterAll(async () => {
    probe.release?.();
    await app?.close();
    await t.close();
  });

  it('keeps no 5xx: the claim is released and a retry runs the handler again', async () => {
    const key = newKey();
    probe.calls = 0;
    probe.failNext = 1;
    const failed = await http.post('/probe/flaky').set('Idempotency-Key', key).send({ value: 7 }).expect(503);
    expect(failed.headers['retry-after']).toBe('1');
    // No response kept; the claim is marked given back, so the retry knows an attempt ran before it.
    expect(await t.db.query(`SELECT response_status, interrupted FROM idempotency_keys WHERE key = $1`, [key])).toEqual([{ response_status: null, interrupted: true }]);

    const ok = await http.post('/probe/flaky').set('Idempotency-Key', key).send({ value: 7 }).expect(201);
    expect(ok.body).toEqual({ value: 7, call: 2 });
    const replay = await http.post('/probe/flaky').set('Idempotency-Key', key).send({ value: 7 }).expect(201);
    expect(replay.body).toEqual({ value: 7, call: 2 });
    expect(probe.calls).toBe(2);
  });

  it('keeps no 500 either', async () => {
    const key = newKey();
    probe.calls = 0;
    await http.post('/probe/crash').set('Idempotency-Key', key).send({}).expect(500);
    await http.post('/probe/crash').set('Idempotency-Key', key).send({}).expect(500);
    expect(probe.calls).toBe(2);
  });

  it('answers 409 with Retry-After while the first request runs, then replays it', async () => {
    const key = newKey();
    probe.calls = 0;
    probe.release = undefined;
    const first = http.post('/probe/slow').set('Idempotency-Key', key).send({}).then((r) => r);
    await expect.poll(() => probe.release).toBeDefined();

    const busy = await http.post('/probe/slow').set('Idempotency-Key', key).send({}).expect(409);
    expect(busy.body).toEqual({ statusCode: 409, error: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', message: expect.any(String) });
    expect(busy.headers['retry-after']).toBe('1');
    // Another body while it runs is still a reuse of the key.
    await http.post('/probe/slow').set('Idempotency-Key', key).send({ other: true }).expect(422);

    probe.release!();
    expect((await first).status).toBe(201);
    const replay = await http.post('/probe/slow').set('Idempotency-Key', key).send({}).expect(201);
    expect(replay.body).toEqual({ done: true });
    expect(probe.calls).toBe(1);
  });

  it('ignores the header on routes marked @SkipIdempotency() and stores nothing', async () => {
    const key = newKey();
    probe.calls = 0;
    const a = await http.post('/probe/login').set('Idempotency-Key', key).send({}).expect(201);
    const b = await http.post('/probe/login').set('Idempotency-Key', key).send({}).expect(201);
    expect(a.body).not.toEqual(b.body);
    expect(await t.db.query(`SELECT 1 FROM idempotency_keys WHERE key = $1`, [key])).toEqual([]);
    const document = addIdempotencyHeaderToDocument(SwaggerModule.createDocument(app, new DocumentBuilder().build()));
    expect(document.paths['/probe/login'].post?.parameters ?? []).toEqual([]);
    expect(document.paths['/probe/slow'].post?.parameters).toHaveLength(1);
  });
});

describe('request hash', () => {
  it('ignores key order and whitespace but not values or the URL', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(requestHashOf('/x', { a: 1, b: 2 })).toBe(requestHashOf('/x', { b: 2, a: 1 }));
    expect(requestHashOf('/x', { a: 1 })).not.toBe(requestHashOf('/x', { a: '1' }));
    expect(requestHashOf('/bookings/ABC/cancel', { d: 1 })).not.toBe(requestHashOf('/bookings/XYZ/cancel', { d: 1 }));
    expect(requestHashOf('/x', undefined)).toBe(requestHashOf('/x', null));
  });
});
