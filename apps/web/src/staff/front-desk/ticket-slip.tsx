import type { Ticket } from '@turnero/api-client';
import { formatTicketNumber, formatTime, spokenTicketNumber } from '@turnero/ui';
import { useTranslation } from 'react-i18next';

/** The ticket just issued, as the applicant's slip: on screen and, optionally, printed. */
export function TicketSlip({ ticket, officeName, timeZone }: { ticket: Ticket; officeName: string; timeZone: string }) {
  const { t, i18n } = useTranslation('staff');
  return (
    <section className="staff-slip t-print-avoid-break" aria-labelledby="slip-title" data-testid="ticket-slip">
      <h2 id="slip-title" className="staff-slip-title">
        {t('frontDesk.slipTitle')}
      </h2>
      <p className="staff-slip-office">{officeName}</p>
      <p className="staff-slip-number" aria-label={spokenTicketNumber(ticket.number)}>
        {formatTicketNumber(ticket.number)}
      </p>
      <dl className="staff-facts">
        <div>
          <dt>{t('queue.service')}</dt>
          <dd>{ticket.serviceName}</dd>
        </div>
        <div>
          <dt>{t('queue.kind')}</dt>
          <dd>
            {ticket.kind === 'appointment' && ticket.slotStart
              ? t('queue.appointmentAt', { time: formatTime(ticket.slotStart, timeZone, i18n.language) })
              : t('queue.walkIn')}
            {ticket.preferential && ` · ${t('queue.preferential')}`}
          </dd>
        </div>
        <div>
          <dt>{t('frontDesk.issuedAt')}</dt>
          <dd>{formatTime(ticket.issuedAt, timeZone, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('queue.estimate')}</dt>
          <dd data-testid="slip-estimate">
            {ticket.estimatedWaitMinutes === undefined ? t('frontDesk.noEstimate') : t('queue.minutes', { count: Math.round(ticket.estimatedWaitMinutes) })}
          </dd>
        </div>
      </dl>
      <p className="staff-slip-note">{t('frontDesk.slipNote')}</p>
      {ticket.trackingCode && (
        <p className="staff-slip-follow">
          {t('frontDesk.follow')} <span className="staff-code">{`${window.location.host}/turno/${ticket.trackingCode}`}</span>
        </p>
      )}
      <button type="button" onClick={() => window.print()}>
        {t('frontDesk.print')}
      </button>
    </section>
  );
}
