import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateWaitMinutes, typicalServiceMinutes } from './wait-estimate.js';

const base = { position: 0, openCountersServing: 1, recentServiceMinutes: [] as number[], defaultServiceMinutes: 15 };

describe('estimateWaitMinutes', () => {
  it('has no estimate when no open counter serves the service', () => {
    expect(estimateWaitMinutes({ ...base, openCountersServing: 0 })).toBeNull();
    expect(estimateWaitMinutes({ ...base, openCountersServing: Number.NaN })).toBeNull();
  });

  it('counts half a service for the person being served, then whole services shared among counters', () => {
    expect(estimateWaitMinutes(base)).toBe(8); // 7.5 rounds up
    expect(estimateWaitMinutes({ ...base, position: 3 })).toBe(53);
    expect(estimateWaitMinutes({ ...base, position: 3, openCountersServing: 2 })).toBe(26);
  });

  it('uses the default until there are at least three recent durations', () => {
    expect(estimateWaitMinutes({ ...base, position: 1, recentServiceMinutes: [2, 2] })).toBe(23);
    expect(estimateWaitMinutes({ ...base, position: 1, recentServiceMinutes: [2, 2, 2] })).toBe(3);
  });

  it('throws on an impossible position or default: caller bugs', () => {
    expect(() => estimateWaitMinutes({ ...base, position: -1 })).toThrow(RangeError);
    expect(() => estimateWaitMinutes({ ...base, position: 1.5 })).toThrow(RangeError);
    expect(() => estimateWaitMinutes({ ...base, defaultServiceMinutes: 0 })).toThrow(RangeError);
  });

  it('property: never negative, and never shorter for someone further back', () => {
    fc.assert(
      fc.property(
        fc.nat(200),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.double({ min: 0.5, max: 120, noNaN: true }), { maxLength: 30 }),
        (position, counters, recent) => {
          const input = { position, openCountersServing: counters, recentServiceMinutes: recent, defaultServiceMinutes: 12 };
          const here = estimateWaitMinutes(input)!;
          expect(here).toBeGreaterThanOrEqual(0);
          expect(estimateWaitMinutes({ ...input, position: position + 1 })!).toBeGreaterThanOrEqual(here);
        },
      ),
    );
  });
});

describe('typicalServiceMinutes', () => {
  it('ignores a 90-minute complicated case and a 1-minute no-show among steady 10-minute services', () => {
    expect(typicalServiceMinutes([10, 10, 90, 10, 1, 10, 10, 10, 10, 10], 15)).toBe(10);
  });

  it('looks only at the last 20 durations and skips impossible values', () => {
    const old = Array(30).fill(60);
    expect(typicalServiceMinutes([...old, ...Array(20).fill(5)], 15)).toBe(5);
    expect(typicalServiceMinutes([Number.NaN, -4, 0, Infinity, 6, 6, 6], 15)).toBe(6);
  });
});
