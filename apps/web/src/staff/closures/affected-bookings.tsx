import type { Schema } from '@turnero/api-client';
import { formatDate, formatPhone, formatTime } from '@turnero/ui';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckField } from '../common/fields.js';

type CancelledBooking = Schema<'CancelledBookingDto'>;

/** Outcomes that leave the office to call: every message failed or was skipped, or none could be queued. */
const TO_CALL: readonly CancelledBooking['contact'][] = ['failed', 'none'];

/**
 * The people whose bookings a closure cancelled, with their contact data, for the supervisor to
 * call or write to. The "Aviso" column says how the system's messages went ("Enviado",
 * "Pendiente", "Falló: llamar", "Sin contacto: llamar"), so the office calls only those it could
 * not reach. Personal data: shown only here, kept in the page's memory, never in a URL.
 */
export function AffectedBookings({
  bookings,
  timeZone,
  title,
  onRefresh,
}: {
  bookings: CancelledBooking[];
  timeZone: string;
  title: string;
  /** Reads the list again, to see messages sent since. */
  onRefresh?: () => void;
}) {
  const { t, i18n } = useTranslation('staff');
  const [onlyToCall, setOnlyToCall] = useState(false);
  const toCall = bookings.filter((booking) => TO_CALL.includes(booking.contact));
  const rows = onlyToCall ? toCall : bookings;
  return (
    <section className="staff-panel staff-affected" aria-label={title}>
      <h3>{title}</h3>
      {bookings.length === 0 ? (
        <p>{t('closures.noneAffected')}</p>
      ) : (
        <>
          <p>{t('closures.contactThem', { count: bookings.length })}</p>
          <p data-testid="to-call">
            <strong>{t('closures.toCall', { count: toCall.length })}</strong>
          </p>
          <div className="staff-filters">
            <CheckField label={t('closures.onlyToCall')} checked={onlyToCall} onChange={setOnlyToCall} />
            {onRefresh && (
              <button type="button" onClick={onRefresh}>
                {t('closures.refresh')}
              </button>
            )}
          </div>
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={title}>
            <table className="staff-table" data-testid="affected-bookings">
              <thead>
                <tr>
                  <th scope="col">{t('closures.slot')}</th>
                  <th scope="col">{t('queue.service')}</th>
                  <th scope="col">{t('closures.applicant')}</th>
                  <th scope="col">{t('closures.document')}</th>
                  <th scope="col">{t('closures.email')}</th>
                  <th scope="col">{t('closures.phone')}</th>
                  <th scope="col">{t('closures.code')}</th>
                  <th scope="col">{t('closures.notice')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((booking) => (
                  <tr key={booking.id}>
                    <td>
                      {formatDate(booking.slotStart, timeZone, i18n.language, 'short')} {formatTime(booking.slotStart, timeZone, i18n.language)}
                    </td>
                    <td>{booking.serviceName}</td>
                    <th scope="row">{booking.fullName}</th>
                    <td>
                      {t(`documents.${booking.documentType}`)} {booking.documentNumber}
                    </td>
                    <td>{booking.email ? <a href={`mailto:${booking.email}`}>{booking.email}</a> : '—'}</td>
                    <td>{booking.phone ? <a href={`tel:${booking.phone.replace(/\s+/g, '')}`}>{formatPhone(booking.phone)}</a> : '—'}</td>
                    <td className="staff-code">{booking.code}</td>
                    <td data-testid="affected-notice">
                      {TO_CALL.includes(booking.contact) ? <strong>{t(`closures.contact.${booking.contact}`)}</strong> : t(`closures.contact.${booking.contact}`)}
                      {booking.messages.length > 0 && (
                        <span className="staff-choice-detail">
                          {booking.messages.map((m) => `${t(`bookings.channels.${m.channel}`)}: ${t(`bookings.messageStatuses.${m.status}`)}`).join(' · ')}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
