import fc from 'fast-check';
import { DateTime, Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextTicket, queueOrder } from './next-ticket.js';
import type { CounterView, QueuePolicy, RecentCall, WaitingTicket } from './queue-types.js';

const NOW = DateTime.fromISO('2026-06-15T11:00:00', { zone: 'America/Santiago' });
const realNow = Settings.now;
beforeAll(() => void (Settings.now = () => NOW.toMillis()));
afterAll(() => void (Settings.now = realNow));

const SERVICES = ['s1', 's2', 's3'];
const MINUTE = 60_000;

const ticketArb = fc
  .record({
    id: fc.stringMatching(/^[a-z0-9]{1,4}$/),
    serviceId: fc.constantFrom(...SERVICES),
    kind: fc.constantFrom('appointment', 'walk_in') as fc.Arbitrary<WaitingTicket['kind']>,
    preferential: fc.boolean(),
    // Whole minutes so equal issue times (ties) are common.
    issuedMinutesAgo: fc.integer({ min: 0, max: 180 }),
    slotOffsetMinutes: fc.integer({ min: -120, max: 90 }),
    graceMinutes: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  })
  .map(({ issuedMinutesAgo, slotOffsetMinutes, graceMinutes, ...rest }): WaitingTicket => ({
    ...rest,
    issuedAt: NOW.minus({ minutes: issuedMinutesAgo }),
    ...(rest.kind === 'appointment' ? { slotStart: NOW.plus({ minutes: slotOffsetMinutes }), graceMinutes } : {}),
  }));
const waitingArb = fc.uniqueArray(ticketArb, { selector: (t) => t.id, maxLength: 25 });
const policyArb: fc.Arbitrary<QueuePolicy> = fc.oneof(
  fc.constant({ kind: 'strict_priority' as const }),
  fc.integer({ min: 1, max: 5 }).map((every) => ({ kind: 'interleave' as const, every })),
  fc.record({ kind: fc.constant('aging' as const), maxPreferentialInARow: fc.integer({ min: 0, max: 4 }), maxWaitMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.double({ min: 0, max: 90, noNaN: true })) }),
);
const historyArb = fc.array(fc.boolean().map((preferential): RecentCall => ({ preferential })), { maxLength: 8 });
const counterArb = fc.subarray(SERVICES).map((serviceIds): CounterView => ({ id: 'c1', serviceIds }));
const scenarioArb = fc.record({ waiting: waitingArb, counter: counterArb, policy: policyArb, history: historyArb });

// An independent reading of the rules, to check the implementation against.
type Standing = 'due' | 'early' | 'walk';
function standing(t: WaitingTicket, now: DateTime): Standing {
  if (t.kind !== 'appointment' || !t.slotStart) return 'walk';
  if (t.issuedAt > t.slotStart.plus({ minutes: t.graceMinutes ?? 15 })) return 'walk';
  return now < t.slotStart ? 'early' : 'due';
}
/** Sort key within one line: due appointments by slot, then everyone by arrival, then id. */
const lineKey = (t: WaitingTicket, now: DateTime): [number, number, number, string] =>
  standing(t, now) === 'due' ? [0, t.slotStart!.toMillis(), t.issuedAt.toMillis(), t.id] : [1, 0, t.issuedAt.toMillis(), t.id];
const before = (a: ReturnType<typeof lineKey>, b: ReturnType<typeof lineKey>) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};
function streakOf(history: readonly RecentCall[]) {
  let run = 0;
  while (run < history.length && history[history.length - 1 - run].preferential) run++;
  const last = history.map((c) => c.preferential).lastIndexOf(true);
  return { run, regularSince: last < 0 ? Infinity : history.length - 1 - last };
}

describe('nextTicket properties', () => {
  it('is deterministic and independent of the order of the waiting list', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray(s.waiting, { minLength: s.waiting.length, maxLength: s.waiting.length }))),
        ([{ waiting, counter, policy, history }, shuffled]) => {
          const first = nextTicket(waiting, counter, policy, NOW, history);
          expect(nextTicket(waiting, counter, policy, NOW, history)).toEqual(first);
          expect(nextTicket(shuffled, counter, policy, NOW, history)).toEqual(first);
        },
      ),
    );
  });

  it('only returns a waiting ticket of a service the counter serves, and returns one whenever such a ticket waits', () => {
    fc.assert(
      fc.property(scenarioArb, ({ waiting, counter, policy, history }) => {
        const eligible = waiting.filter((t) => counter.serviceIds.includes(t.serviceId));
        const decision = nextTicket(waiting, counter, policy, NOW, history);
        if (eligible.length === 0) expect(decision).toBeNull();
        else expect(eligible).toContain(decision!.ticket);
      }),
    );
  });

  it('respects the preferential rule of each policy, serves due appointments before walk-ins, and otherwise arrival order', () => {
    fc.assert(
      fc.property(scenarioArb, ({ waiting, counter, policy, history }) => {
        const eligible = waiting.filter((t) => counter.serviceIds.includes(t.serviceId));
        const callable = eligible.filter((t) => standing(t, NOW) !== 'early');
        const decision = nextTicket(waiting, counter, policy, NOW, history);
        if (!decision) return;
        const chosen = decision.ticket;
        if (callable.length === 0) {
          expect(decision.reason.code).toBe('early_filler');
          return;
        }
        expect(standing(chosen, NOW)).not.toBe('early');
        const hasPref = callable.some((t) => t.preferential);
        const hasRegular = callable.some((t) => !t.preferential);
        if (hasPref && hasRegular) {
          const { run, regularSince } = streakOf(history);
          const starving = callable.some((t) => !t.preferential && NOW.diff(t.issuedAt).toMillis() >= (policy.kind === 'aging' ? policy.maxWaitMinutes : 0) * MINUTE);
          const expectPreferential =
            policy.kind === 'strict_priority' ||
            (policy.kind === 'interleave' && regularSince >= policy.every - 1) ||
            (policy.kind === 'aging' && !(starving && run >= policy.maxPreferentialInARow));
          expect(chosen.preferential).toBe(expectPreferential);
        }
        // Within its own line, the chosen ticket is first: due appointments by slot, then arrival, then id.
        for (const other of callable.filter((t) => t.preferential === chosen.preferential && t !== chosen)) {
          expect(before(lineKey(other, NOW), lineKey(chosen, NOW))).toBe(false);
        }
      }),
    );
  });

  it('queueOrder lists every waiting ticket once, and its first element is nextTicket’s choice', () => {
    fc.assert(
      fc.property(scenarioArb, ({ waiting, policy, history }) => {
        const order = queueOrder(waiting, policy, NOW, history);
        expect(order.map((d) => d.ticket.id).sort()).toEqual(waiting.map((t) => t.id).sort());
        expect(order[0] ?? null).toEqual(nextTicket(waiting, { id: 'all', serviceIds: SERVICES }, policy, NOW, history));
      }),
    );
  });

  it('under aging, no general ticket that waited the maximum is passed over by more than N preferential calls in a row', () => {
    const START = NOW.set({ hour: 8, minute: 30 });
    const arrivalArb = fc.record({
      preferential: fc.boolean(),
      appointment: fc.boolean(),
      arrivesAt: fc.integer({ min: 0, max: 240 }),
      second: fc.integer({ min: 0, max: 59 }),
      slotAfterArrival: fc.integer({ min: -10, max: 30 }),
    });
    fc.assert(
      fc.property(
        fc.array(arrivalArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 3 }),
        fc.oneof(fc.integer({ min: 0, max: 45 }), fc.double({ min: 0, max: 45, noNaN: true })),
        (arrivals, callMinutes, maxInARow, maxWait) => {
          const policy: QueuePolicy = { kind: 'aging', maxPreferentialInARow: maxInARow, maxWaitMinutes: maxWait };
          const tickets: WaitingTicket[] = arrivals.map((a, i) => ({
            id: `t${String(i).padStart(2, '0')}`,
            serviceId: 's1',
            kind: a.appointment ? 'appointment' : 'walk_in',
            preferential: a.preferential,
            issuedAt: START.plus({ seconds: a.arrivesAt * 60 + a.second }),
            ...(a.appointment ? { slotStart: START.plus({ minutes: a.arrivesAt + a.slotAfterArrival }) } : {}),
          }));
          const called = new Set<string>();
          const passedOver = new Map<string, number>();
          const history: RecentCall[] = [];
          for (const minute of [...callMinutes].sort((a, b) => a - b)) {
            const now = START.plus({ minutes: minute });
            const waiting = tickets.filter((t) => t.issuedAt <= now && !called.has(t.id));
            const decision = nextTicket(waiting, { id: 'c1', serviceIds: ['s1'] }, policy, now, history);
            if (!decision) continue;
            called.add(decision.ticket.id);
            history.push({ preferential: decision.ticket.preferential });
            if (!decision.ticket.preferential) {
              passedOver.clear();
              continue;
            }
            for (const t of waiting) {
              const starving = !t.preferential && t !== decision.ticket && standing(t, now) !== 'early' && now.diff(t.issuedAt).toMillis() >= maxWait * MINUTE;
              if (!starving) continue;
              const count = (passedOver.get(t.id) ?? 0) + 1;
              passedOver.set(t.id, count);
              expect(count).toBeLessThanOrEqual(maxInARow);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
