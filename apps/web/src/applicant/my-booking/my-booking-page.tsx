import type { Booking } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../../api.js';
import { type BookingMember, BookingDetails, membersOf } from '../booking/booking-details.js';
import { call } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { ConfirmStep, useLookupFlow } from '../common/lookup-flow.js';
import { OfficeNotices } from '../common/office-notices.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { usePageTitle } from '../common/page-title.js';
import { SignInOffer } from '../identity/claveunica-button.js';
import { useIdentity } from '../identity/identity-context.js';
import type { FromMyProcedures } from '../identity/my-procedures-page.js';
import { LookupForm, type LookupValues } from './lookup-form.js';
import { Reschedule } from './reschedule.js';

type View =
  | { kind: 'lookup' }
  | { kind: 'booking'; booking: Booking; documentNumber: string; notice?: 'rescheduled' | 'cancelled' | { memberCancelled: string } }
  | { kind: 'confirm-cancel'; booking: Booking; documentNumber: string }
  | { kind: 'confirm-cancel-member'; booking: Booking; documentNumber: string; member: BookingMember }
  | { kind: 'reschedule'; booking: Booking; documentNumber: string };

/**
 * `/mi-reserva`: find a booking by code and document (POST /bookings/lookup), then see it, cancel
 * it or move it to another day and time. A group booking lists its people, and the holder may
 * cancel one companion alone. The document lives in this page's memory only. Opened from
 * "Mis trámites" (signed in with ClaveÚnica), the booking is found with the session's RUT: nothing to type.
 */
export function MyBookingPage() {
  const { t, i18n } = useTranslation('applicant');
  const state = useLocation().state as ({ code?: string } & Partial<FromMyProcedures>) | null;
  const initialCode = state?.code ?? '';
  const { applicant } = useIdentity();
  const flow = useLookupFlow<View>({ kind: 'lookup' });
  const { view, setView, busy, problem, setProblem, retry, heading, run, overload } = flow;
  const keyFor = useIdempotencyKey();
  usePageTitle(t('myBooking.title'));

  const lookup = ({ code, documentNumber }: LookupValues) =>
    void run(
      () => call(api.POST('/api/v1/bookings/lookup', { body: { code, documentNumber } })),
      (booking) => setView({ kind: 'booking', booking, documentNumber }),
    );

  const cancel = (booking: Booking, documentNumber: string) => {
    const body = { documentNumber };
    void run(
      () => call(api.POST('/api/v1/bookings/{code}/cancel', { params: { path: { code: booking.code } }, body, headers: { 'Idempotency-Key': keyFor({ cancel: booking.code, body }) } })),
      () => {
        // Every member goes with the whole booking.
        const members = booking.members.map((member) => ({ ...member, status: 'cancelled' as const }));
        setView({ kind: 'booking', booking: { ...booking, status: 'cancelled', members }, documentNumber, notice: 'cancelled' });
      },
    );
  };

  // One companion's place: cancelled, then the booking read again (its members' statuses).
  const cancelMember = (booking: Booking, documentNumber: string, member: BookingMember) => {
    const body = { documentNumber, members: [member.index] };
    void run(
      async () => {
        const cancelled = await call(
          api.POST('/api/v1/bookings/{code}/cancel', { params: { path: { code: booking.code } }, body, headers: { 'Idempotency-Key': keyFor({ cancel: booking.code, body }) } }),
        );
        return cancelled.ok ? call(api.POST('/api/v1/bookings/lookup', { body: { code: booking.code, documentNumber } })) : cancelled;
      },
      (updated) => setView({ kind: 'booking', booking: updated, documentNumber, notice: { memberCancelled: member.fullName } }),
    );
  };

  // From "Mis trámites": the code came along and the document is the signed-in person's RUT.
  const lookedUp = useRef(false);
  useEffect(() => {
    if (lookedUp.current || !state?.signedIn || !state.code || !applicant) return;
    lookedUp.current = true;
    lookup({ code: state.code, documentNumber: applicant.documentNumber });
  }, [applicant]);

  const backToBooking = () => {
    if (view.kind === 'lookup') return;
    setProblem(null);
    setView({ kind: 'booking', booking: view.booking, documentNumber: view.documentNumber });
  };

  return (
    <div className="my-booking">
      <h1>{t('myBooking.title')}</h1>
      {/* The booking's office's notices (a closure, an emergency), also while choosing another time. */}
      {view.kind !== 'lookup' && <OfficeNotices officeId={view.booking.officeId} timeZone={view.booking.timeZone} />}

      {view.kind === 'lookup' && (
        <section>
          <h2 ref={heading} tabIndex={-1}>
            {t('myBooking.findTitle')}
          </h2>
          <p>{t('myBooking.intro')}</p>
          {problem && (
            <ErrorNotice problem={problem} onRetry={retry ?? undefined}>
              {problem.code === 'BOOKING_NOT_FOUND' && <Link to="/reservar">{t('myBooking.bookInstead')}</Link>}
            </ErrorNotice>
          )}
          <OverloadNotice retry={overload} resumable />
          <SignInOffer text="myBooking" />
          {applicant && (
            <p>
              <Link to="/mis-tramites">{t('identity.procedures.title')}</Link>
            </p>
          )}
          <LookupForm initialCode={initialCode} submitting={busy} onSubmit={lookup} />
          <p>
            <Link to="/lista-espera">{t('waitlist.page.fromMyBooking')}</Link>
          </p>
        </section>
      )}

      {view.kind === 'booking' && (
        <section>
          <h2 ref={heading} tabIndex={-1}>
            {t('myBooking.yourBooking', { code: view.booking.code })}
          </h2>
          {view.notice && (
            <p className="notice notice-success" role="status">
              {typeof view.notice === 'string' ? t(`myBooking.notices.${view.notice}`) : t('myBooking.notices.memberCancelled', { name: view.notice.memberCancelled })}
            </p>
          )}
          {problem && <ErrorNotice problem={problem} onRetry={retry ?? undefined} />}
          <OverloadNotice retry={overload} resumable />
          <BookingDetails booking={view.booking} showStatus />
          <div className="actions t-no-print">
            {view.booking.status === 'confirmed' ? (
              <>
                <button type="button" className="t-primary" onClick={() => setView({ kind: 'reschedule', booking: view.booking, documentNumber: view.documentNumber })}>
                  {t('myBooking.reschedule')}
                </button>
                <button type="button" className="danger" onClick={() => setView({ kind: 'confirm-cancel', booking: view.booking, documentNumber: view.documentNumber })}>
                  {t('myBooking.cancel')}
                </button>
                <a className="button-link" href={`/api/v1/bookings/${encodeURIComponent(view.booking.code)}/calendar.ics`} download={`reserva-${view.booking.code}.ics`}>
                  {t('confirmation.addToCalendar')}
                </a>
                {membersOf(view.booking)
                  .filter((member) => member.index > 0 && member.status === 'confirmed')
                  .map((member) => (
                    <button
                      key={member.index}
                      type="button"
                      className="danger"
                      onClick={() => setView({ kind: 'confirm-cancel-member', booking: view.booking, documentNumber: view.documentNumber, member })}
                    >
                      {t('myBooking.cancelMember', { name: member.fullName })}
                    </button>
                  ))}
              </>
            ) : (
              <Link className="button-link t-primary" to="/reservar">
                {t('myBooking.bookAnother')}
              </Link>
            )}
            {applicant && (
              <Link className="button-link" to="/mis-tramites">
                {t('identity.procedures.backToList')}
              </Link>
            )}
            <button
              type="button"
              onClick={() => {
                setProblem(null);
                setView({ kind: 'lookup' });
              }}
            >
              {t('myBooking.findAnother')}
            </button>
          </div>
        </section>
      )}

      {view.kind === 'confirm-cancel' && (
        <ConfirmStep
          flow={flow}
          title={t('myBooking.cancelTitle')}
          confirmLabel={t('myBooking.cancelConfirm')}
          onConfirm={() => cancel(view.booking, view.documentNumber)}
          keepLabel={t('myBooking.keep')}
          onKeep={backToBooking}
        >
          <p>
            {t(activeMembers(view.booking) > 1 ? 'myBooking.cancelGroupQuestion' : 'myBooking.cancelQuestion', {
              service: view.booking.serviceName,
              date: formatDate(view.booking.localDate, view.booking.timeZone, i18n.language),
              time: formatTime(view.booking.slotStart, view.booking.timeZone, i18n.language),
              count: activeMembers(view.booking),
            })}
          </p>
          <p>{t('myBooking.cancelWarning')}</p>
        </ConfirmStep>
      )}

      {view.kind === 'confirm-cancel-member' && (
        <ConfirmStep
          flow={flow}
          title={t('myBooking.cancelMemberTitle', { name: view.member.fullName })}
          confirmLabel={t('myBooking.cancelMemberConfirm', { name: view.member.fullName })}
          onConfirm={() => cancelMember(view.booking, view.documentNumber, view.member)}
          keepLabel={t('myBooking.keep')}
          onKeep={backToBooking}
        >
          <p>
            {t('myBooking.cancelMemberQuestion', {
              name: view.member.fullName,
              service: view.booking.serviceName,
              date: formatDate(view.booking.localDate, view.booking.timeZone, i18n.language),
              time: formatTime(view.booking.slotStart, view.booking.timeZone, i18n.language),
            })}
          </p>
          <p>{t('myBooking.cancelWarning')}</p>
        </ConfirmStep>
      )}

      {view.kind === 'reschedule' && (
        <section>
          <h2 ref={heading} tabIndex={-1}>
            {t('myBooking.rescheduleTitle')}
          </h2>
          <Reschedule
            booking={view.booking}
            documentNumber={view.documentNumber}
            onDone={(booking) => setView({ kind: 'booking', booking, documentNumber: view.documentNumber, notice: 'rescheduled' })}
            onBack={backToBooking}
          />
        </section>
      )}
    </div>
  );
}

/** The people still coming (the API's partySize: a cancelled companion no longer counts). */
function activeMembers(booking: Booking): number {
  return booking.partySize;
}
