import { describe, expect, it } from 'vitest';
import type { Problem } from './api-call.js';
import { DEFAULT_WAIT_SECONDS, IDLE, isOverload, MAX_WAIT_SECONDS, overloadReducer, type OverloadState, retryDelayMs, secondsLeft } from './overload-retry.js';

const problem = (status: number, code: string, retryAfterSeconds?: number): Problem => ({
  status,
  code,
  message: '',
  fieldErrors: {},
  ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
});

describe('isOverload: which answers mean "mucha demanda, the same request later"', () => {
  it('takes load shedding, a 503 that says when to come back, and rate limiting', () => {
    expect(isOverload(problem(503, 'OVERLOADED', 2))).toBe(true);
    expect(isOverload(problem(503, 'OVERLOADED'))).toBe(true);
    expect(isOverload(problem(503, 'DATABASE_UNAVAILABLE', 5))).toBe(true);
    expect(isOverload(problem(503, 'SERVICE_UNAVAILABLE', 1))).toBe(true);
    expect(isOverload(problem(503, 'HTTP_503', 1))).toBe(true);
    expect(isOverload(problem(429, 'RATE_LIMITED', 30))).toBe(true);
    expect(isOverload(problem(429, 'HTTP_429'))).toBe(true);
  });

  it('leaves alone what waiting does not fix', () => {
    expect(isOverload(problem(503, 'SERVICE_UNAVAILABLE'))).toBe(false);
    expect(isOverload(problem(429, 'LOOKUP_LOCKED', 600))).toBe(false);
    expect(isOverload(problem(500, 'INTERNAL_ERROR'))).toBe(false);
    expect(isOverload(problem(409, 'SLOT_FULL'))).toBe(false);
    expect(isOverload(problem(409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS', 1))).toBe(false);
    expect(isOverload(problem(400, 'VALIDATION_FAILED'))).toBe(false);
    expect(isOverload(problem(0, 'NETWORK_ERROR'))).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('waits what Retry-After says the first time, plus up to half of it at random', () => {
    expect(retryDelayMs(1, 2, 0)).toBe(2000);
    expect(retryDelayMs(1, 2, 0.5)).toBe(2500);
    expect(retryDelayMs(1, 2, 0.999999)).toBe(3000);
  });

  it('waits a few seconds when the answer did not say', () => {
    expect(retryDelayMs(1, undefined, 0)).toBe(DEFAULT_WAIT_SECONDS * 1000);
  });

  it('doubles on each further shed, up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 1, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(10, 1, 0)).toBe(MAX_WAIT_SECONDS * 1000);
    expect(retryDelayMs(40, undefined, 0)).toBe(MAX_WAIT_SECONDS * 1000);
    expect(retryDelayMs(10, 1, 0.999999)).toBeLessThanOrEqual(MAX_WAIT_SECONDS * 1500);
  });

  it('never comes back before a Retry-After longer than the cap', () => {
    expect(retryDelayMs(1, 120, 0)).toBe(120_000);
    expect(retryDelayMs(5, 120, 0)).toBe(120_000);
  });

  it('keeps the random share within [0, 1]', () => {
    expect(retryDelayMs(1, 2, -3)).toBe(2000);
    expect(retryDelayMs(1, 2, 7)).toBe(3000);
  });

  it('spreads a crowd: different draws give different waits within the bounds', () => {
    const waits = [0, 0.25, 0.5, 0.75].map((random) => retryDelayMs(2, 1, random));
    expect(new Set(waits).size).toBe(4);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(2000);
      expect(wait).toBeLessThan(3000);
    }
  });
});

describe('secondsLeft (the countdown)', () => {
  it('rounds up and stops at zero', () => {
    expect(secondsLeft(10_000, 8_001)).toBe(2);
    expect(secondsLeft(10_000, 8_000)).toBe(2);
    expect(secondsLeft(10_000, 9_999)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe('overloadReducer', () => {
  const shed = (state: OverloadState, retryAfter?: number, now = 1_000) =>
    overloadReducer(state, { type: 'shed', problem: problem(503, 'OVERLOADED', retryAfter), now, random: 0 });

  it('a shed request waits, then is sent again, and an answer ends it', () => {
    const waiting = shed(IDLE, 2);
    expect(waiting).toMatchObject({ phase: 'waiting', attempt: 1, until: 3_000, waitMs: 2_000 });
    const retrying = overloadReducer(waiting, { type: 'retry' });
    expect(retrying).toMatchObject({ phase: 'retrying', attempt: 1 });
    expect(overloadReducer(retrying, { type: 'reset' })).toEqual(IDLE);
  });

  it('counts sheds in a row, so the wait grows', () => {
    let state = shed(IDLE, 1);
    state = overloadReducer(state, { type: 'retry' });
    state = shed(state, 1, 5_000);
    expect(state).toMatchObject({ phase: 'waiting', attempt: 2, until: 7_000, waitMs: 2_000 });
    state = overloadReducer(state, { type: 'retry' });
    state = shed(state, 1, 10_000);
    expect(state).toMatchObject({ phase: 'waiting', attempt: 3, waitMs: 4_000 });
  });

  it('a stop holds the request until "Reintentar ahora"', () => {
    const stopped = overloadReducer(shed(IDLE, 2), { type: 'stop' });
    expect(stopped).toMatchObject({ phase: 'stopped', attempt: 1 });
    expect(overloadReducer(stopped, { type: 'retry' })).toMatchObject({ phase: 'retrying', attempt: 1 });
  });

  it('ignores what does not apply to the phase', () => {
    expect(overloadReducer(IDLE, { type: 'retry' })).toEqual(IDLE);
    expect(overloadReducer(IDLE, { type: 'stop' })).toEqual(IDLE);
    const retrying = overloadReducer(shed(IDLE, 1), { type: 'retry' });
    // Once on its way, the request is not stopped: its answer (a booking, perhaps) is what counts.
    expect(overloadReducer(retrying, { type: 'stop' })).toBe(retrying);
  });

  it('a new request starts counting again', () => {
    const again = shed(overloadReducer(shed(shed(IDLE, 1), 1), { type: 'reset' }), 1);
    expect(again).toMatchObject({ attempt: 1, waitMs: 1_000 });
  });
});
