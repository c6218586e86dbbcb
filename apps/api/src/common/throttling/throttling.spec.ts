import { randomBytes, randomInt } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { createThrottlerRedis, RedisThrottlerStorage, THROTTLE_KEY_PREFIX } from './redis-throttler.storage.js';
import { ThrottlerStorageHolder } from './throttling.module.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CLOSED_PORT_URL = 'redis://127.0.0.1:6390';

/** A client address of its own per test (TRUST_PROXY), so parallel test files never share a counter. */
const randomAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const offices = (t: TestApp, address: string) => t.http.get('/api/v1/offices').set('X-Forwarded-For', address);

describe('RedisThrottlerStorage (real Redis)', () => {
  const prefix = `test:throttle:${randomBytes(6).toString('hex')}:`;
  let redis: Redis;
  let storage: RedisThrottlerStorage;
  beforeAll(async () => {
    redis = createThrottlerRedis(REDIS_URL);
    storage = new RedisThrottlerStorage(redis, prefix);
    await storage.connect();
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await storage.close();
  });

  it('counts hits in a window that expires ttl after the first hit', async () => {
    const first = await storage.increment('window', 60_000, 5, 0, 'default');
    const second = await storage.increment('window', 60_000, 5, 0, 'default');
    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect(second.totalHits).toBe(2);
    expect(second.timeToExpire).toBeGreaterThan(58);
    expect(second.timeToExpire).toBeLessThanOrEqual(60);
    const [key] = await redis.keys(`${prefix}default:{window}:hits`);
    expect(await redis.pttl(key!)).toBeGreaterThan(58_000);
  });

  it('starts a fresh window once the ttl has passed', async () => {
    await storage.increment('short', 200, 1, 0, 'default');
    expect((await storage.increment('short', 200, 1, 0, 'default')).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await storage.increment('short', 200, 1, 0, 'default')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps throttlers and keys apart', async () => {
    await storage.increment('apart', 60_000, 5, 0, 'default');
    expect((await storage.increment('apart', 60_000, 5, 0, 'burst')).totalHits).toBe(1);
    expect((await storage.increment('apart-2', 60_000, 5, 0, 'default')).totalHits).toBe(1);
  });

  it('without a block duration, refuses hits over the limit until the window ends', async () => {
    for (let i = 0; i < 2; i++) await storage.increment('no-block', 30_000, 2, 0, 'default');
    const over = await storage.increment('no-block', 30_000, 2, 0, 'default');
    expect(over).toMatchObject({ totalHits: 3, isBlocked: true });
    expect(over.timeToBlockExpire).toBe(over.timeToExpire);
    expect(over.timeToBlockExpire).toBeGreaterThan(0);
  });

  it('blocks for the block duration once over the limit, without counting blocked hits', async () => {
    for (let i = 0; i < 3; i++) expect((await storage.increment('block', 60_000, 3, 10_000, 'default')).isBlocked).toBe(false);
    const over = await storage.increment('block', 60_000, 3, 10_000, 'default');
    expect(over).toEqual({ totalHits: 4, timeToExpire: 10, isBlocked: true, timeToBlockExpire: 10 });
    const still = await storage.increment('block', 60_000, 3, 10_000, 'default');
    expect(still).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(still.timeToBlockExpire).toBeGreaterThan(8);
    expect(still.timeToBlockExpire).toBeLessThanOrEqual(10);
  });

  it('lets the client in again with a fresh window when the block ends', async () => {
    for (let i = 0; i < 2; i++) await storage.increment('unblock', 60_000, 1, 200, 'default');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await storage.increment('unblock', 60_000, 1, 200, 'default')).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('counts concurrent hits exactly (one atomic script per hit)', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => storage.increment('burst', 60_000, 10, 0, 'default')));
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results.filter((r) => r.isBlocked)).toHaveLength(40);
  });

  it('uses the turnero:throttle: prefix by default', () => {
    expect(THROTTLE_KEY_PREFIX).toBe('turnero:throttle:');
  });
});

describe('RedisThrottlerStorage when Redis is unreachable', () => {
  afterEach(() => vi.restoreAllMocks());

  it("counts hits in this instance's memory, quickly, and warns once per outage", async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const storage = new RedisThrottlerStorage(createThrottlerRedis(CLOSED_PORT_URL));
    await storage.connect();
    const started = Date.now();
    expect(await storage.increment('down', 60_000, 1, 60_000, 'default')).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    for (let i = 0; i < 4; i++) {
      expect(await storage.increment('down', 60_000, 1, 60_000, 'default')).toMatchObject({ isBlocked: true });
    }
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/Redis is unavailable/);
    await storage.close();
  });
});

describe('rate limits across API instances (real app, real Redis)', () => {
  const env = { RATE_LIMIT_PER_MINUTE: '5', REDIS_URL, TRUST_PROXY: 'true' };
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    [first, second] = await Promise.all([startTestApp(env), startTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('refuses the 6th request in a minute from one address with 429 RATE_LIMITED and Retry-After', async () => {
    const address = randomAddress();
    for (let i = 0; i < 5; i++) await offices(first, address).expect(200);
    const refused = await offices(first, address).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED' });
    expect(typeof refused.body.message).toBe('string');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address still gets through.
    await offices(first, randomAddress()).expect(200);
  });

  it('shares the count between two instances on the same Redis', async () => {
    const address = randomAddress();
    for (let i = 0; i < 3; i++) await offices(first, address).expect(200);
    for (let i = 0; i < 2; i++) await offices(second, address).expect(200);
    const refused = await offices(second, address).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await offices(first, address).expect(429);
  });
});

describe('rate limiting switched off or without Redis', () => {
  it('lets every request through with RATE_LIMIT_PER_MINUTE=0, and closes Redis on shutdown', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', REDIS_URL, TRUST_PROXY: 'true' });
    const { storage } = t.app.get(ThrottlerStorageHolder, { strict: false });
    const close = vi.spyOn(storage!, 'close');
    try {
      const address = randomAddress();
      for (let i = 0; i < 20; i++) await offices(t, address).expect(200);
    } finally {
      await t.close();
    }
    expect(close).toHaveBeenCalledTimes(1);
    expect(storage!.status).toBe('end');
  });

  it('keeps serving when Redis is unreachable, limiting per instance, logging a warning without the address', async () => {
    const lines: string[] = [];
    const t = await startTestApp(
      { RATE_LIMIT_PER_MINUTE: '5', REDIS_URL: CLOSED_PORT_URL, TRUST_PROXY: 'true' },
      { write: (line: string) => void lines.push(line) },
    );
    try {
      const address = randomAddress();
      for (let i = 0; i < 5; i++) await offices(t, address).expect(200);
      await offices(t, address).expect(429);
      const warnings = lines.filter((line) => line.includes('Redis is unavailable'));
      expect(warnings.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(address);
    } finally {
      await t.close();
    }
  });
});
