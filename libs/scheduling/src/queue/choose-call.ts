import { standingReason, preferentialReason } from './call-reason.js';
import type { CallStreak } from './queue-policy.js';
import type { Candidate } from './queue-lanes.js';
import type { CallReason, QueuePolicy, WaitingTicket } from './queue-types.js';

export interface LaneHeads<T extends WaitingTicket> {
  preferential?: Candidate<T>;
  regular?: Candidate<T>;
  early?: Candidate<T>;
  /** Earliest issue time among the waiting non-preferential (non-early) tickets, for the aging guard. */
  oldestRegularIssuedMs?: number;
}

export interface Choice<T extends WaitingTicket> {
  candidate: Candidate<T>;
  reason: CallReason;
}

const MINUTE_MS = 60_000;

/** The one decision every queue function shares: which line's head is called, and why. */
export function chooseCall<T extends WaitingTicket>(heads: LaneHeads<T>, policy: QueuePolicy, nowMs: number, streak: CallStreak): Choice<T> | null {
  const { preferential, regular, early } = heads;
  if (!preferential && !regular) return early ? { candidate: early, reason: standingReason(early) } : null;
  // With one line empty there is nothing to weigh: the line's own order decides.
  if (!regular) return { candidate: preferential!, reason: standingReason(preferential!) };
  if (!preferential) return { candidate: regular, reason: standingReason(regular) };

  switch (policy.kind) {
    case 'strict_priority':
      return { candidate: preferential, reason: preferentialReason('') };
    case 'interleave': {
      // A history without any preferential call owes preferential its turn (Infinity ≥ anything).
      if (streak.regularSinceLastPreferential >= policy.every - 1) {
        return { candidate: preferential, reason: preferentialReason(`: one call in every ${policy.every} is theirs`) };
      }
      const left = policy.every - 1 - streak.regularSinceLastPreferential;
      return {
        candidate: regular,
        reason: { code: 'interleave_turn', explanation: `Not a preferential turn: preferential attention gets one call in every ${policy.every}, the next in ${left} call(s).` },
      };
    }
    case 'aging': {
      const waitedMs = nowMs - heads.oldestRegularIssuedMs!;
      if (waitedMs >= policy.maxWaitMinutes * MINUTE_MS && streak.preferentialRun >= policy.maxPreferentialInARow) {
        const waitedMinutes = Math.floor(waitedMs / MINUTE_MS);
        return {
          candidate: regular,
          reason: {
            code: 'starvation_guard',
            explanation: `A non-preferential ticket has waited ${waitedMinutes} min and ${streak.preferentialRun} preferential call(s) came in a row: the general line gets this call.`,
          },
        };
      }
      return { candidate: preferential, reason: preferentialReason('') };
    }
  }
}
