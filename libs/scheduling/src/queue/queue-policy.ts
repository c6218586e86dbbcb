import type { QueuePolicy, RecentCall } from './queue-types.js';

/** Plain-words problems with a policy (empty when valid), for the configuration screens. */
export function queuePolicyProblems(policy: QueuePolicy): string[] {
  const wholeAtLeast = (value: number, min: number) => Number.isInteger(value) && value >= min;
  switch (policy.kind) {
    case 'strict_priority':
      return [];
    case 'interleave':
      return wholeAtLeast(policy.every, 1) ? [] : ['interleave.every must be a whole number of calls, at least 1'];
    case 'aging':
      return [
        ...(wholeAtLeast(policy.maxPreferentialInARow, 0) ? [] : ['aging.maxPreferentialInARow must be a whole number, at least 0']),
        ...(Number.isFinite(policy.maxWaitMinutes) && policy.maxWaitMinutes >= 0 ? [] : ['aging.maxWaitMinutes must be a number of minutes, at least 0']),
      ];
    default:
      return [`unknown queue policy "${(policy as { kind: string }).kind}"`];
  }
}

/** The queue functions refuse a bad policy loudly: it is a configuration bug, not a rule broken by a person. */
export function assertQueuePolicy(policy: QueuePolicy): void {
  const problems = queuePolicyProblems(policy);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
}

/** What the policies need from the history: the trailing runs of each kind of call. */
export interface CallStreak {
  /** Preferential calls in a row at the end of the history. */
  preferentialRun: number;
  /** Non-preferential calls since the last preferential one; Infinity when there was none (preferential is owed a turn). */
  regularSinceLastPreferential: number;
}

export function callStreak(history: readonly RecentCall[]): CallStreak {
  let preferentialRun = 0;
  while (preferentialRun < history.length && history[history.length - 1 - preferentialRun].preferential) preferentialRun++;
  const lastPreferential = history.findLastIndex((call) => call.preferential);
  return { preferentialRun, regularSinceLastPreferential: lastPreferential < 0 ? Infinity : history.length - 1 - lastPreferential };
}

export function afterCall(streak: CallStreak, preferential: boolean): CallStreak {
  return preferential
    ? { preferentialRun: streak.preferentialRun + 1, regularSinceLastPreferential: 0 }
    : { preferentialRun: 0, regularSinceLastPreferential: streak.regularSinceLastPreferential + 1 };
}
