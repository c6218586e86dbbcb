import { type ApiError, type Schema, unwrap } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { CheckField, Field } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { useCurrentOffice } from '../session.js';
import { serverClock } from '../../server-clock.js';
import { localDateTime, officeInstant } from './office-time.js';

type StaffNotice = Schema<'StaffNoticeDto'>;
type NoticeCreated = Schema<'NoticeCreatedDto'>;

const MESSAGE_MAX = 500;

/**
 * Office notices (`/staff/notices`): what the booking site, the kiosk and the waiting-room screen
 * show for a period, optionally sent to everyone booked in it. Dates and times are the OFFICE's
 * (its time zone, the server's clock), whatever the browser's.
 */
export function NoticesPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('notices.title'));
  const office = useCurrentOffice();
  const zone = office.timeZone;
  const notices = useApiData(
    async () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/notices/schedule', { params: { path: { officeId: office.id } } })),
    [office.id],
  );

  const hourFromNow = () => localDateTime(Math.ceil(serverClock.now() / 3_600_000) * 3_600_000, zone);
  const [message, setMessage] = useState('');
  const [from, setFrom] = useState(hourFromNow);
  const [to, setTo] = useState('');
  const [notifyBooked, setNotifyBooked] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  /** The notice just published, and how many messages went out for it (null: not asked to send). */
  const [created, setCreated] = useState<{ notice: NoticeCreated; queued: number | null } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);
  const messageId = useId();

  async function publish(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const body = { message: message.trim(), from: officeInstant(from, zone) ?? from, to: officeInstant(to, zone) ?? to, notifyBooked };
      const result = await unwrap(staffApi.POST('/api/v1/offices/{officeId}/notices', { params: { path: { officeId: office.id } }, body }));
      setCreated({ notice: result, queued: notifyBooked ? result.notified : null });
      setMessage('');
      setNotifyBooked(false);
      await notices.reload();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  async function remove(notice: StaffNotice) {
    setListError(null);
    try {
      await unwrap(staffApi.DELETE('/api/v1/notices/{noticeId}', { params: { path: { noticeId: notice.id } } }));
      setConfirmDelete(null);
      if (created?.notice.id === notice.id) setCreated(null);
      await notices.reload();
    } catch (caught) {
      setListError(asApiError(caught));
    }
  }

  const at = (instant: string) => `${formatDate(instant, zone, i18n.language, 'medium')} ${formatTime(instant, zone, i18n.language)}`;
  const period = (notice: { from: string; to: string }) => t('notices.period', { from: at(notice.from), to: at(notice.to) });

  return (
    <>
      <h1>{t('notices.title')}</h1>
      <p className="staff-hint">{t('notices.intro')}</p>
      <section className="staff-panel" aria-labelledby="notice-form-title">
        <h2 id="notice-form-title">{t('notices.new')}</h2>
        <form className="staff-form" onSubmit={(event) => void publish(event)}>
          <div className="staff-grid-form">
            <div className="staff-field staff-span">
              <label htmlFor={messageId}>{t('notices.message')}</label>
              <textarea
                id={messageId}
                required
                rows={3}
                maxLength={MESSAGE_MAX}
                value={message}
                onChange={(event) => setMessage(event.target.value)}
                aria-invalid={isInvalid(error, 'message') || undefined}
                aria-describedby={`${messageId}-hint`}
              />
              <p id={`${messageId}-hint`} className="staff-hint">
                {t('notices.messageHint', { count: MESSAGE_MAX - message.length })}
              </p>
            </div>
            <Field label={t('notices.from')} type="datetime-local" required value={from} onChange={setFrom} invalid={isInvalid(error, 'from')} />
            <Field
              label={t('notices.to')}
              type="datetime-local"
              required
              min={from || undefined}
              value={to}
              onChange={setTo}
              invalid={isInvalid(error, 'to')}
              hint={t('notices.zoneHint', { zone })}
            />
            <div className="staff-span">
              <CheckField label={t('notices.notifyBooked')} hint={t('notices.notifyBookedHint')} checked={notifyBooked} onChange={setNotifyBooked} />
            </div>
          </div>
          {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
          <button type="submit" className="t-primary" aria-disabled={busy}>
            {t('notices.publish')}
          </button>
        </form>
      </section>
      <div aria-live="polite">
        {created && (
          <Notice kind="success">
            {t('notices.published', { period: period(created.notice) })}
            {created.queued !== null && ` ${t('notices.queued', { count: created.queued })}`}
          </Notice>
        )}
      </div>

      <section aria-labelledby="notice-list-title">
        <h2 id="notice-list-title">{t('notices.list')}</h2>
        {listError && <Notice kind="error">{errorMessage(t, listError)}</Notice>}
        {notices.error && <Notice kind="error">{errorMessage(t, notices.error)}</Notice>}
        {notices.data && notices.data.length === 0 && <p>{t('notices.none')}</p>}
        {notices.data && notices.data.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="notice-list-title">
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('notices.message')}</th>
                  <th scope="col">{t('notices.when')}</th>
                  <th scope="col">{t('notices.status')}</th>
                  <th scope="col">{t('notices.sent')}</th>
                  <th scope="col">
                    <span className="t-visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {notices.data.map((notice) => (
                  <tr key={notice.id}>
                    <th scope="row">{notice.message}</th>
                    <td>{period(notice)}</td>
                    <td>{t(`notices.statuses.${notice.status}`)}</td>
                    <td>{notice.notified}</td>
                    <td className="staff-actions">
                      {confirmDelete === notice.id ? (
                        <>
                          <button type="button" className="staff-danger-button" onClick={() => void remove(notice)}>
                            {t('notices.confirmDelete')}
                          </button>
                          <button type="button" onClick={() => setConfirmDelete(null)}>
                            {t('common.cancel')}
                          </button>
                        </>
                      ) : (
                        <button type="button" onClick={() => setConfirmDelete(notice.id)}>
                          {t('notices.delete')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {confirmDelete && <p className="staff-warning">{t('notices.deleteWarning')}</p>}
      </section>
    </>
  );
}
