import type { DateTime } from 'luxon';
import type { Candidate } from './queue-lanes.js';
import type { CallReason, WaitingTicket } from './queue-types.js';

const hhmm = (value: DateTime) => value.toFormat('HH:mm');

/** Why a ticket stands where it does within its own line (preferential or not). */
export function standingReason<T extends WaitingTicket>(c: Candidate<T>): CallReason {
  // Appointment standings (due, late, early) exist only for tickets with a slotStart.
  const { ticket } = c;
  switch (c.standing) {
    case 'due':
      return { code: 'appointment_due', explanation: `Appointment at ${hhmm(ticket.slotStart!)}: its slot has started, so it goes before walk-ins.` };
    case 'late':
      return {
        code: 'arrival_order',
        explanation: `Arrived after the grace period of its ${hhmm(ticket.slotStart!)} appointment: served in arrival order, like a walk-in.`,
      };
    case 'early':
      return {
        code: 'early_filler',
        explanation: `Appointment at ${hhmm(ticket.slotStart!)}, checked in early: served before its slot only because nobody else is waiting.`,
      };
    case 'in_order':
      return { code: 'arrival_order', explanation: `First come, first served (in line since ${hhmm(ticket.issuedAt)}).` };
  }
}

export const preferentialReason = (detail: string): CallReason => ({
  code: 'preferential',
  explanation: `Preferential attention (older adults, disability, pregnancy) goes ahead of the rest${detail}.`,
});
