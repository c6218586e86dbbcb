import type { Schema } from '@turnero/api-client';
import { formatDate, formatPhone, formatTime } from '@turnero/ui';
import { useTranslation } from 'react-i18next';

type CancelledBooking = Schema<'CancelledBookingDto'>;

/**
 * The people whose bookings a closure cancelled, with their contact data, for the supervisor to
 * call or write to (the "Aviso" column says whom the system already told by email or SMS: the
 * others are to be called). Personal data: shown only here, kept in the page's memory, never in a URL.
 */
export function AffectedBookings({ bookings, timeZone, title }: { bookings: CancelledBooking[]; timeZone: string; title: string }) {
  const { t, i18n } = useTranslation('staff');
  return (
    <section className="staff-panel staff-affected" aria-label={title}>
      <h3>{title}</h3>
      {bookings.length === 0 ? (
        <p>{t('closures.noneAffected')}</p>
      ) : (
        <>
          <p>{t('closures.contactThem', { count: bookings.length })}</p>
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
                {bookings.map((booking) => (
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
                    <td data-testid="affected-notice">{booking.notified ? t('closures.notified') : <strong>{t('closures.callThem')}</strong>}</td>
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
