import { type ApiError, type Schema, unwrap } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { Field } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { serverClock } from '../../server-clock.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice, useSession } from '../session.js';
import { AffectedBookings } from './affected-bookings.js';

type Closure = Schema<'ClosureDto'>;
type CancelledBooking = Schema<'CancelledBookingDto'>;

/** Closures of a day or some hours (`/staff/closures`), and the people to contact about them. */
export function ClosuresPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('closures.title'));
  const office = useCurrentOffice();
  const { user } = useSession();
  const today = serverClock.todayIn(office.timeZone);
  const closures = useApiData(
    async () => (await unwrap(staffApi.GET('/api/v1/offices/{officeId}/closures', { params: { path: { officeId: office.id }, query: { from: today } } }))).sort((a, b) => a.date.localeCompare(b.date)),
    [office.id, today],
  );

  const [date, setDate] = useState('');
  const [wholeDay, setWholeDay] = useState(true);
  const [start, setStart] = useState('10:00');
  const [end, setEnd] = useState('12:00');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [created, setCreated] = useState<{ closure: Closure; cancelled: CancelledBooking[] } | null>(null);
  const [shown, setShown] = useState<{ closure: Closure; cancelled: CancelledBooking[] } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [listError, setListError] = useState<ApiError | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const body = wholeDay ? { date, reason: reason.trim() } : { date, start, end, reason: reason.trim() };
      const result = await unwrap(staffApi.POST('/api/v1/offices/{officeId}/closures', { params: { path: { officeId: office.id } }, body }));
      setCreated({ closure: result.closure, cancelled: result.cancelledBookings });
      setReason('');
      await closures.reload();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  async function refreshCreated(closure: Closure) {
    setListError(null);
    try {
      const cancelled = await unwrap(staffApi.GET('/api/v1/closures/{closureId}/cancelled-bookings', { params: { path: { closureId: closure.id } } }));
      setCreated({ closure, cancelled });
    } catch (caught) {
      setListError(asApiError(caught));
    }
  }

  async function showAffected(closure: Closure) {
    setListError(null);
    try {
      const cancelled = await unwrap(staffApi.GET('/api/v1/closures/{closureId}/cancelled-bookings', { params: { path: { closureId: closure.id } } }));
      setShown({ closure, cancelled });
    } catch (caught) {
      setListError(asApiError(caught));
    }
  }

  async function remove(closure: Closure) {
    setListError(null);
    try {
      await unwrap(staffApi.DELETE('/api/v1/closures/{closureId}', { params: { path: { closureId: closure.id } } }));
      setConfirmDelete(null);
      if (shown?.closure.id === closure.id) setShown(null);
      await closures.reload();
    } catch (caught) {
      setListError(asApiError(caught));
    }
  }

  const describe = (closure: Closure) =>
    closure.kind === 'open'
      ? t('closures.extraOpening', { hours: (closure.intervals ?? []).map((i) => `${i.start}–${i.end}`).join(', ') })
      : closure.start && closure.end
        ? t('closures.hours', { start: closure.start, end: closure.end })
        : t('closures.wholeDay');
  const canChange = user?.role === 'supervisor' || user?.role === 'admin';

  return (
    <>
      <h1>{t('closures.title')}</h1>
      <p className="staff-hint">{t('closures.intro')}</p>
      {canChange && (
        <p className="staff-hint">
          {t('closures.noticeHint')} <Link to={staffPath('notices')}>{t('closures.noticeLink')}</Link>
        </p>
      )}
      {canChange && (
        <section className="staff-panel" aria-labelledby="closure-form-title">
          <h2 id="closure-form-title">{t('closures.new')}</h2>
          <form className="staff-form" onSubmit={(event) => void create(event)}>
            <div className="staff-grid-form">
              <Field label={t('closures.date')} type="date" min={today} required value={date} onChange={setDate} invalid={isInvalid(error, 'date')} />
              <fieldset>
                <legend>{t('closures.extent')}</legend>
                <label className="staff-choice">
                  <input type="radio" name="extent" checked={wholeDay} onChange={() => setWholeDay(true)} />
                  <span>{t('closures.wholeDay')}</span>
                </label>
                <label className="staff-choice">
                  <input type="radio" name="extent" checked={!wholeDay} onChange={() => setWholeDay(false)} />
                  <span>{t('closures.someHours')}</span>
                </label>
              </fieldset>
              {!wholeDay && (
                <>
                  <Field label={t('closures.start')} type="time" required value={start} onChange={setStart} invalid={isInvalid(error, 'start')} />
                  <Field label={t('closures.end')} type="time" required value={end} onChange={setEnd} invalid={isInvalid(error, 'end')} />
                </>
              )}
              <div className="staff-span">
                <Field
                  label={t('closures.reason')}
                  required
                  minLength={3}
                  maxLength={300}
                  value={reason}
                  onChange={setReason}
                  invalid={isInvalid(error, 'reason')}
                  hint={t('closures.reasonHint')}
                />
              </div>
            </div>
            <p className="staff-warning">{t('closures.warning')}</p>
            {error && <Notice kind="error">{errorMessage(t, error)}</Notice>}
            <button type="submit" className="t-primary" aria-disabled={busy}>
              {t('closures.create')}
            </button>
          </form>
        </section>
      )}
      <div aria-live="polite">
        {created && (
          <>
            <Notice kind="success">
              {t('closures.created', { date: formatDate(created.closure.date, office.timeZone, i18n.language), count: created.cancelled.length })}
            </Notice>
            <AffectedBookings
              bookings={created.cancelled}
              timeZone={office.timeZone}
              title={t('closures.affectedTitle', { date: formatDate(created.closure.date, office.timeZone, i18n.language, 'long') })}
              onRefresh={() => void refreshCreated(created.closure)}
            />
          </>
        )}
      </div>

      <section aria-labelledby="closure-list-title">
        <h2 id="closure-list-title">{t('closures.upcoming')}</h2>
        {listError && <Notice kind="error">{errorMessage(t, listError)}</Notice>}
        {closures.error && <Notice kind="error">{errorMessage(t, closures.error)}</Notice>}
        {closures.data && closures.data.length === 0 && <p>{t('closures.none')}</p>}
        {closures.data && closures.data.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="closure-list-title">
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('closures.date')}</th>
                  <th scope="col">{t('closures.extent')}</th>
                  <th scope="col">{t('closures.reason')}</th>
                  <th scope="col">
                    <span className="t-visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {closures.data.map((closure) => (
                  <tr key={closure.id}>
                    <th scope="row">{formatDate(closure.date, office.timeZone, i18n.language)}</th>
                    <td>{describe(closure)}</td>
                    <td>{closure.reason}</td>
                    <td className="staff-actions">
                      <button type="button" onClick={() => void showAffected(closure)}>
                        {t('closures.showAffected')}
                      </button>
                      {canChange &&
                        (confirmDelete === closure.id ? (
                          <>
                            <button type="button" className="staff-danger-button" onClick={() => void remove(closure)}>
                              {t('closures.confirmDelete')}
                            </button>
                            <button type="button" onClick={() => setConfirmDelete(null)}>
                              {t('common.cancel')}
                            </button>
                          </>
                        ) : (
                          <button type="button" onClick={() => setConfirmDelete(closure.id)}>
                            {t('closures.delete')}
                          </button>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {confirmDelete && <p className="staff-warning">{t('closures.deleteWarning')}</p>}
        {shown && (
          <AffectedBookings
            bookings={shown.cancelled}
            timeZone={office.timeZone}
            title={t('closures.affectedTitle', { date: formatDate(shown.closure.date, office.timeZone, i18n.language, 'long') })}
            onRefresh={() => void showAffected(shown.closure)}
          />
        )}
      </section>
    </>
  );
}
