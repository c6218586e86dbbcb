import type { Booking } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { usePageTitle } from '../common/page-title.js';
import { BookingDetails } from './booking-details.js';

/**
 * `/reserva/{code}`: the booking just made. The code is in the URL (it is in the API's own URLs:
 * QR, calendar); the details come in the navigation's state, never the URL. Opened without them
 * (a bookmark) it still shows the code, QR and calendar link, and points to "Mi reserva".
 */
export function ConfirmationPage() {
  const { t } = useTranslation('applicant');
  const { code = '' } = useParams();
  const state = useLocation().state as { booking?: Booking } | null;
  const booking = state?.booking?.code === code ? state.booking : undefined;
  usePageTitle(t('confirmation.title'));
  const encoded = encodeURIComponent(code);

  return (
    <div className="confirmation">
      <h1>{booking ? t('confirmation.title') : t('confirmation.titleWithoutDetails')}</h1>
      {booking && (
        <p className="notice notice-success" role="status">
          {t('confirmation.done')}
        </p>
      )}
      <div className="code-card t-print-avoid-break">
        <div>
          <p className="code-label">
            {t('confirmation.codeLabel')}
          </p>
          <p className="booking-code" data-testid="booking-code">
            {code}
          </p>
          <p className="hint">{t('confirmation.keepCode')}</p>
        </div>
        <img className="qr" src={`/api/v1/bookings/${encoded}/qr.svg`} alt={t('confirmation.qrAlt', { code })} width={180} height={180} />
      </div>
      {booking && <BookingDetails booking={booking} />}
      <div className="actions t-no-print">
        <a className="button-link" href={`/api/v1/bookings/${encoded}/calendar.ics`} download={`reserva-${code}.ics`}>
          {t('confirmation.addToCalendar')}
        </a>
        <button type="button" onClick={() => window.print()}>
          {t('confirmation.print')}
        </button>
        <Link className="button-link" to="/mi-reserva" state={{ code }}>
          {t('confirmation.manage')}
        </Link>
      </div>
    </div>
  );
}
