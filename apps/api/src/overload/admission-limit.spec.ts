import { describe, expect, it } from 'vitest';
import { AdmissionLimit, MIN_IN_FLIGHT_FOR_LAG, MIN_LIMIT } from './admission-limit.js';

const options = { maxInFlight: 32, maxUtilization: 0.8, maxDelay: 100 };

/** `n` samples of the loop at `utilization` with `inFlight` requests in flight (and admitted) throughout. */
function samples(limit: AdmissionLimit, n: number, utilization: number, inFlight: number, delay = 0): number[] {
  const limits: number[] = [];
  for (let i = 0; i < n; i++) {
    limit.admitted(Math.min(inFlight, limit.limit));
    limit.sample(utilization, delay, Math.min(inFlight, limit.limit));
    limits.push(limit.limit);
  }
  return limits;
}

describe('AdmissionLimit', () => {
  it('starts at LOAD_SHED_MAX_IN_FLIGHT and stays there while the loop keeps up, however many are in flight', () => {
    const limit = new AdmissionLimit(options);
    expect(samples(limit, 5, 0.5, 32)).toEqual([32, 32, 32, 32, 32]);
    expect(limit.reason).toBe('inFlight');
  });

  it('is not cut by a busy loop with few requests in flight (start-up, a GC pause, a long report)', () => {
    const limit = new AdmissionLimit(options);
    expect(samples(limit, 5, 1, MIN_IN_FLIGHT_FOR_LAG - 1, 500)).toEqual([32, 32, 32, 32, 32]);
  });

  it('is cut by a quarter of what was in flight each sample from the third one on while the loop is busy and requests pile up, down to MIN_LIMIT', () => {
    const limit = new AdmissionLimit(options);
    expect(samples(limit, 12, 0.95, 1000)).toEqual([32, 32, 24, 18, 13, 9, 6, 4, 3, MIN_LIMIT, MIN_LIMIT, MIN_LIMIT]);
    expect(limit.reason).toBe('eventLoopUtilization');
  });

  it('is cut from what was really in flight, not from a ceiling never reached', () => {
    const limit = new AdmissionLimit(options);
    expect(samples(limit, 3, 0.95, 20)).toEqual([32, 32, 15]);
  });

  it('is not cut by one or two overloaded samples between good ones (a pause, then what arrived meanwhile read at once)', () => {
    const limit = new AdmissionLimit(options);
    for (let i = 0; i < 5; i++) {
      samples(limit, 2, 1, 100, 300);
      samples(limit, 1, 0.5, 10);
    }
    expect(limit.limit).toBe(32);
  });

  it('counts a late loop as overloaded too (mean delay above LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS)', () => {
    const limit = new AdmissionLimit(options);
    expect(samples(limit, 3, 0.5, 32, 150)).toEqual([32, 32, 24]);
    expect(limit.reason).toBe('eventLoopDelay');
  });

  it('grows back by a quarter (at least one) each sample once the loop keeps up, to the ceiling, and sheds for the ceiling again', () => {
    const limit = new AdmissionLimit(options);
    samples(limit, 12, 0.95, 1000);
    expect(samples(limit, 12, 0.5, 1000)).toEqual([3, 4, 5, 7, 9, 12, 15, 19, 24, 30, 32, 32]);
    expect(limit.reason).toBe('inFlight');
  });

  it('never rises above LOAD_SHED_MAX_IN_FLIGHT, even when it is below MIN_LIMIT', () => {
    const limit = new AdmissionLimit({ ...options, maxInFlight: 1 });
    expect(samples(limit, 3, 1, 1, 500)).toEqual([1, 1, 1]);
  });

  it('without LOAD_SHED_MAX_IN_FLIGHT has no limit until the loop is overloaded, and none again once it has grown back', () => {
    const limit = new AdmissionLimit({ ...options, maxInFlight: 0 });
    expect(limit.limit).toBe(Infinity);
    expect(samples(limit, 3, 0.95, 200)).toEqual([Infinity, Infinity, 150]);
    const grown = samples(limit, 40, 0.1, 0);
    expect(grown.at(-1)).toBe(Infinity);
    expect(grown.filter(Number.isFinite).every((n) => n <= 1024 + 256)).toBe(true);
  });

  it('does nothing with the loop when neither utilisation nor delay is checked', () => {
    const limit = new AdmissionLimit({ maxInFlight: 8, maxUtilization: 0, maxDelay: 0 });
    expect(limit.samplesLoop).toBe(false);
    expect(samples(limit, 3, 1, 8, 1000)).toEqual([8, 8, 8]);
  });
});
