import './group.css';
import type { Booking } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { VerifiedMark } from '../identity/verified-identity.js';

/** One person of a group booking (index 0 the holder); names only, never documents. */
export type BookingMember = Booking['members'][number];

/** The people of a group booking, holder first; none for a booking of one. */
export function membersOf(booking: Booking): BookingMember[] {
  return booking.members.length > 1 ? [...booking.members].sort((a, b) => a.index - b.index) : [];
}

/** A booking's what, when (in the office's time zone) and where, who comes, and the documents to bring. */
export function BookingDetails({ booking, showStatus = false }: { booking: Booking; showStatus?: boolean }) {
  const { t, i18n } = useTranslation('applicant');
  const language = i18n.language;
  const requirementsId = useId();
  const time = `${formatTime(booking.slotStart, booking.timeZone, language)}–${formatTime(booking.slotEnd, booking.timeZone, language)}`;
  const members = membersOf(booking);
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
        {members.length > 0 && (
          <>
            <dt>{t('details.members')}</dt>
            <dd>
              <ul className="members" data-testid="booking-members">
                {members.map((member) => (
                  <li key={member.index}>
                    {member.fullName}
                    {member.index === 0 && ` ${t('details.holder')}`}
                    {member.status !== booking.status && (
                      <>
                        {' — '}
                        <span className={`status status-${member.status}`}>{t(`details.statuses.${member.status}`)}</span>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {booking.preferential && (
          <>
            <dt>{t('details.attention')}</dt>
            <dd>{t('details.preferential')}</dd>
          </>
        )}
        {booking.identityVerified && (
          <>
            <dt>{t('identity.verified.identity')}</dt>
            <dd>
              <VerifiedMark />
            </dd>
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
