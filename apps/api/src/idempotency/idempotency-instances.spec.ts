import { randomBytes, randomUUID } from 'node:crypto';
import { Controller, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { TypeOrmModule } from '@nestjs/typeorm';
import { rutFromBody } from '@turnero/scheduling';
import pg from 'pg';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiExceptionFilter } from '../common/errors/api-exception.filter.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import { idempotencyScopeOf, requestHashOf } from './idempotency-request.js';
import { IdempotencyModule } from './idempotency.module.js';
import { InstanceLiveness } from './instance-liveness.js';

const newKey = () => `key-${randomUUID()}`;
/** A liveness lock key that no session holds: the owner of a claim that died. */
const deadOwner = () => ((randomBytes(8).readBigUInt64BE() >> 1n) | 1n).toString();

/** Handlers that hang until the test lets them go, counting their runs. */
const probe = { calls: 0, release: [] as (() => void)[] };

@Controller('probe')
class ProbeController {
  @Post('slow')
  async slow() {
    const call = ++probe.calls;
    await new Promise<void>((resolve) => probe.release.push(resolve));
    return { call };
  }

  @Post('fast')
  fast() {
    return { call: ++probe.calls };
  }
}

/** An instance of a small app (the idempotency module and the probe) on the given database. */
async function probeInstance(databaseUrl: string): Promise<{ app: NestFastifyApplication; http: ReturnType<typeof supertest> }> {
  @Module({
    imports: [TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, 2)), IdempotencyModule],
    controllers: [ProbeController],
    providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
  })
  class ProbeModule {}
  const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: supertest(app.getHttpServer()) };
}

describe('a claim whose instance died, across instances', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof probeInstance>>;
  let b: Awaited<ReturnType<typeof probeInstance>>;
  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = await Promise.all([probeInstance(t.databaseUrl), probeInstance(t.databaseUrl)]);
  });
  afterAll(async () => {
    for (const release of probe.release) release();
    await a?.app.close();
    await b?.app.close();
    await t.close();
  });

  const claimRow = async (key: string) => (await t.db.query(`SELECT owner, response_status FROM idempotency_keys WHERE key = $1`, [key]))[0];

  it('tells a retry on another instance to wait while the first runs, and lets it take over the moment that instance is gone', async () => {
    probe.calls = 0;
    const key = newKey();
    const first = a.http.post('/probe/slow').set('Idempotency-Key', key).send({}).then((r) => r);
    await expect.poll(() => probe.release.length).toBe(1);
    // The claim names its instance, whose lock is held.
    expect((await claimRow(key)).owner).toBe(a.app.get(InstanceLiveness).key);

    const busy = await b.http.post('/probe/slow').set('Idempotency-Key', key).send({}).expect(409);
    expect(busy.body).toEqual({ statusCode: 409, error: 'IDEMPOTENCY_REQUEST_IN_PROGRESS', message: expect.any(String) });
    expect(busy.headers['retry-after']).toBe('1');
    expect(probe.calls).toBe(1);

    // Instance A "dies": its liveness session ends (as when its process is killed), its request hangs on.
    await a.app.get(InstanceLiveness).onApplicationShutdown();
    const took = Date.now();
    const retry = b.http.post('/probe/slow').set('Idempotency-Key', key).send({}).then((r) => r);
    await expect.poll(() => probe.calls).toBe(2);
    expect(Date.now() - took).toBeLessThan(2_000);
    expect((await claimRow(key)).owner).toBe(b.app.get(InstanceLiveness).key);
    probe.release[1]();
    expect((await retry).status).toBe(201);
    expect((await retry).body).toEqual({ call: 2 });

    // The dead instance's late answer is not stored over the retry's (its claim was fenced off).
    probe.release[0]();
    expect((await first).status).toBe(201);
    const replay = await b.http.post('/probe/slow').set('Idempotency-Key', key).send({}).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual({ call: 2 });
  });

  it('takes over a claim whose owner holds no lock at once, and one without an owner only after five minutes', async () => {
    const scope = idempotencyScopeOf('POST', '/probe/fast', undefined);
    const hash = requestHashOf('/probe/fast', {});
    const dead = newKey();
    await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ($1, $2, $3, $4)`, [scope, dead, hash, deadOwner()]);
    await b.http.post('/probe/fast').set('Idempotency-Key', dead).send({}).expect(201);
    expect(await claimRow(dead)).toEqual({ owner: b.app.get(InstanceLiveness).key, response_status: 201 });

    const unknown = newKey();
    await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)`, [scope, unknown, hash]);
    expect((await b.http.post('/probe/fast').set('Idempotency-Key', unknown).send({}).expect(409)).body.error).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    await t.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '6 minutes' WHERE key = $1`, [unknown]);
    await b.http.post('/probe/fast').set('Idempotency-Key', unknown).send({}).expect(201);
  });

  it('keeps a claim whose owner lives in another session (any instance holding its lock) in progress', async () => {
    const scope = idempotencyScopeOf('POST', '/probe/fast', undefined);
    const owner = deadOwner();
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    try {
      await holder.query(`SELECT pg_advisory_lock($1::bigint)`, [owner]);
      const key = newKey();
      await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ($1, $2, $3, $4)`, [scope, key, requestHashOf('/probe/fast', {}), owner]);
      const busy = await b.http.post('/probe/fast').set('Idempotency-Key', key).send({}).expect(409);
      expect(busy.headers['retry-after']).toBe('1');
      await holder.end();
      await b.http.post('/probe/fast').set('Idempotency-Key', key).send({}).expect(201);
    } finally {
      await holder.end().catch(() => undefined);
    }
  });

  it('takes the lock again after its session is ended from outside (PostgreSQL restarted, connection cut)', async () => {
    const liveness = b.app.get(InstanceLiveness);
    await t.db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'turnero-api-liveness' AND datname = current_database()`);
    await expect.poll(async () => (await t.db.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = $1`, [liveness.key])).length, { timeout: 5_000 }).toBe(1);
    expect(liveness.alive).toBe(true);
  });
});

const NOW = '2026-12-01T09:00:00-03:00'; // a Tuesday, inside opening hours
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const applicant = (n: number) => ({ documentType: 'RUT', documentNumber: rutFromBody(30_000_000 + n).formatted, fullName: `Persona ${n}` });

describe('a booking whose answer was lost', () => {
  let t: TestApp;
  let serviceId: string;
  let roomyServiceId: string;
  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW });
    const office = await seeders(t.db).office({ openingHours: WEEKDAYS });
    // One seat per slot: once booked, a second attempt at the slot could only be refused.
    serviceId = (await seeders(t.db).service(office.id, { code: 'K', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 1 })).id;
    roomyServiceId = (await seeders(t.db).service(office.id, { code: 'L', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5 })).id;
  });
  afterAll(() => t.close());

  const book = (key: string, body: object) => t.http.post('/api/v1/bookings').set('Idempotency-Key', key).send(body);
  const bookingsOf = async (documentNumber: string) =>
    t.db.query(`SELECT code, idempotency_key FROM bookings WHERE document_number = $1`, [rutFromBody(Number(documentNumber)).normalized]);

  it('records the key on the booking, in the booking statement', async () => {
    const key = newKey();
    const first = await book(key, { serviceId, slotStart: '2026-12-02T09:00:00-03:00', applicant: applicant(1) }).expect(201);
    expect(await bookingsOf(String(30_000_001))).toEqual([{ code: first.body.code, idempotency_key: key }]);
    // Without a key, none is recorded.
    const plain = await t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T09:15:00-03:00', applicant: applicant(2) }).expect(201);
    expect(await bookingsOf(String(30_000_002))).toEqual([{ code: plain.body.code, idempotency_key: null }]);
  });

  it.each([
    ['its instance died before answering', 10, `UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, owner = $2 WHERE key = $1`],
    ['it failed on our side after the booking committed', 11, `UPDATE idempotency_keys SET response_status = NULL, response_body = NULL, interrupted = true WHERE key = $1`],
    ['its stored answer expired (a day later)', 12, `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`],
  ])('answers a retry with the booking the key made when %s: the same 201, no second booking', async (_, n, lose) => {
    const key = newKey();
    const body = { serviceId, slotStart: `2026-12-03T${n}:00:00-03:00`, applicant: applicant(n) };
    const first = await book(key, body);
    expect(first.status).toBe(201);
    await t.db.query(lose, lose.includes('$2') ? [key, deadOwner()] : [key]);

    const retry = await book(key, body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await bookingsOf(String(30_000_000 + n))).toEqual([{ code: first.body.code, idempotency_key: key }]);
    // The key's answer is stored again: the next retry is a plain replay.
    const [row] = await t.db.query(`SELECT response_status, response_body FROM idempotency_keys WHERE key = $1`, [key]);
    expect(row).toEqual({ response_status: 201, response_body: first.body });
    const replay = await book(key, body).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('answers a new request with a key whose booking exists for the same applicant with that booking, not DUPLICATE_BOOKING', async () => {
    const key = newKey();
    const body = { serviceId: roomyServiceId, slotStart: '2026-12-04T10:00:00-03:00', applicant: applicant(13) };
    const first = await book(key, body).expect(201);
    // The key's row is gone (deleted a day later): the request counts as new, and meets the document's booking.
    await t.db.query(`DELETE FROM idempotency_keys WHERE key = $1`, [key]);
    const retry = await book(key, body).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(await bookingsOf(String(30_000_013))).toHaveLength(1);
    // Another key is another request: the usual refusal.
    expect((await book(newKey(), body).expect(409)).body.error).toBe('DUPLICATE_BOOKING');
  });

  it('books normally when the attempt that died had not booked', async () => {
    const key = newKey();
    const body = { serviceId, slotStart: '2026-12-09T10:00:00-03:00', applicant: applicant(5) };
    const scope = idempotencyScopeOf('POST', '/api/v1/bookings', undefined);
    await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, owner) VALUES ($1, $2, $3, $4)`, [scope, key, requestHashOf('/api/v1/bookings', body), deadOwner()]);
    const response = await book(key, body).expect(201);
    expect(await bookingsOf(String(30_000_005))).toEqual([{ code: response.body.code, idempotency_key: key }]);
  });

  it("never hands a booking to a key reused for another applicant's request", async () => {
    const key = newKey();
    await book(key, { serviceId, slotStart: '2026-12-09T11:00:00-03:00', applicant: applicant(6) }).expect(201);
    await t.db.query(`DELETE FROM idempotency_keys WHERE key = $1`, [key]);
    const other = await book(key, { serviceId, slotStart: '2026-12-09T11:15:00-03:00', applicant: applicant(7) }).expect(422);
    expect(other.body).toEqual({ statusCode: 422, error: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) });
    expect(await bookingsOf(String(30_000_007))).toEqual([]);
  });
});
