import { type Schema, unwrap } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';
import { messageKind, messageReason } from './message-words.js';

type StaffBooking = Schema<'StaffBookingDto'>;

/** How often a panel with a queued message asks again. */
const PENDING_REFRESH_MS = 3_000;

/** A booking's messages (GET /bookings/{id}/messages): what, by which channel, how it went and when, in the office's time. */
export function BookingMessages({ booking, timeZone, onClose }: { booking: StaffBooking; timeZone: string; onClose(): void }) {
  const { t, i18n } = useTranslation('staff');
  const messages = useApiData(
    () => unwrap(staffApi.GET('/api/v1/bookings/{bookingId}/messages', { params: { path: { bookingId: booking.id } } })),
    [booking.id],
  );
  // A message still queued is being sent: look again every few seconds until none is, so the panel
  // ends on "Enviado" / "Falló" (and the channel it went by) without the staff pressing "Actualizar".
  const pending = messages.data?.some((message) => message.status === 'queued') ?? false;
  const reload = messages.reload;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void reload(), PENDING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pending, reload]);
  const title = t('bookings.messagesTitle', { code: booking.code });
  return (
    <section className="staff-panel" aria-label={title} data-testid="booking-messages">
      <div className="staff-page-head">
        <h2>{title}</h2>
        <div className="staff-actions">
          <button type="button" onClick={() => void messages.reload()}>
            {t('bookings.refresh')}
          </button>
          <button type="button" onClick={onClose}>
            {t('bookings.close')}
          </button>
        </div>
      </div>
      <p className="staff-hint">
        {booking.fullName} · {booking.service.name} · {formatDate(booking.slotStart, timeZone, i18n.language, 'long')} {formatTime(booking.slotStart, timeZone, i18n.language)}
      </p>
      {messages.error && <Notice kind="error">{errorMessage(t, messages.error)}</Notice>}
      {messages.loading && !messages.data && <p role="status">{t('common.loading')}</p>}
      {messages.data && messages.data.length === 0 && <p>{t('bookings.noMessages')}</p>}
      {messages.data && messages.data.length > 0 && (
        <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table className="staff-table">
            <thead>
              <tr>
                <th scope="col">{t('bookings.kind')}</th>
                <th scope="col">{t('bookings.channel')}</th>
                <th scope="col">{t('bookings.messageStatus')}</th>
                <th scope="col">{t('bookings.reason')}</th>
                <th scope="col">{t('bookings.at')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.data.map((message, index) => (
                <tr key={index}>
                  <th scope="row">{messageKind(t, message.kind)}</th>
                  {/* A phone message sent through the office's approved WhatsApp template says so. */}
                  <td>{t(`bookings.channels.${message.via === 'whatsapp' ? 'whatsapp' : message.channel}`)}</td>
                  <td data-testid="message-status" className={`staff-message-${message.status}`}>
                    {t(`bookings.messageStatuses.${message.status}`)}
                  </td>
                  <td>{messageReason(t, message.reason)}</td>
                  <td>
                    {formatDate(message.at, timeZone, i18n.language, 'short')} {formatTime(message.at, timeZone, i18n.language)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
