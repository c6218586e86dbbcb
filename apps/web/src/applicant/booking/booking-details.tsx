import type { Booking } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

/** A booking's what, when (in the office's time zone) and where, and the documents to bring. */
export function BookingDetails({ booking, showStatus = false }: { booking: Booking; showStatus?: boolean }) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const requirementsId = useId();
  const time = `${formatTime(booking.slotStart, booking.timeZone, language)}–${formatTime(booking.slotEnd, booking.timeZone, language)}`;
  return (
    <div className="booking-details">
      <dl className="details">
        {showStatus && (
          <>
            <dt>{t('details.status')}</dt>
            <dd>
              <span className={`status status-${booking.status}`}>{t(`details.statuses.${booking.status}`)}</span>
              {booking.status === 'cancelled' && booking.cancelReason && <span className="hint"> — {booking.cancelReason}</span>}
            </dd>
          </>
        )}
        <dt>{t('details.service')}</dt>
        <dd>{booking.serviceName}</dd>
        <dt>{t('details.date')}</dt>
        <dd>{formatDate(booking.localDate, booking.timeZone, language)}</dd>
        <dt>{t('details.time')}</dt>
        <dd>
          {time} <span className="hint">{t('details.timeZone', { zone: booking.timeZone })}</span>
        </dd>
        <dt>{t('details.office')}</dt>
        <dd>
          {booking.officeName}
          {booking.officeAddress && (
            <>
              <br />
              {booking.officeAddress}
            </>
          )}
        </dd>
        {booking.preferential && (
          <>
            <dt>{t('details.attention')}</dt>
            <dd>{t('details.preferential')}</dd>
          </>
        )}
      </dl>
      {booking.requirements.length > 0 && (
        <section aria-labelledby={requirementsId} className="requirements t-print-avoid-break">
          <h2 id={requirementsId}>{t('details.bring')}</h2>
          <ul>
            {booking.requirements.map((requirement) => (
              <li key={requirement}>{requirement}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
