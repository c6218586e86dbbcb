import './waitlist.css';
import { formatDate, formatTime, intlLocale } from '@turnero/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { serverClock } from '../../server-clock.js';
import { weekdayNames } from '../calendar/calendar-dates.js';
import type { Problem } from '../common/api-call.js';
import { ErrorNotice } from '../common/error-notice.js';
import { useIdempotencyKey } from '../common/idempotency.js';
import { ConfirmStep, useLookupFlow } from '../common/lookup-flow.js';
import { OverloadNotice } from '../common/overload-notice.js';
import { OfficeNotices } from '../common/office-notices.js';
import { usePageTitle } from '../common/page-title.js';
import { LookupForm, type LookupValues } from '../my-booking/lookup-form.js';
import { acceptOffer, declineOffer, leaveWaitlist, lookupEntry, type WaitlistEntry } from './waitlist-api.js';

type View =
  | { kind: 'lookup' }
  | { kind: 'entry'; entry: WaitlistEntry; documentNumber: string; notice?: 'declined' | 'left' }
  | { kind: 'confirm-leave'; entry: WaitlistEntry; documentNumber: string };

/** Codes after which the entry is read again: what it shows is no longer so. */
const STALE = new Set(['OFFER_EXPIRED', 'ALREADY_BOOKED', 'INVALID_TRANSITION']);

/**
 * `/lista-espera/{code}` (the link of the offer's message) and `/lista-espera`: the entry found by
 * its code and the document (POST /waitlist/lookup; the document lives in this page's memory
 * only). Shows the place in line and, while a seat is held for the person, the time and until
 * when it is held, in the office's time zone, to confirm it (the booking's confirmation page
 * follows) or let it pass; and leaving the list.
 */
export function WaitlistPage() {
  const { t } = useTranslation('applicant');
  const navigate = useNavigate();
  const { code: codeInUrl = '' } = useParams();
  const flow = useLookupFlow<View>({ kind: 'lookup' });
  const { view, setView, busy, problem, setProblem, retry, heading, run, overload } = flow;
  const keyFor = useIdempotencyKey();
  usePageTitle(t('waitlist.page.title'));

  // The offer ran out (or was taken) meanwhile: show the entry as it is now, with the reason kept.
  const refresh = (code: string, documentNumber: string) => async (problem: Problem) => {
    if (!STALE.has(problem.code)) return;
    const again = await lookupEntry(code, documentNumber);
    if (again.ok) setView({ kind: 'entry', entry: again.data, documentNumber });
  };

  const lookup = ({ code, documentNumber }: LookupValues) =>
    void run(
      () => lookupEntry(code, documentNumber),
      (entry) => setView({ kind: 'entry', entry, documentNumber }),
    );

  const accept = (entry: WaitlistEntry, documentNumber: string) =>
    void run(
      // One key per offer: a later offer to the same entry is another action, not a replay.
      () => acceptOffer(entry.code, documentNumber, keyFor({ accept: entry.code, offer: entry.offer })),
      (booking) => navigate(`/reserva/${encodeURIComponent(booking.code)}`, { state: { booking } }),
      refresh(entry.code, documentNumber),
    );

  const decline = (entry: WaitlistEntry, documentNumber: string) =>
    void run(
      () => declineOffer(entry.code, documentNumber, keyFor({ decline: entry.code, offer: entry.offer })),
      (updated) => setView({ kind: 'entry', entry: updated, documentNumber, notice: 'declined' }),
      refresh(entry.code, documentNumber),
    );

  const leave = (entry: WaitlistEntry, documentNumber: string) =>
    void run(
      () => leaveWaitlist(entry.code, documentNumber, keyFor({ leave: entry.code })),
      () => setView({ kind: 'entry', entry: { ...entry, status: 'left', offer: null }, documentNumber, notice: 'left' }),
    );

  const findAnother = () => {
    setProblem(null);
    setView({ kind: 'lookup' });
    if (codeInUrl) navigate('/lista-espera', { replace: true });
  };

  return (
    <div className="waitlist-page">
      <h1>{t('waitlist.page.title')}</h1>
      {view.kind !== 'lookup' && <OfficeNotices officeId={view.entry.officeId} timeZone={view.entry.timeZone} />}

      {view.kind === 'lookup' && (
        <section>
          <h2 ref={heading} tabIndex={-1}>
            {t('waitlist.page.findTitle')}
          </h2>
          <p>{t('waitlist.page.intro')}</p>
          {problem && <ErrorNotice problem={problem} onRetry={retry ?? undefined} />}
          <OverloadNotice retry={overload} resumable />
          <LookupForm initialCode={codeInUrl} submitting={busy} onSubmit={lookup} texts="waitlist.page" />
        </section>
      )}

      {view.kind === 'entry' && (
        <section>
          <h2 ref={heading} tabIndex={-1}>
            {t('waitlist.page.entryTitle', { code: view.entry.code })}
          </h2>
          {view.notice && (
            <p className="notice notice-success" role="status">
              {t(`waitlist.page.${view.notice}`)}
            </p>
          )}
          {problem && (
            <ErrorNotice problem={problem} onRetry={retry ?? undefined}>
              {problem.code === 'ALREADY_BOOKED' && <Link to="/mi-reserva">{t('waitlist.page.goToMyBooking')}</Link>}
            </ErrorNotice>
          )}
          <OverloadNotice retry={overload} resumable />
          {view.entry.status === 'offered' && view.entry.offer && (
            <HeldOffer
              entry={view.entry}
              busy={busy}
              onAccept={() => accept(view.entry, view.documentNumber)}
              onDecline={() => decline(view.entry, view.documentNumber)}
            />
          )}
          <EntryDetails entry={view.entry} />
          {view.entry.status === 'booked' && view.entry.bookingCode && (
            <p>
              {t('waitlist.page.bookedText', { code: view.entry.bookingCode })}{' '}
              <Link to="/mi-reserva" state={{ code: view.entry.bookingCode }}>
                {t('waitlist.page.goToMyBooking')}
              </Link>
            </p>
          )}
          {view.entry.status === 'removed' && <p>{t('waitlist.page.removedText')}</p>}
          <div className="actions">
            {(view.entry.status === 'waiting' || view.entry.status === 'offered') && (
              <button type="button" className="danger" onClick={() => setView({ kind: 'confirm-leave', entry: view.entry, documentNumber: view.documentNumber })}>
                {t('waitlist.page.leave')}
              </button>
            )}
            {(view.entry.status === 'left' || view.entry.status === 'removed') && (
              <Link className="button-link t-primary" to={`/reservar?oficina=${view.entry.officeId}&tramite=${view.entry.serviceId}`}>
                {t('waitlist.page.book')}
              </Link>
            )}
            <button type="button" onClick={findAnother}>
              {t('waitlist.page.findAnother')}
            </button>
          </div>
          {busy && <p role="status">{t('form.sending')}</p>}
        </section>
      )}

      {view.kind === 'confirm-leave' && (
        <ConfirmStep
          flow={flow}
          title={t('waitlist.page.leave')}
          confirmLabel={t('waitlist.page.leaveConfirm')}
          onConfirm={() => leave(view.entry, view.documentNumber)}
          keepLabel={t('waitlist.page.keep')}
          onKeep={() => {
            setProblem(null);
            setView({ kind: 'entry', entry: view.entry, documentNumber: view.documentNumber });
          }}
        >
          <p>{t('waitlist.page.leaveQuestion')}</p>
        </ConfirmStep>
      )}
    </div>
  );
}

/** Whole minutes until an instant by the server's clock (never the browser's), ticking. */
function useMinutesUntil(instant: string): number {
  const left = () => Math.max(0, Math.ceil((Date.parse(instant) - serverClock.now()) / 60_000));
  const [minutes, setMinutes] = useState(left);
  useEffect(() => {
    setMinutes(left());
    const timer = setInterval(() => setMinutes(left()), 15_000);
    return () => clearInterval(timer);
    // `left` reads only `instant`.
  }, [instant]);
  return minutes;
}

function HeldOffer({ entry, busy, onAccept, onDecline }: { entry: WaitlistEntry; busy: boolean; onAccept(): void; onDecline(): void }) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const offer = entry.offer!;
  const zone = entry.timeZone;
  const minutes = useMinutesUntil(offer.expiresAt);
  return (
    <div className="waitlist-offer notice" data-testid="waitlist-offer">
      <h3>{t('waitlist.page.offerTitle')}</h3>
      <p className="waitlist-offer-when">
        <strong>{entry.serviceName}</strong>
        <br />
        {t('waitlist.page.offerWhen', { date: formatDate(offer.slotStart, zone, language), time: formatTime(offer.slotStart, zone, language) })}
        <br />
        {entry.officeName}
      </p>
      <p>
        {t('waitlist.page.heldUntil', { time: formatTime(offer.expiresAt, zone, language), date: formatDate(offer.expiresAt, zone, language) })}{' '}
        <span>{t('waitlist.page.minutesLeft', { count: minutes })}</span>
      </p>
      <div className="actions">
        <button type="button" className="t-primary" aria-disabled={busy} onClick={() => !busy && onAccept()}>
          {t('waitlist.page.accept')}
        </button>
        <button type="button" aria-disabled={busy} onClick={() => !busy && onDecline()}>
          {t('waitlist.page.decline')}
        </button>
      </div>
    </div>
  );
}

function EntryDetails({ entry }: { entry: WaitlistEntry }) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const names = weekdayNames(intlLocale(language));
  const active = entry.status === 'waiting' || entry.status === 'offered';
  return (
    <>
      <dl className="details">
        <dt>{t('waitlist.page.status')}</dt>
        <dd>
          <span className={`status status-${entry.status}`}>{t(`waitlist.page.statuses.${entry.status}`)}</span>
        </dd>
        <dt>{t('waitlist.page.service')}</dt>
        <dd>{entry.serviceName}</dd>
        <dt>{t('waitlist.page.office')}</dt>
        <dd>{entry.officeName}</dd>
        <dt>{t('waitlist.page.range')}</dt>
        <dd>
          {entry.from === entry.to
            ? t('waitlist.page.rangeDay', { date: formatDate(entry.from, entry.timeZone, language) })
            : t('waitlist.page.rangeValue', { from: formatDate(entry.from, entry.timeZone, language), to: formatDate(entry.to, entry.timeZone, language) })}
        </dd>
        <dt>{t('waitlist.page.weekdays')}</dt>
        <dd>
          {entry.weekdays && entry.weekdays.length > 0 ? entry.weekdays.map((day) => names[day - 1]?.long).join(', ') : t('waitlist.page.anyWeekday')}
          {entry.morningOnly && `; ${t('waitlist.page.morningOnly').toLowerCase()}`}
        </dd>
        {entry.status === 'waiting' && (
          <>
            <dt>{t('waitlist.page.position')}</dt>
            <dd>{entry.position === 0 ? t('waitlist.page.positionFirst') : t('waitlist.page.positionValue', { count: entry.position })}</dd>
          </>
        )}
      </dl>
      {active && entry.misses > 0 && <p className="hint">{t('waitlist.page.misses', { count: entry.misses })}</p>}
    </>
  );
}
