import { formatDate, formatTime } from '@turnero/ui';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { serverClock } from '../../server-clock.js';
import { NotFoundPage } from '../applicant-layout.js';
import { ErrorNotice } from '../common/error-notice.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useLoad } from '../common/use-load.js';
import { topicName } from '../requests/requests-api.js';
import { splitBookings } from './booking-order.js';
import { ClaveUnicaButton } from './claveunica-button.js';
import { loadMyBookings, loadMyRequests, type MyBooking, type MyRequest } from './identity-api.js';
import { useIdentity } from './identity-context.js';
import { SignInFailure } from './sign-in-failure.js';
import { VerifiedMark } from './verified-identity.js';

/** How /mi-reserva is opened from here: the booking's code; the document is the session's. */
export interface FromMyProcedures {
  code: string;
  signedIn: true;
}

/**
 * `/mis-tramites`: the signed-in person's bookings (upcoming first, then the others, newest first)
 * and requests, without codes or documents to type. Signed out: what the page is and the way in;
 * after a failed sign-in, why (the callback's `motivo`). With ClaveÚnica off the page does not exist.
 */
export function MyProceduresPage() {
  const { t } = useTranslation('applicant');
  const { ready, enabled, applicant } = useIdentity();
  usePageTitle(t('identity.procedures.title'));
  if (!ready) return <p role="status">{t('common.loading')}</p>;
  if (!enabled) return <NotFoundPage />;
  return (
    <div className="my-procedures">
      <h1>{t('identity.procedures.title')}</h1>
      <SignInFailure />
      {applicant ? (
        <>
          <MyBookings key={applicant.documentNumber} />
          <MyRequests key={`requests:${applicant.documentNumber}`} />
        </>
      ) : (
        <section className="signed-out-procedures">
          <h2>{t('identity.procedures.signedOutTitle')}</h2>
          <p>{t('identity.procedures.signedOutText')}</p>
          <ClaveUnicaButton returnTo="/mis-tramites" />
          <p>
            <Link to="/mi-reserva">{t('layout.myBooking')}</Link>
          </p>
        </section>
      )}
    </div>
  );
}

function MyBookings() {
  const { t } = useTranslation('applicant');
  const id = useId();
  const bookings = useLoad('me/bookings', loadMyBookings);
  const { upcoming, past } = bookings.state === 'ready' ? splitBookings(bookings.data, serverClock.now()) : { upcoming: [], past: [] };
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('identity.procedures.bookings')}</h2>
      {bookings.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {bookings.state === 'error' && <ErrorNotice problem={bookings.problem} onRetry={bookings.reload} focus={false} />}
      <OverloadNotice retry={bookings.overload} resumable />
      {bookings.state === 'ready' && bookings.data.length === 0 && <p>{t('identity.procedures.noBookings')}</p>}
      {upcoming.length > 0 && <BookingList title={t('identity.procedures.upcoming')} bookings={upcoming} />}
      {past.length > 0 && <BookingList title={t('identity.procedures.past')} bookings={past} />}
      <p>
        <Link className="button-link" to="/reservar">
          {t('identity.procedures.book')}
        </Link>
      </p>
    </section>
  );
}

function BookingList({ title, bookings }: { title: string; bookings: MyBooking[] }) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  return (
    <>
      <h3>{title}</h3>
      <ul className="cards procedure-list">
        {bookings.map((booking) => {
          const state: FromMyProcedures = { code: booking.code, signedIn: true };
          const labels = { code: booking.code, service: booking.serviceName };
          // What "Mi reserva" will offer on it: change or cancel, or only see it.
          const manage = booking.canCancel || booking.canReschedule;
          return (
            <li key={booking.code} className="card" data-testid={`my-booking-${booking.code}`}>
              <h4>{booking.serviceName}</h4>
              <p>
                {formatDate(booking.localDate, booking.timeZone, language)}, {formatTime(booking.slotStart, booking.timeZone, language)}
                <span className="hint"> {t('details.timeZone', { zone: booking.timeZone })}</span>
              </p>
              <p>{booking.officeName}</p>
              <p>
                <span className={`status status-${booking.status}`}>{t(`details.statuses.${booking.status}`)}</span>
                {booking.identityVerified && (
                  <>
                    {' '}
                    <VerifiedMark />
                  </>
                )}
              </p>
              <p className="hint">{t('identity.procedures.code', { code: booking.code })}</p>
              <Link
                className={manage ? 'button-link t-primary' : 'button-link'}
                to="/mi-reserva"
                state={state}
                aria-label={t(manage ? 'identity.procedures.manageLabel' : 'identity.procedures.seeLabel', labels)}
              >
                {t(manage ? 'identity.procedures.manage' : 'identity.procedures.see')}
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function MyRequests() {
  const { t, i18n } = useTranslation('applicant');
  const id = useId();
  const requests = useLoad('me/requests', loadMyRequests);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t('identity.procedures.requests')}</h2>
      {requests.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {requests.state === 'error' && <ErrorNotice problem={requests.problem} onRetry={requests.reload} focus={false} />}
      <OverloadNotice retry={requests.overload} resumable />
      {requests.state === 'ready' && requests.data.length === 0 && <p>{t('identity.procedures.noRequests')}</p>}
      {requests.state === 'ready' && requests.data.length > 0 && (
        <ul className="cards procedure-list">
          {requests.data.map((request) => (
            <RequestItem key={request.code} request={request} language={i18n.language} />
          ))}
        </ul>
      )}
      <p>
        <Link className="button-link" to="/solicitudes">
          {t('identity.procedures.fileRequest')}
        </Link>
      </p>
    </section>
  );
}

function RequestItem({ request, language }: { request: MyRequest; language: string }) {
  const { t } = useTranslation('applicant');
  return (
    <li className="card" data-testid={`my-request-${request.code}`}>
      <h4>
        {t(`requests.kinds.${request.kind}`)}: {topicName(request.topic, language)}
      </h4>
      <p>{request.officeName}</p>
      <p>
        <span className={`status request-status-${request.status}`}>{t(`requests.statuses.${request.status}`)}</span>
        {request.identityVerified && (
          <>
            {' '}
            <VerifiedMark text="markRequest" />
          </>
        )}
      </p>
      <p>{t('identity.procedures.due', { date: formatDate(request.dueDate, request.timeZone, language) })}</p>
      <p className="hint">{t('identity.procedures.code', { code: request.code })}</p>
      <Link className="button-link" to={`/solicitud/${encodeURIComponent(request.code)}`}>
        {t('identity.procedures.follow', { code: request.code })}
      </Link>
    </li>
  );
}
