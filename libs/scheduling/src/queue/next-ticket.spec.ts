import { DateTime, Settings } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextTicket, queueOrder } from './next-ticket.js';
import type { CounterView, QueuePolicy, RecentCall, WaitingTicket } from './queue-types.js';

const ZONE = 'America/Santiago';
const NOW = DateTime.fromISO('2026-06-15T10:00:00', { zone: ZONE });
const realNow = Settings.now;
// Nothing here may read the clock; pinning it makes any accidental read reproducible.
beforeAll(() => void (Settings.now = () => NOW.toMillis()));
afterAll(() => void (Settings.now = realNow));

const at = (hhmm: string) => DateTime.fromISO(`2026-06-15T${hhmm}:00`, { zone: ZONE });
const walkIn = (id: string, arrived: string, extra: Partial<WaitingTicket> = {}): WaitingTicket => ({
  id,
  serviceId: 's1',
  kind: 'walk_in',
  preferential: false,
  issuedAt: at(arrived),
  ...extra,
});
const appointment = (id: string, arrived: string, slot: string, extra: Partial<WaitingTicket> = {}): WaitingTicket =>
  walkIn(id, arrived, { kind: 'appointment', slotStart: at(slot), ...extra });
const counter: CounterView = { id: 'c1', serviceIds: ['s1'] };
const strict: QueuePolicy = { kind: 'strict_priority' };
const calls = (pattern: string): RecentCall[] => [...pattern].map((c) => ({ preferential: c === 'P' }));
const pick = (waiting: WaitingTicket[], policy: QueuePolicy = strict, history: RecentCall[] = [], c = counter) => {
  const decision = nextTicket(waiting, c, policy, NOW, history);
  return decision && `${decision.ticket.id}:${decision.reason.code}`;
};

describe('nextTicket: eligibility', () => {
  it('calls only tickets of services the counter serves', () => {
    expect(pick([walkIn('other', '09:00', { serviceId: 's2' }), walkIn('mine', '09:30')])).toBe('mine:arrival_order');
  });

  it('returns null when nobody waits for the counter’s services', () => {
    expect(pick([walkIn('other', '09:00', { serviceId: 's2' })])).toBeNull();
    expect(pick([])).toBeNull();
    expect(pick([walkIn('a', '09:00')], strict, [], { id: 'closed', serviceIds: [] })).toBeNull();
  });
});

describe('nextTicket: arrival order and appointments', () => {
  it('serves walk-ins first come, first served', () => {
    expect(pick([walkIn('late', '09:40'), walkIn('early', '09:10')])).toBe('early:arrival_order');
  });

  it('breaks an exact tie by id, whatever the input order', () => {
    expect(pick([walkIn('b', '09:10'), walkIn('a', '09:10')])).toBe('a:arrival_order');
    expect(pick([walkIn('a', '09:10'), walkIn('b', '09:10')])).toBe('a:arrival_order');
  });

  it('keeps a transferred ticket’s original issue time, so it does not go to the back', () => {
    const transferred = walkIn('moved', '08:50', { serviceId: 's1' });
    expect(pick([walkIn('fresh', '09:55'), transferred])).toBe('moved:arrival_order');
  });

  it('puts an appointment whose slot has started before walk-ins who arrived earlier', () => {
    expect(pick([walkIn('w', '09:00'), appointment('ap', '09:45', '10:00')])).toBe('ap:appointment_due');
  });

  it('orders due appointments by slot, not by check-in time', () => {
    expect(pick([appointment('ten', '09:30', '10:00'), appointment('nine45', '09:50', '09:45')])).toBe('nine45:appointment_due');
  });

  it('lets an appointment checked in early wait for its slot while walk-ins are served', () => {
    expect(pick([appointment('ap', '09:30', '10:15'), walkIn('w', '09:50')])).toBe('w:arrival_order');
  });

  it('serves an early appointment as filler only when nobody else waits', () => {
    const decision = nextTicket([appointment('ap', '09:30', '10:15')], counter, strict, NOW);
    expect(decision?.reason).toEqual({
      code: 'early_filler',
      explanation: 'Appointment at 10:15, checked in early: served before its slot only because nobody else is waiting.',
    });
  });

  it('among early fillers prefers preferential, then the nearest slot', () => {
    const early = [appointment('far', '09:00', '11:00'), appointment('near', '09:30', '10:15'), appointment('pref', '09:40', '10:45', { preferential: true })];
    expect(queueOrder(early, strict, NOW).map((d) => d.ticket.id)).toEqual(['pref', 'near', 'far']);
  });

  it('queues an appointment that arrived after its grace period as a walk-in, by arrival', () => {
    // Slot 09:00 with the default 15-minute grace; arriving at 09:30 forfeits the appointment's priority.
    const late = appointment('late', '09:30', '09:00');
    expect(pick([late, walkIn('w', '09:20')])).toBe('w:arrival_order');
    expect(nextTicket([late], counter, strict, NOW)?.reason.explanation).toMatch(/after the grace period of its 09:00 appointment/);
  });

  it('uses the ticket’s own grace period when the service sets one', () => {
    expect(pick([appointment('ap', '09:30', '09:00', { graceMinutes: 40 }), walkIn('w', '09:20')])).toBe('ap:appointment_due');
  });

  it('does not take priority away from an on-time appointment for the time it spent in line', () => {
    expect(pick([appointment('ap', '08:55', '09:00'), walkIn('w', '08:30')])).toBe('ap:appointment_due');
  });

  it('treats an appointment ticket without a slot as a walk-in', () => {
    expect(pick([walkIn('odd', '09:20', { kind: 'appointment' }), walkIn('w', '09:10')])).toBe('w:arrival_order');
  });
});

describe('nextTicket: strict priority', () => {
  it('calls a preferential ticket before general tickets who arrived earlier, even due appointments', () => {
    const waiting = [walkIn('w', '08:00'), appointment('ap', '09:45', '10:00'), walkIn('p', '09:59', { preferential: true })];
    expect(pick(waiting)).toBe('p:preferential');
  });

  it('orders preferential tickets among themselves like any line', () => {
    const waiting = [walkIn('p1', '09:00', { preferential: true }), appointment('p2', '09:50', '10:00', { preferential: true })];
    expect(pick(waiting)).toBe('p2:appointment_due');
  });
});

describe('nextTicket: interleave', () => {
  const every3: QueuePolicy = { kind: 'interleave', every: 3 };
  const waiting = [walkIn('w', '09:00'), walkIn('p', '09:30', { preferential: true })];

  it('gives preferential the first call of the day', () => {
    expect(pick(waiting, every3, [])).toBe('p:preferential');
  });

  it('then gives the general line the next two calls', () => {
    expect(pick(waiting, every3, calls('P'))).toBe('w:interleave_turn');
    expect(pick(waiting, every3, calls('PR'))).toBe('w:interleave_turn');
    expect(pick(waiting, every3, calls('PRR'))).toBe('p:preferential');
  });

  it('with every = 1 behaves as strict priority', () => {
    expect(pick(waiting, { kind: 'interleave', every: 1 }, calls('P'))).toBe('p:preferential');
  });

  it('does not hold back a lone line waiting for its turn', () => {
    expect(pick([walkIn('p', '09:30', { preferential: true })], every3, calls('P'))).toBe('p:arrival_order');
  });
});

describe('nextTicket: aging', () => {
  const aging: QueuePolicy = { kind: 'aging', maxPreferentialInARow: 2, maxWaitMinutes: 30 };
  const pref = walkIn('p', '09:55', { preferential: true });

  it('calls preferential first while no general ticket has waited the maximum', () => {
    expect(pick([walkIn('w', '09:40'), pref], aging, calls('PPPP'))).toBe('p:preferential');
  });

  it('calls preferential first until the run of preferential calls reaches its limit', () => {
    expect(pick([walkIn('w', '09:00'), pref], aging, calls('RP'))).toBe('p:preferential');
  });

  it('after the limit, a general ticket who waited the maximum is called', () => {
    const decision = nextTicket([walkIn('w', '09:30'), pref], counter, aging, NOW, calls('PP'));
    expect(decision?.ticket.id).toBe('w');
    expect(decision?.reason).toEqual({
      code: 'starvation_guard',
      explanation: 'A non-preferential ticket has waited 30 min and 2 preferential call(s) came in a row: the general line gets this call.',
    });
  });

  it('the guard gives the call to the general line’s head, a due appointment before the long-waiting walk-in', () => {
    expect(pick([walkIn('w', '09:00'), appointment('ap', '09:50', '10:00'), pref], aging, calls('PP'))).toBe('ap:starvation_guard');
  });
});

describe('queueOrder', () => {
  it('lists the whole waiting room in calling order, with reasons, carrying the caller’s ticket fields', () => {
    const waiting = [
      { ...walkIn('w1', '09:00'), number: 'A-001' },
      { ...walkIn('w2', '09:10', { serviceId: 's2' }), number: 'B-001' },
      { ...walkIn('p1', '09:20', { preferential: true }), number: 'A-002' },
      { ...appointment('ap', '09:50', '10:00'), number: 'A-003' },
      { ...appointment('early', '09:40', '10:30'), number: 'A-004' },
    ];
    const order = queueOrder(waiting, { kind: 'interleave', every: 2 }, NOW, calls('P'));
    expect(order.map((d) => `${d.ticket.number}:${d.reason.code}`)).toEqual([
      'A-003:interleave_turn',
      'A-002:preferential',
      'A-001:arrival_order',
      'B-001:arrival_order',
      'A-004:early_filler',
    ]);
    expect(order[2].reason.explanation).toBe('First come, first served (in line since 09:00).');
  });

  it('is empty for an empty room', () => {
    expect(queueOrder([], strict, NOW)).toEqual([]);
  });
});

describe('nextTicket: refuses broken input loudly', () => {
  it('throws on an invalid policy', () => {
    expect(() => nextTicket([walkIn('w', '09:00')], counter, { kind: 'interleave', every: 0 }, NOW)).toThrow(RangeError);
  });

  it('throws on an invalid date instead of ordering by NaN', () => {
    expect(() => nextTicket([walkIn('w', '09:00', { issuedAt: DateTime.invalid('bad') })], counter, strict, NOW)).toThrow(/invalid issuedAt/);
    expect(() => nextTicket([appointment('a', '09:00', '09:30', { slotStart: DateTime.invalid('bad') })], counter, strict, NOW)).toThrow(/invalid slotStart/);
    expect(() => nextTicket([], counter, strict, DateTime.invalid('bad'))).toThrow(/invalid now/);
  });
});
