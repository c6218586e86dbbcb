import type { Ticket } from '@turnero/api-client';
import { formatTime } from '@turnero/ui';
import type { TFunction } from 'i18next';

/**
 * Why a waiting ticket stands where it does, in the staff's language. The API's `reason.code` is
 * stable; its `explanation` is English for logs, so the sentence is rebuilt here from the code and
 * the ticket's own times.
 */
export function ticketReason(t: TFunction<'staff'>, ticket: Ticket, timeZone: string, language: string): string {
  const reason = ticket.reason;
  if (!reason) return '';
  const slot = ticket.slotStart ? formatTime(ticket.slotStart, timeZone, language) : '';
  const since = formatTime(ticket.issuedAt, timeZone, language);
  const code = reason.code === 'arrival_order' && ticket.slotStart ? 'arrival_order_late' : reason.code;
  const text = t(`reasons.${code}`, { slot, since, defaultValue: reason.explanation });
  // The API appends this sentence (no code of its own) when the applicant asked for more time.
  return reason.explanation.includes('Asked for more time') ? `${text} ${t('reasons.moreTime')}` : text;
}
