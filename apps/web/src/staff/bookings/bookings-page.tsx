import { type ApiError, type Schema, unwrap } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { serverClock } from '../../server-clock.js';
import { staffApi } from '../api.js';
import { asApiError, errorMessage, isInvalid } from '../common/errors.js';
import { Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { useCurrentOffice } from '../session.js';
import { BookingMessages } from './booking-messages.js';

type StaffBooking = Schema<'StaffBookingDto'>;
type StaffBookingList = Schema<'StaffBookingListDto'>;
type BookingStatus = StaffBooking['status'];

const STATUSES: readonly BookingStatus[] = ['confirmed', 'checked_in', 'cancelled', 'no_show', 'expired'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The office's bookings of a day (`/staff/bookings`) and, for a selected one, the messages sent
 * about it (issue #16). The date and status live in the URL's query; a search by code or document
 * is sent in a POST body and kept in the page's memory only (personal data never in a URL).
 */
export function BookingsPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('bookings.title'));
  const office = useCurrentOffice();
  const today = serverClock.todayIn(office.timeZone);
  const [params, setParams] = useSearchParams();
  const date = DATE.test(params.get('date') ?? '') ? params.get('date')! : today;
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as BookingStatus) : undefined;

  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ q: string; list: StaffBookingList } | null>(null);
  const [searchError, setSearchError] = useState<ApiError | null>(null);
  const [searching, setSearching] = useState(false);
  const [selected, setSelected] = useState<StaffBooking | null>(null);

  const day = useApiData(
    () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/bookings', { params: { path: { officeId: office.id }, query: { date, ...(status ? { status } : {}) } } })),
    [office.id, date, status],
  );

  function choose(next: { date?: string; status?: string }) {
    const merged = { date, status: status ?? '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)));
    setFound(null);
    setSelected(null);
  }

  async function search(event: FormEvent) {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    setSearching(true);
    setSearchError(null);
    try {
      const list = await unwrap(staffApi.POST('/api/v1/offices/{officeId}/bookings/search', { params: { path: { officeId: office.id } }, body: { q } }));
      setFound({ q, list });
      setSelected(null);
    } catch (caught) {
      setSearchError(asApiError(caught));
    } finally {
      setSearching(false);
    }
  }

  function clearSearch() {
    setFound(null);
    setQuery('');
    setSelected(null);
  }

  const shown = found?.list ?? day.data;
  const timeZone = shown?.timeZone ?? office.timeZone;
  const caption = found ? t('bookings.searchResults', { count: found.list.bookings.length }) : t('bookings.dayTitle', { date: formatDate(date, office.timeZone, i18n.language, 'long') });

  return (
    <>
      <h1>{t('bookings.title')}</h1>
      <p className="staff-hint">{t('bookings.intro')}</p>
      <div className="staff-form staff-filters" role="group" aria-label={t('bookings.filters')}>
        <Field label={t('bookings.date')} type="date" required value={date} onChange={(value) => DATE.test(value) && choose({ date: value })} />
        <SelectField
          label={t('bookings.status')}
          value={status ?? ''}
          onChange={(value) => choose({ status: value })}
          options={[{ value: '', label: t('bookings.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`bookings.statuses.${s}`) }))]}
        />
        <button type="button" onClick={() => choose({ date: today })} disabled={date === today}>
          {t('bookings.today')}
        </button>
      </div>
      <form className="staff-form staff-filters" onSubmit={(event) => void search(event)} role="search" aria-label={t('bookings.searchForm')}>
        <Field label={t('bookings.search')} value={query} onChange={setQuery} maxLength={64} autoComplete="off" hint={t('bookings.searchHint')} invalid={isInvalid(searchError, 'q')} />
        <button type="submit" aria-disabled={searching}>
          {t('bookings.searchSubmit')}
        </button>
        {found && (
          <button type="button" onClick={clearSearch}>
            {t('bookings.backToDay')}
          </button>
        )}
      </form>
      <div aria-live="polite">{searchError && <Notice kind="error">{errorMessage(t, searchError)}</Notice>}</div>

      <section aria-labelledby="bookings-list-title">
        <h2 id="bookings-list-title">{caption}</h2>
        {!found && day.error && <Notice kind="error">{errorMessage(t, day.error)}</Notice>}
        {!shown && !day.error && <p role="status">{t('common.loading')}</p>}
        {shown && shown.bookings.length === 0 && <p>{found ? t('bookings.noneFound') : t('bookings.none')}</p>}
        {shown?.truncated && <p className="staff-warning">{t('bookings.truncated', { count: shown.bookings.length })}</p>}
        {shown && shown.bookings.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="bookings-list-title">
            <table className="staff-table" data-testid="staff-bookings">
              <thead>
                <tr>
                  <th scope="col">{t('bookings.slot')}</th>
                  <th scope="col">{t('queue.service')}</th>
                  <th scope="col">{t('bookings.applicant')}</th>
                  <th scope="col">{t('bookings.document')}</th>
                  <th scope="col">{t('bookings.code')}</th>
                  <th scope="col">{t('bookings.status')}</th>
                  <th scope="col">{t('bookings.messages')}</th>
                  <th scope="col">
                    <span className="t-visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.bookings.map((booking) => (
                  <tr key={booking.id} aria-current={selected?.id === booking.id ? 'true' : undefined}>
                    <td>
                      {found && `${formatDate(booking.slotStart, timeZone, i18n.language, 'short')} `}
                      {formatTime(booking.slotStart, timeZone, i18n.language)}
                    </td>
                    <td>{booking.service.name}</td>
                    <th scope="row">{booking.fullName}</th>
                    <td>
                      {t(`documents.${booking.documentType}`)} {booking.documentNumber}
                      {/* Said in words, not by colour: the document came from ClaveÚnica, not typed by someone. */}
                      {booking.identityVerified && <span className="staff-tag staff-tag-verified">{t('bookings.verified')}</span>}
                    </td>
                    <td className="staff-code">
                      {/* A companion's own code is never given out: the row names the holder's, which the group books under. */}
                      {booking.group && booking.group.index > 0 ? t('bookings.companionOf', { code: booking.group.code }) : booking.code}
                      {booking.group?.index === 0 && <span className="staff-hint"> · {t('bookings.groupOf', { count: booking.group.size })}</span>}
                    </td>
                    <td>
                      {t(`bookings.statuses.${booking.status}`)}
                      {booking.ticketNumber && ` · ${booking.ticketNumber}`}
                    </td>
                    <td data-testid="message-summary">{messageSummary(t, booking.messages)}</td>
                    <td className="staff-actions">
                      <button type="button" onClick={() => setSelected(booking)} aria-label={t('bookings.showMessagesOf', { code: booking.code })}>
                        {t('bookings.showMessages')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {selected && <BookingMessages key={selected.id} booking={selected} timeZone={timeZone} onClose={() => setSelected(null)} />}
    </>
  );
}

/** "2 enviados · 1 falló", or "Sin mensajes". */
function messageSummary(t: TFunction<'staff'>, counts: StaffBooking['messages']): string {
  const parts = (['sent', 'queued', 'failed', 'skipped'] as const).filter((status) => counts[status] > 0).map((status) => t(`bookings.counts.${status}`, { count: counts[status] }));
  return parts.length > 0 ? parts.join(' · ') : t('bookings.noMessagesShort');
}
