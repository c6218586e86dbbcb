import type { DateTime } from 'luxon';
import { chooseCall } from './choose-call.js';
import { afterCall, assertQueuePolicy, callStreak } from './queue-policy.js';
import { buildLanes } from './queue-lanes.js';
import type { CallDecision, CounterView, QueuePolicy, RecentCall, WaitingTicket } from './queue-types.js';

/**
 * The first `limit` calls that would be made at `now`, in order. The clock does not advance
 * during the simulation: it answers "if calls were made back to back right now".
 */
function simulateCalls<T extends WaitingTicket>(
  waiting: readonly T[],
  policy: QueuePolicy,
  now: DateTime,
  history: readonly RecentCall[],
  limit: number,
): CallDecision<T>[] {
  assertQueuePolicy(policy);
  const nowMs = now.toMillis();
  const lanes = buildLanes(waiting, now);
  // The aging guard looks at the longest-waiting regular ticket, who is not always the line's head
  // (a due appointment goes first): keep the oldest issue time of every remaining suffix.
  const oldestFrom = new Array<number>(lanes.regular.length + 1).fill(Infinity);
  for (let i = lanes.regular.length - 1; i >= 0; i--) oldestFrom[i] = Math.min(oldestFrom[i + 1], lanes.regular[i].issuedMs);

  const calls: CallDecision<T>[] = [];
  let streak = callStreak(history);
  let p = 0;
  let r = 0;
  let e = 0;
  while (calls.length < limit) {
    const choice = chooseCall(
      { preferential: lanes.preferential[p], regular: lanes.regular[r], early: lanes.early[e], oldestRegularIssuedMs: oldestFrom[r] },
      policy,
      nowMs,
      streak,
    );
    if (!choice) break;
    const { candidate } = choice;
    if (candidate === lanes.preferential[p]) p++;
    else if (candidate === lanes.regular[r]) r++;
    else e++;
    calls.push({ ticket: candidate.ticket, reason: choice.reason });
    streak = afterCall(streak, candidate.ticket.preferential);
  }
  return calls;
}

/**
 * The ticket `counter` should call now, or null when none of its services has anyone waiting.
 * `history` is the calls already made from the same pool, oldest first (see `RecentCall`).
 * Same input, same answer, whatever the order of `waiting`.
 */
export function nextTicket<T extends WaitingTicket>(
  waiting: readonly T[],
  counter: CounterView,
  policy: QueuePolicy,
  now: DateTime,
  history: readonly RecentCall[] = [],
): CallDecision<T> | null {
  const served = new Set(counter.serviceIds);
  return simulateCalls(waiting.filter((ticket) => served.has(ticket.serviceId)), policy, now, history, 1)[0] ?? null;
}

/**
 * Every waiting ticket in the order it would be called if calls came back to back at `now`, each
 * with the reason it stands there (the staff screen's "why is this ticket here"). Early
 * appointments come last: they become due as the clock moves, which this snapshot does not model.
 */
export function queueOrder<T extends WaitingTicket>(
  waiting: readonly T[],
  policy: QueuePolicy,
  now: DateTime,
  history: readonly RecentCall[] = [],
): CallDecision<T>[] {
  return simulateCalls(waiting, policy, now, history, Infinity);
}
