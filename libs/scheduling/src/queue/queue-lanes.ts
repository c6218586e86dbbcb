import type { DateTime } from 'luxon';
import { DEFAULT_SERVICE_SETTINGS } from '../service-settings.js';
import type { WaitingTicket } from './queue-types.js';

/**
 * Where a ticket stands at `now`:
 * - `due`: an appointment whose slot has started and who arrived within the grace period;
 * - `early`: an appointment whose slot has not started (it waits for its slot);
 * - `late`: an appointment that arrived after slot + grace: it lost its priority, queues as a walk-in;
 * - `in_order`: a walk-in.
 */
export type Standing = 'due' | 'early' | 'late' | 'in_order';

export interface Candidate<T extends WaitingTicket> {
  ticket: T;
  standing: Standing;
  issuedMs: number;
  /** Slot start for appointments, 0 otherwise (only compared between appointments). */
  slotMs: number;
}

/** The waiting tickets split into the lines the policy chooses between, each in calling order. */
export interface Lanes<T extends WaitingTicket> {
  preferential: Candidate<T>[];
  regular: Candidate<T>[];
  /** Appointments before their slot: called only when both other lines are empty. */
  early: Candidate<T>[];
}

const MINUTE_MS = 60_000;

function millis(value: DateTime, what: string, id: string): number {
  const ms = value.toMillis();
  // An invalid DateTime would compare as NaN and make the order depend on the input's order.
  if (Number.isNaN(ms)) throw new RangeError(`ticket ${id} has an invalid ${what}`);
  return ms;
}

function candidate<T extends WaitingTicket>(ticket: T, nowMs: number): Candidate<T> {
  const issuedMs = millis(ticket.issuedAt, 'issuedAt', ticket.id);
  if (ticket.kind !== 'appointment' || !ticket.slotStart) return { ticket, standing: 'in_order', issuedMs, slotMs: 0 };
  const slotMs = millis(ticket.slotStart, 'slotStart', ticket.id);
  const graceMs = (ticket.graceMinutes ?? DEFAULT_SERVICE_SETTINGS.checkInGraceMinutes) * MINUTE_MS;
  // Lateness is judged on arrival, not on time spent in line: waiting long in the queue is not the applicant's fault.
  const standing: Standing = issuedMs > slotMs + graceMs ? 'late' : nowMs < slotMs ? 'early' : 'due';
  return { ticket, standing, issuedMs, slotMs };
}

/** Plain code-unit order, not localeCompare: the tie-break must not depend on the server's locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Due appointments first, by slot then arrival; then everyone else by arrival; ids break ties. */
function lineOrder<T extends WaitingTicket>(a: Candidate<T>, b: Candidate<T>): number {
  const aDue = a.standing === 'due' ? 0 : 1;
  const bDue = b.standing === 'due' ? 0 : 1;
  if (aDue !== bDue) return aDue - bDue;
  if (aDue === 0 && a.slotMs !== b.slotMs) return a.slotMs - b.slotMs;
  return a.issuedMs - b.issuedMs || compareIds(a.ticket.id, b.ticket.id);
}

/** Early appointments as fillers: preferential first, then the nearest slot. */
function earlyOrder<T extends WaitingTicket>(a: Candidate<T>, b: Candidate<T>): number {
  return Number(b.ticket.preferential) - Number(a.ticket.preferential) || a.slotMs - b.slotMs || lineOrder(a, b);
}

export function buildLanes<T extends WaitingTicket>(waiting: readonly T[], now: DateTime): Lanes<T> {
  const nowMs = millis(now, 'now', '(clock)');
  const lanes: Lanes<T> = { preferential: [], regular: [], early: [] };
  for (const ticket of waiting) {
    const c = candidate(ticket, nowMs);
    (c.standing === 'early' ? lanes.early : ticket.preferential ? lanes.preferential : lanes.regular).push(c);
  }
  lanes.preferential.sort(lineOrder);
  lanes.regular.sort(lineOrder);
  lanes.early.sort(earlyOrder);
  return lanes;
}
