import { ConfigService } from '@nestjs/config';
import { describe, expect, it } from 'vitest';
import { validateEnvironment } from '../config/environment.js';
import { SendRate } from './send-rate.js';

function rate(perSecond: string | undefined): SendRate {
  const env = perSecond === undefined ? {} : { NOTIFY_RATE_PER_SECOND: perSecond };
  return new SendRate(new ConfigService(validateEnvironment(env)) as never);
}

/** Starts `count` pieces of work at once (as the workers do) and returns when each one started, from the first call. */
async function starts(sendRate: SendRate, count: number): Promise<number[]> {
  const t0 = performance.now();
  return Promise.all(Array.from({ length: count }, () => sendRate.run(async () => performance.now() - t0)));
}

describe('SendRate (NOTIFY_RATE_PER_SECOND)', () => {
  it('is 200 messages a second unless set', () => {
    expect(rate(undefined).perSecond).toBe(200);
  });

  it('starts no more than the rate allows: 20 messages at 50/s take at least ~0.36 s, spread out, each run once', async () => {
    const at = await starts(rate('50'), 20);
    expect(at).toHaveLength(20);
    // 50/s: one message per 20 ms window; the 20th starts 19 windows after the first.
    expect(Math.max(...at)).toBeGreaterThanOrEqual(19 * 20 * 0.95);
    // Never more than one in a window: any 3 consecutive starts span at least ~1.5 windows.
    const sorted = [...at].sort((a, b) => a - b);
    for (let i = 2; i < sorted.length; i++) expect(sorted[i] - sorted[i - 2]).toBeGreaterThanOrEqual(25);
  });

  it('passes the work through: its result and its failure reach the caller', async () => {
    const sendRate = rate('1000');
    await expect(sendRate.run(async () => 'sent')).resolves.toBe('sent');
    await expect(sendRate.run(async () => Promise.reject(new Error('ESOCKET')))).rejects.toThrow('ESOCKET');
  });

  it('with 0, does not wait', async () => {
    const at = await starts(rate('0'), 200);
    expect(Math.max(...at)).toBeLessThan(200);
  });
});
