import type { DateTime } from 'luxon';

export type TicketKind = 'appointment' | 'walk_in';

/** A ticket as the queue rules see it. The API passes its own ticket objects; extra fields pass through. */
export interface WaitingTicket {
  id: string;
  serviceId: string;
  kind: TicketKind;
  /** Preferential attention (older adult, disability, pregnancy): the law puts them first. */
  preferential: boolean;
  /**
   * When the person joined the queue (check-in or walk-in ticket). For a transferred ticket, the
   * ORIGINAL issue time: a transfer must not send anyone to the back of the line.
   */
  issuedAt: DateTime;
  /** Appointments: the booked slot's start. */
  slotStart?: DateTime;
  /**
   * Appointments: minutes after `slotStart` within which arriving still counts as on time
   * (the service's `checkInGraceMinutes`; default 15). Arriving later forfeits the appointment's
   * priority and the ticket queues as a walk-in.
   */
  graceMinutes?: number;
}

/** A counter as the queue rules see it: which services it is serving right now. */
export interface CounterView {
  id: string;
  serviceIds: readonly string[];
}

/**
 * How preferential tickets are weighed against the rest when both are waiting.
 * - `strict_priority`: preferential always first.
 * - `interleave`: one call in every `every` goes to preferential (every = 1 is strict priority).
 * - `aging`: preferential first, but after `maxPreferentialInARow` preferential calls in a row, a
 *   non-preferential ticket that has waited `maxWaitMinutes` or more is called next.
 */
export type QueuePolicy =
  | { kind: 'strict_priority' }
  | { kind: 'interleave'; every: number }
  | { kind: 'aging'; maxPreferentialInARow: number; maxWaitMinutes: number };

/**
 * One call already made, oldest first in a history list. Only the trailing run matters, so the
 * last few dozen calls are plenty. Pass the calls that drew from the same waiting pool: the
 * office's calls for the services this counter serves.
 */
export interface RecentCall {
  preferential: boolean;
}

export type CallReasonCode =
  /** Preferential attention goes ahead of the rest. */
  | 'preferential'
  /** An appointment whose slot has started goes ahead of walk-ins. */
  | 'appointment_due'
  /** First come, first served (walk-ins, and appointments that arrived after their grace period). */
  | 'arrival_order'
  /** A long-waiting non-preferential ticket, after a run of preferential calls (aging policy). */
  | 'starvation_guard'
  /** Not a preferential turn under the interleave policy. */
  | 'interleave_turn'
  /** An appointment checked in before its slot, served early only because nobody else waits. */
  | 'early_filler';

/** Why a ticket is called (or stands where it does): a stable code plus a line staff can read. */
export interface CallReason {
  code: CallReasonCode;
  explanation: string;
}

export interface CallDecision<T extends WaitingTicket = WaitingTicket> {
  ticket: T;
  reason: CallReason;
}
