import { describe, expect, it } from 'vitest';
import { afterCall, assertQueuePolicy, callStreak, queuePolicyProblems } from './queue-policy.js';
import type { QueuePolicy } from './queue-types.js';

const calls = (pattern: string) => [...pattern].map((c) => ({ preferential: c === 'P' }));

describe('queuePolicyProblems', () => {
  it('accepts sensible policies', () => {
    expect(queuePolicyProblems({ kind: 'strict_priority' })).toEqual([]);
    expect(queuePolicyProblems({ kind: 'interleave', every: 3 })).toEqual([]);
    expect(queuePolicyProblems({ kind: 'aging', maxPreferentialInARow: 0, maxWaitMinutes: 0 })).toEqual([]);
  });

  it('names every broken setting', () => {
    expect(queuePolicyProblems({ kind: 'interleave', every: 0 })).toHaveLength(1);
    expect(queuePolicyProblems({ kind: 'aging', maxPreferentialInARow: 1.5, maxWaitMinutes: -1 })).toHaveLength(2);
    expect(queuePolicyProblems({ kind: 'lottery' } as unknown as QueuePolicy)).toEqual(['unknown queue policy "lottery"']);
  });

  it('assertQueuePolicy throws with the problems', () => {
    expect(() => assertQueuePolicy({ kind: 'interleave', every: 0 })).toThrow(/interleave.every/);
  });
});

describe('callStreak', () => {
  it('counts the trailing preferential run and the general calls since the last preferential one', () => {
    expect(callStreak([])).toEqual({ preferentialRun: 0, regularSinceLastPreferential: Infinity });
    expect(callStreak(calls('RRPP'))).toEqual({ preferentialRun: 2, regularSinceLastPreferential: 0 });
    expect(callStreak(calls('PRR'))).toEqual({ preferentialRun: 0, regularSinceLastPreferential: 2 });
  });

  it('afterCall matches recomputing from the longer history', () => {
    for (const pattern of ['', 'P', 'R', 'PRP', 'RRPPR']) {
      for (const next of [true, false]) {
        expect(afterCall(callStreak(calls(pattern)), next)).toEqual(callStreak([...calls(pattern), { preferential: next }]));
      }
    }
  });
});
