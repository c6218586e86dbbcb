import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { withRetry } from './transaction-retry.js';

const pgError = (code: string, constraint?: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error(code), { code, constraint }));

describe('withRetry', () => {
  it('runs a transaction again after a serialization failure or a deadlock', async () => {
    const failures = [pgError('40001'), pgError('40P01')];
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      const failure = failures.shift();
      if (failure) throw failure;
      return 'booked';
    });
    expect([result, calls]).toEqual(['booked', 3]);
  });

  it('gives up after the bounded number of attempts', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw pgError('40001');
      }, 3),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(calls).toBe(3);
  });

  it('does not retry a business error such as a duplicate booking', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw pgError('23505', 'uq_bookings_active_document');
      }),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(calls).toBe(1);
  });
});
