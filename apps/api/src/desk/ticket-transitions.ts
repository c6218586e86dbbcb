import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { TicketStatus } from '../tickets/ticket.entity.js';

/** What staff do to a ticket at the desk. */
export type DeskAction = 'call' | 'recall' | 'start' | 'complete' | 'no_show' | 'transfer';

/** The one table of legal moves: from which statuses each action may start, and where it leads. */
export const TRANSITIONS: Record<DeskAction, { from: readonly TicketStatus[]; to: TicketStatus }> = {
  call: { from: ['waiting'], to: 'called' },
  recall: { from: ['called'], to: 'called' },
  start: { from: ['called'], to: 'serving' },
  complete: { from: ['serving'], to: 'done' },
  no_show: { from: ['called'], to: 'no_show' },
  transfer: { from: ['waiting', 'called', 'serving'], to: 'waiting' },
};

/** 409 INVALID_TRANSITION naming from and to, unless `action` may start from `from`. */
export function assertTransition(action: DeskAction, from: TicketStatus): void {
  const { from: allowed, to } = TRANSITIONS[action];
  if (allowed.includes(from)) return;
  throw new ApiException(ErrorCode.INVALID_TRANSITION, `A ${from} ticket cannot go to ${to} (${action} needs ${allowed.join(' or ')})`, {
    from,
    to,
    action,
  });
}
