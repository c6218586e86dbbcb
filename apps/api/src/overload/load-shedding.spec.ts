import { rutFromBody } from '@turnero/scheduling';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeders, startTestApp, type TestApp } from '../testing/test-app.js';
import type { FastifyInstance } from 'fastify';
import { isSheddable, MIN_IN_FLIGHT_FOR_LAG } from './load-shedding.js';

const NOW = '2026-12-01T09:00:00-03:00';
const WEEKDAYS = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:30', end: '14:00' }]]));
const applicant = (n: number) => ({ documentType: 'RUT', documentNumber: rutFromBody(15_000_000 + n).formatted, fullName: `Persona ${n}` });

async function bookableService(t: TestApp): Promise<string> {
  const seed = seeders(t.db);
  const officeId = (await seed.office({ openingHours: WEEKDAYS })).id;
  return (await seed.service(officeId, { code: 'R', name: 'Residencia temporal', mode: 'appointment', slotMinutes: 15, seatsPerSlot: 5 })).id;
}

/** Holds `slot_capacity` against writes until `release()`: a booking sent meanwhile stays in flight. */
async function holdBookings(t: TestApp) {
  const runner = t.db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  await runner.query('LOCK TABLE slot_capacity IN EXCLUSIVE MODE');
  return {
    release: async () => {
      await runner.commitTransaction();
      await runner.release();
    },
  };
}

const expectOverloaded = (response: { status: number; body: { error?: string }; headers: Record<string, string> }) => {
  expect(response.status).toBe(503);
  expect(response.body.error).toBe('OVERLOADED');
  expect(response.headers['retry-after']).toBe('3');
  expect(response.headers['x-request-id']).toMatch(/\S/);
  expect(response.headers['x-frame-options']).toBeDefined();
};

describe('load shedding: requests in flight', () => {
  let t: TestApp;
  let serviceId: string;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW, LOAD_SHED: 'true', LOAD_SHED_MAX_IN_FLIGHT: '1', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '0', LOAD_SHED_RETRY_AFTER_S: '3' });
    serviceId = await bookableService(t);
  });
  afterAll(() => t.close());

  it('sheds what comes while the limit is reached, never /api/health, and serves again once the request in flight is answered', async () => {
    const hold = await holdBookings(t);
    const booking = t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant: applicant(1) }).then((r) => r);
    try {
      // The booking waits on the lock, in flight: the next API request is shed.
      await expect.poll(async () => (await t.http.get('/api/v1/offices')).status).toBe(503);
      expectOverloaded(await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`));
      const secondBooking = await t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T10:15:00-03:00', applicant: applicant(2) });
      expectOverloaded(secondBooking);
      expect((await t.http.get('/api/health')).status).toBe(200);
      expect((await t.http.get('/')).status).toBe(200);
    } finally {
      await hold.release();
    }
    expect((await booking).status).toBe(201);
    await expect.poll(async () => (await t.http.get('/api/v1/offices')).status).toBe(200);
    // The shed booking made nothing; the served one made one.
    const rows = await t.db.query(`SELECT document_number FROM bookings WHERE service_id = $1`, [serviceId]);
    expect(rows.map((r: { document_number: string }) => r.document_number)).toEqual([rutFromBody(15_000_001).normalized]);
  });
});

describe('load shedding: the event loop', () => {
  let t: TestApp;
  let serviceId: string;

  beforeAll(async () => {
    // A pool larger than the bookings held, so that /api/health's own query is not kept waiting.
    t = await startTestApp({ FAKE_NOW: NOW, DATABASE_POOL_SIZE: '24', LOAD_SHED: 'true', LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '5', LOAD_SHED_SAMPLE_INTERVAL_MS: '50', LOAD_SHED_RETRY_AFTER_S: '3' });
    serviceId = await bookableService(t);
  });
  afterAll(() => t.close());

  it(`sheds while the event loop lags behind with ${MIN_IN_FLIGHT_FOR_LAG} requests in flight, and serves again when it keeps up`, async () => {
    const inFlight = () => (t.app.getHttpAdapter().getInstance() as unknown as FastifyInstance).loadShedding.inFlight;
    const lagging = () => {
      // A CPU hog in this process (the app runs in it): the loop is blocked 80 ms of every 100.
      const hog = setInterval(() => {
        const until = performance.now() + 80;
        while (performance.now() < until);
      }, 20);
      return () => clearInterval(hog);
    };
    // A lag with few requests in flight is no overload: nothing is shed.
    let stop = lagging();
    try {
      for (let i = 0; i < 5; i++) expect((await t.http.get('/api/v1/offices')).status).toBe(200);
    } finally {
      stop();
    }
    // With bookings piling up (held by a table lock) and the same lag, requests are shed.
    const hold = await holdBookings(t);
    const slot = (i: number) => `2026-12-02T${10 + Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, '0')}:00-03:00`;
    const bookings = Array.from({ length: MIN_IN_FLIGHT_FOR_LAG }, (_, i) =>
      t.http.post('/api/v1/bookings').send({ serviceId, slotStart: slot(i), applicant: applicant(100 + i) }).then((r) => r),
    );
    await expect.poll(inFlight, { timeout: 10_000 }).toBe(MIN_IN_FLIGHT_FOR_LAG);
    stop = lagging();
    try {
      await expect.poll(async () => (await t.http.get('/api/v1/offices')).status, { timeout: 10_000 }).toBe(503);
      expectOverloaded(await t.http.get('/api/v1/offices'));
      expect((await t.http.get('/api/health')).status).toBe(200);
      expect((await t.http.get('/')).status).toBe(200);
    } finally {
      stop();
      await hold.release();
    }
    expect((await Promise.all(bookings)).map((r) => r.status)).toEqual(Array(MIN_IN_FLIGHT_FOR_LAG).fill(201));
    await expect.poll(inFlight, { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => (await t.http.get('/api/v1/offices')).status, { timeout: 10_000 }).toBe(200);
  });
});

describe('load shedding off (LOAD_SHED=false)', () => {
  let t: TestApp;
  let serviceId: string;

  beforeAll(async () => {
    t = await startTestApp({ FAKE_NOW: NOW, LOAD_SHED: 'false', LOAD_SHED_MAX_IN_FLIGHT: '1', LOAD_SHED_DRILL: 'GET /api/v1/offices=1' });
    serviceId = await bookableService(t);
  });
  afterAll(() => t.close());

  it('sheds nothing past the limit, but a drill still sheds its requests', async () => {
    const hold = await holdBookings(t);
    const booking = t.http.post('/api/v1/bookings').send({ serviceId, slotStart: '2026-12-02T10:00:00-03:00', applicant: applicant(10) }).then((r) => r);
    try {
      expect((await t.http.get('/api/v1/offices')).status).toBe(503); // the drill
      await expect.poll(async () => (await t.db.query(`SELECT count(*)::int n FROM pg_locks WHERE NOT granted AND relation = 'slot_capacity'::regclass`))[0].n).toBe(1);
      expect((await t.http.get('/api/v1/offices')).status).toBe(200);
      expect((await t.http.get(`/api/v1/services/${serviceId}/availability?from=2026-12-02&to=2026-12-02`)).status).toBe(200);
    } finally {
      await hold.release();
    }
    expect((await booking).status).toBe(201);
  });
});

describe('isSheddable', () => {
  it('sheds the API and Open311, never health, the front ends or socket.io', () => {
    expect(['/api/v1/bookings', '/api/v1/offices?x=1', '/api/docs-json', '/api/healthz', '/open311/v2/services.json'].map(isSheddable)).toEqual([true, true, true, true, true]);
    expect(['/api/health', '/api/health?x=1', '/', '/reservar', '/assets/index.js', '/display', '/kiosk', '/socket.io/?EIO=4'].map(isSheddable)).toEqual(
      Array(8).fill(false),
    );
  });
});
