import type { Queue, Ticket } from '@turnero/api-client';
import { formatTicketNumber, formatTime, spokenTicketNumber } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { ticketReason } from './ticket-reason.js';

interface Props {
  queue: Queue;
  timeZone: string;
  /** Services of the counter at hand: their tickets are marked "yours". */
  highlightServiceIds?: readonly string[];
}

interface WaitingProps extends Props {
  /** A "Call now" button on each ticket of these services (the desk, when it may call out of order). */
  callNow?: { serviceIds: readonly string[]; onCall(ticket: Ticket): void };
}

/** Today's waiting line in serving order, with each place's reason and estimate. */
export function WaitingTable({ queue, timeZone, highlightServiceIds, callNow }: WaitingProps) {
  const { t, i18n } = useTranslation('staff');
  if (queue.waiting.length === 0) return <p className="staff-empty">{t('queue.nobodyWaiting')}</p>;
  return (
    <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('queue.waitingTitle')}>
      <table className="staff-table staff-queue-table" data-testid="waiting-table">
        <thead>
          <tr>
            <th scope="col">{t('queue.number')}</th>
            <th scope="col">{t('queue.service')}</th>
            <th scope="col">{t('queue.kind')}</th>
            <th scope="col">{t('queue.arrived')}</th>
            <th scope="col">{t('queue.estimate')}</th>
            <th scope="col">{t('queue.reason')}</th>
            {callNow && (
              <th scope="col">
                <span className="t-visually-hidden">{t('common.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {queue.waiting.map((ticket) => {
            const mine = highlightServiceIds?.includes(ticket.serviceId);
            return (
              <tr key={ticket.id} className={mine ? 'staff-row-mine' : undefined}>
                <th scope="row" aria-label={spokenTicketNumber(ticket.number)}>
                  <span className="staff-number">{formatTicketNumber(ticket.number)}</span>
                </th>
                <td>
                  {ticket.serviceName}
                  {mine && <span className="staff-tag">{t('queue.yours')}</span>}
                </td>
                <td>
                  {ticket.kind === 'appointment' && ticket.slotStart
                    ? t('queue.appointmentAt', { time: formatTime(ticket.slotStart, timeZone, i18n.language) })
                    : t('queue.walkIn')}
                  {ticket.preferential && <span className="staff-tag staff-tag-preferential">{t('queue.preferential')}</span>}
                </td>
                <td>{formatTime(ticket.issuedAt, timeZone, i18n.language)}</td>
                <td>{ticket.estimatedWaitMinutes === undefined ? '—' : t('queue.minutes', { count: Math.round(ticket.estimatedWaitMinutes) })}</td>
                <td className="staff-reason">{ticketReason(t, ticket, timeZone, i18n.language)}</td>
                {callNow && (
                  <td>
                    {callNow.serviceIds.includes(ticket.serviceId) && (
                      <button type="button" className="staff-call-now" onClick={() => callNow.onCall(ticket)} aria-label={t('queue.callNowNamed', { number: spokenTicketNumber(ticket.number) })}>
                        {t('queue.callNow')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Tickets called or being served now, newest call first. */
export function CalledTable({ queue, timeZone }: Props) {
  const { t, i18n } = useTranslation('staff');
  if (queue.called.length === 0) return <p className="staff-empty">{t('queue.nobodyCalled')}</p>;
  return (
    <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('queue.calledTitle')}>
      <table className="staff-table" data-testid="called-table">
        <thead>
          <tr>
            <th scope="col">{t('queue.number')}</th>
            <th scope="col">{t('queue.counter')}</th>
            <th scope="col">{t('queue.service')}</th>
            <th scope="col">{t('queue.status')}</th>
            <th scope="col">{t('queue.calledAt')}</th>
          </tr>
        </thead>
        <tbody>
          {queue.called.map((ticket) => (
            <tr key={ticket.id}>
              <th scope="row" aria-label={spokenTicketNumber(ticket.number)}>
                <span className="staff-number">{formatTicketNumber(ticket.number)}</span>
              </th>
              <td>{ticket.counterName ?? '—'}</td>
              <td>{ticket.serviceName}</td>
              <td>{t(`status.${ticket.status}`)}</td>
              <td>{ticket.calledAt ? formatTime(ticket.calledAt, timeZone, i18n.language) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
