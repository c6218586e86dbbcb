import { generateBookingCode } from '@turnero/scheduling';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dataSourceOptions } from '../../apps/api/src/database/data-source-options.js';
import { copyTemplate, dropDatabase } from '../../apps/api/src/testing/databases.js';
import { reportFixtures } from '../../apps/api/src/testing/report-fixtures.js';
import type { ApiProcess } from '../support/api-process.js';
import { Client, errorLines, FAULT_NOW, type FaultOffice, applicant, seedOffice, slotStart } from './support/load.js';
import { type FaultRedis, startFaultRedis, waitUntil, startFaultApi } from './support/services.js';

/**
 * Redis down (issue #15 §3): two API processes on one database share a redis-server of the test's
 * own (rate limits and socket.io fan-out), which is killed and later started again, empty. While it
 * is down, booking, check-in and calling work and a display connected to the calling instance gets
 * its calls, and each instance counts rate limits on its own; once it is back, calls reach the
 * other instance's displays and the rate limit is shared again, without restarting anything.
 */
const LIMIT = 30;

interface Called {
  number: string;
  counter: string;
}

describe('Redis down under two API instances', () => {
  const server = inject('postgresServerUrl');
  let database: { url: string; name: string };
  let redis: FaultRedis;
  let office: FaultOffice;
  let apis: ApiProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await copyTemplate(server, inject('templateDatabase'));
    office = await seedOffice(database.url, 2);
    redis = await startFaultRedis();
    apis = await Promise.all(
      [0, 1].map(() =>
        startFaultApi(database.url, { FAKE_NOW: FAULT_NOW, REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: String(LIMIT), TRUST_PROXY: 'true', DATABASE_POOL_SIZE: '5' }),
      ),
    );
  }, 90_000);

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all(apis.map((api) => api.stop()));
    await redis?.destroy();
    if (database) await dropDatabase(server, database.name);
  });

  /** A waiting-room display of the office on `api`, recording the calls it shows. */
  async function display(api: ApiProcess): Promise<Called[]> {
    const socket = io(`${api.baseUrl}/display`, { auth: { officeId: office.officeId }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(socket);
    const calls: Called[] = [];
    socket.on('ticket.called', (event: Called) => calls.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('queue.snapshot', () => resolve());
      socket.once('connect_error', reject);
    });
    return calls;
  }

  /** Requests from one client address to both instances in turn; the statuses. */
  async function burst(clients: Client[], address: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      statuses.push((await clients[i % clients.length].send('offices', 'GET', '/api/v1/offices', { headers: { 'x-forwarded-for': address } })).status);
    }
    return statuses;
  }

  it('keeps booking, check-in and calling working, and brings fan-out and shared limits back by itself', async () => {
    const [a, b] = apis.map((api) => new Client(api.baseUrl));
    const agent = await a.login(office.counters[0].agent.username, office.counters[0].agent.password);
    const counterId = office.counters[0].id;
    expect((await a.send('open', 'POST', `/api/v1/counters/${counterId}/open`, { body: {}, headers: { authorization: agent } })).status).toBe(200);
    const onA = await display(apis[0]);
    const onB = await display(apis[1]);

    // One visit: a walk-in ticket, called at the counter, started and completed; the call's number.
    const visit = async (client: Client, tag: string): Promise<string> => {
      const ticket = await client.send('walk-in', 'POST', `/api/v1/offices/${office.officeId}/tickets`, { body: { serviceId: office.serviceId } });
      expect(ticket.status, tag).toBe(201);
      const called = await client.send('call-next', 'POST', `/api/v1/counters/${counterId}/call-next`, { headers: { authorization: agent } });
      expect(called.status, tag).toBe(200);
      for (const step of ['start', 'complete']) {
        expect((await client.send(step, 'POST', `/api/v1/tickets/${(called.body as { id: string }).id}/${step}`, { headers: { authorization: agent } })).status, tag).toBe(200);
      }
      return (called.body as { number: string }).number;
    };

    // Before: a call on A shows on both instances' displays; the limit is shared (LIMIT a minute, both instances together).
    const before = await visit(a, 'before');
    await waitUntil('the call on both displays', () => onA.some((c) => c.number === before) && onB.some((c) => c.number === before), 5_000);
    const sharedBefore = await burst([a, b], '10.15.0.1', LIMIT + 10);
    expect(sharedBefore.filter((s) => s === 429).length).toBe(10);

    // ---- Redis killed.
    await redis.kill();
    const killedAt = Date.now();
    await waitUntil('health to say Redis is degraded on both', async () => {
      const probes = await Promise.all([a, b].map((c) => c.send('health', 'GET', '/api/health')));
      return probes.every((p) => p.status === 200 && (p.body as { details?: { redis?: { status?: string } } }).details?.redis?.status === 'degraded');
    }, 5_000);

    const sent = a.exchanges.length + b.exchanges.length;
    const booking = await b.send('booking', 'POST', '/api/v1/bookings', { body: { serviceId: office.serviceId, slotStart: slotStart(0), applicant: applicant(1) }, headers: { 'Idempotency-Key': 'redis-down-1' } });
    expect(booking.status).toBe(201);
    // A booking of today's 09:15, checked in by its code at the kiosk.
    const db = new DataSource(dataSourceOptions(database.url, 1));
    await db.initialize();
    const code = generateBookingCode();
    await reportFixtures(db).booking(office.officeId, office.serviceId, '2026-12-01', '09:15', { code });
    await db.destroy();
    const checkIn = await a.send('check-in', 'POST', `/api/v1/offices/${office.officeId}/check-ins`, { body: { code } });
    expect(checkIn.status).toBe(201);
    const during = await visit(a, 'during');
    await waitUntil("the call on the calling instance's display", () => onA.some((c) => c.number === during), 5_000);
    // Fan-out across instances is what degrades: B's display does not get A's call meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const crossDuring = onB.some((c) => c.number === during);
    // Rate limits are counted per instance while Redis is away (documented): one instance alone
    // refuses what is over the limit; spread over both, each sees only its half.
    const limitedDuring = await burst([a], '10.15.0.2', LIMIT + 10);
    const spreadDuring = await burst([a, b], '10.15.0.4', LIMIT + 10);
    const duringExchanges = [...a.exchanges, ...b.exchanges].slice(sent);
    const slowestDuringMs = Math.max(...duringExchanges.map((e) => e.ms));

    // ---- Redis back (fresh and empty).
    await redis.start();
    const startedAt = Date.now();
    await waitUntil('health to say Redis is up on both', async () => {
      const probes = await Promise.all([a, b].map((c) => c.send('health', 'GET', '/api/health')));
      return probes.every((p) => p.status === 200 && (p.body as { details?: { redis?: { status?: string } } }).details?.redis?.status === 'up');
    }, 10_000);
    const healthyMs = Date.now() - startedAt;
    // Fan-out back: keep calling on A until B's display shows the call (the subscriber resubscribes on reconnect).
    let after = '';
    await waitUntil('a call on A to reach the display on B', async () => {
      after = await visit(a, 'after');
      await new Promise((resolve) => setTimeout(resolve, 300));
      return onB.some((c) => c.number === after);
    }, 10_000);
    const fanOutMs = Date.now() - startedAt;
    const sharedAfter = await burst([a, b], '10.15.0.3', LIMIT + 10);

    const output = apis.map((api) => api.output()).join('\n');
    const figures = {
      requests: a.exchanges.length + b.exchanges.length,
      requestsWhileDown: duringExchanges.length,
      non2xxWhileDown: duringExchanges.filter((e) => e.status >= 300 && e.what !== 'offices').map((e) => `${e.what} ${e.status}`),
      slowestWhileDownMs: slowestDuringMs,
      redisDownMs: startedAt - killedAt,
      crossInstanceCallWhileDown: crossDuring,
      refused429WhileDownOneInstance: limitedDuring.filter((s) => s === 429).length,
      refused429WhileDownSpread: spreadDuring.filter((s) => s === 429).length,
      healthUpMsAfterRedisBack: healthyMs,
      fanOutMsAfterRedisBack: fanOutMs,
      refused429Before: sharedBefore.filter((s) => s === 429).length,
      refused429After: sharedAfter.filter((s) => s === 429).length,
      redisWarnings: output.split('\n').filter((l) => l.includes('Redis is unavailable')).length,
      errorLogLines: errorLines(output).length,
    };
    console.log(`[faults] Redis down: ${JSON.stringify(figures)}`);

    expect(figures.non2xxWhileDown).toEqual([]);
    expect(slowestDuringMs).toBeLessThan(3_000);
    expect(figures.refused429WhileDownOneInstance).toBe(10);
    expect(figures.refused429WhileDownSpread).toBe(0);
    expect(fanOutMs).toBeLessThan(10_000);
    expect(sharedAfter.filter((s) => s === 429).length).toBe(10);
    expect(errorLines(output)).toEqual([]);
    // Each instance warns once per client (throttler, socket.io publisher/subscriber), not per request.
    expect(figures.redisWarnings).toBeLessThanOrEqual(4);
  }, 60_000);
});
