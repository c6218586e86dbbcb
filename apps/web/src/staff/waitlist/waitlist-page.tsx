import { type Schema, unwrap } from '@turnero/api-client';
import { formatDate, formatTime } from '@turnero/ui';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { serverClock } from '../../server-clock.js';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Field, SelectField } from '../common/fields.js';
import { Kpi } from '../common/kpi.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { useApiData } from '../common/use-api-data.js';
import { useServices } from '../common/use-office-data.js';
import { formatNumber, shortDay } from '../reports/figures.js';
import { useCurrentOffice } from '../session.js';

type Overview = Schema<'WaitlistOverviewDto'>;
type Entry = Schema<'WaitlistStaffEntryDto'>;
type EntryStatus = Entry['status'];

const STATUSES: readonly EntryStatus[] = ['waiting', 'offered', 'booked', 'left', 'removed'];
const WEEKS = [1, 2, 4, 8, 12] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The day `days` after a calendar date (YYYY-MM-DD), in the calendar (no time zone involved). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * The waitlist (`/staff/waitlist`, issue #18): per procedure and day of the coming weeks, how many
 * people wait for a seat to free and how many seats are held for them now; then the entries
 * themselves, by code only (the API sends no name, document or contact). Procedure, first day,
 * weeks and status live in the URL's query: nothing personal.
 */
export function WaitlistPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('waitlist.title'));
  const office = useCurrentOffice();
  const lang = i18n.language;
  const today = serverClock.todayIn(office.timeZone);
  const [params, setParams] = useSearchParams();
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : today;
  const weeks = (WEEKS as readonly number[]).includes(Number(params.get('weeks'))) ? Number(params.get('weeks')) : 4;
  const to = addDays(from, weeks * 7 - 1);
  const serviceId = UUID.test(params.get('service') ?? '') ? params.get('service')! : '';
  const status = (STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as EntryStatus) : undefined;

  const services = useServices(office.id);
  const bookable = (services.data ?? []).filter((s) => s.mode !== 'walk_in' || s.id === serviceId);
  const overview = useApiData(
    () =>
      unwrap(
        staffApi.GET('/api/v1/offices/{officeId}/waitlist', { params: { path: { officeId: office.id }, query: { from, to, ...(serviceId ? { serviceId } : {}) } } }),
      ) as Promise<Overview>,
    [office.id, from, to, serviceId],
  );
  const entries = useApiData(
    () =>
      unwrap(
        staffApi.GET('/api/v1/offices/{officeId}/waitlist/entries', {
          params: { path: { officeId: office.id }, query: { ...(serviceId ? { serviceId } : {}), ...(status ? { status } : {}) } },
        }),
      ),
    [office.id, serviceId, status],
  );

  function choose(next: { from?: string; weeks?: string; service?: string; status?: string }) {
    const merged = { from: from === today ? '' : from, weeks: weeks === 4 ? '' : String(weeks), service: serviceId, status: status ?? '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value)));
  }

  const data = overview.data;
  const nameOf = (id: string) => services.data?.find((s) => s.id === id)?.name ?? data?.services.find((s) => s.serviceId === id)?.serviceName ?? '';

  return (
    <>
      <h1>{t('waitlist.title')}</h1>
      <p className="staff-hint">{t('waitlist.intro')}</p>
      <div className="staff-form staff-filters" role="group" aria-label={t('waitlist.filters')}>
        <SelectField
          label={t('waitlist.service')}
          value={serviceId}
          onChange={(value) => choose({ service: value })}
          options={[{ value: '', label: t('waitlist.allServices') }, ...bookable.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <Field label={t('waitlist.from')} type="date" required value={from} onChange={(value) => DATE.test(value) && choose({ from: value === today ? '' : value })} />
        <SelectField
          label={t('waitlist.weeks')}
          value={String(weeks)}
          onChange={(value) => choose({ weeks: value === '4' ? '' : value })}
          options={WEEKS.map((w) => ({ value: String(w), label: t('waitlist.weeksOption', { count: w }) }))}
        />
        <button type="button" onClick={() => choose({ from: '' })} disabled={from === today}>
          {t('waitlist.today')}
        </button>
      </div>

      <section aria-labelledby="waitlist-days-title">
        <h2 id="waitlist-days-title">
          {t('waitlist.daysTitle', { from: formatDate(from, office.timeZone, lang, 'long'), to: formatDate(to, office.timeZone, lang, 'long') })}
        </h2>
        {overview.error && <Notice kind="error">{errorMessage(t, overview.error)}</Notice>}
        {!data && !overview.error && <p role="status">{t('common.loading')}</p>}
        {data && (
          <>
            <ul className="staff-kpis" aria-label={t('waitlist.summary')}>
              <Kpi testId="waitlist-total-waiting" value={formatNumber(data.totals.waiting, lang)} label={t('waitlist.waitingPeople')} />
              <Kpi testId="waitlist-total-offered" value={formatNumber(data.totals.offered, lang)} label={t('waitlist.heldSeats')} />
            </ul>
            {data.services.length === 0 ? (
              <p>{t('waitlist.nobody')}</p>
            ) : (
              <div className="staff-columns">
                {data.services.map((service) => {
                  const days = data.days.filter((d) => d.serviceId === service.serviceId);
                  return (
                    <div key={service.serviceId} className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby={`waitlist-${service.serviceId}`}>
                      <table className="staff-table" data-testid="waitlist-days">
                        <caption id={`waitlist-${service.serviceId}`}>
                          {t('waitlist.serviceCaption', { name: nameOf(service.serviceId), waiting: service.waiting, offered: service.offered })}
                        </caption>
                        <thead>
                          <tr>
                            <th scope="col">{t('waitlist.day')}</th>
                            <th scope="col" className="staff-num">
                              {t('waitlist.waiting')}
                            </th>
                            <th scope="col" className="staff-num">
                              {t('waitlist.offered')}
                            </th>
                          </tr>
                        </thead>
                        <tbody>
                          {days.map((day) => (
                            <tr key={day.date} data-date={day.date}>
                              <th scope="row">{shortDay(day.date, lang)}</th>
                              <td className="staff-num" data-figure="waiting">
                                {formatNumber(day.waiting, lang)}
                              </td>
                              <td className="staff-num" data-figure="offered">
                                {formatNumber(day.offered, lang)}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </div>
                  );
                })}
              </div>
            )}
            <p className="staff-hint">{t('waitlist.daysHint')}</p>
          </>
        )}
      </section>

      <section aria-labelledby="waitlist-entries-title">
        <h2 id="waitlist-entries-title">{t('waitlist.entriesTitle')}</h2>
        <div className="staff-form staff-filters" role="group" aria-label={t('waitlist.entriesFilter')}>
          <SelectField
            label={t('waitlist.status')}
            value={status ?? ''}
            onChange={(value) => choose({ status: value })}
            options={[{ value: '', label: t('waitlist.activeStatuses') }, ...STATUSES.map((s) => ({ value: s, label: t(`waitlist.statuses.${s}`) }))]}
          />
        </div>
        {entries.error && <Notice kind="error">{errorMessage(t, entries.error)}</Notice>}
        {!entries.data && !entries.error && <p role="status">{t('common.loading')}</p>}
        {entries.data && entries.data.entries.length === 0 && <p>{t('waitlist.noEntries')}</p>}
        {entries.data?.truncated && <p className="staff-warning">{t('waitlist.truncated', { count: entries.data.entries.length })}</p>}
        {entries.data && entries.data.entries.length > 0 && (
          <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="waitlist-entries-title">
            <table className="staff-table" data-testid="waitlist-entries">
              <thead>
                <tr>
                  <th scope="col">{t('waitlist.code')}</th>
                  <th scope="col">{t('waitlist.service')}</th>
                  <th scope="col" className="staff-num">
                    {t('waitlist.place')}
                  </th>
                  <th scope="col">{t('waitlist.status')}</th>
                  <th scope="col">{t('waitlist.wishes')}</th>
                  <th scope="col">{t('waitlist.joined')}</th>
                  <th scope="col">{t('waitlist.offer')}</th>
                  <th scope="col" className="staff-num">
                    {t('waitlist.misses')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {entries.data.entries.map((entry) => (
                  <tr key={entry.code}>
                    <th scope="row" className="staff-code">
                      {entry.code}
                    </th>
                    <td>{entry.serviceName}</td>
                    <td className="staff-num">{entry.place ?? '—'}</td>
                    <td>{t(`waitlist.statuses.${entry.status}`)}</td>
                    <td>{wishes(t, entry, office.timeZone, lang)}</td>
                    <td>
                      {formatDate(entry.joinedAt, office.timeZone, lang, 'short')} {formatTime(entry.joinedAt, office.timeZone, lang)}
                    </td>
                    <td>
                      {entry.offer
                        ? t('waitlist.offerHeld', {
                            slot: `${formatDate(entry.offer.slotStart, office.timeZone, lang, 'short')} ${formatTime(entry.offer.slotStart, office.timeZone, lang)}`,
                            until: formatTime(entry.offer.expiresAt, office.timeZone, lang),
                          })
                        : '—'}
                    </td>
                    <td className="staff-num">{entry.misses}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

/** "1 dic – 31 dic · lunes, miércoles · solo mañanas": the days that suit the person. */
function wishes(t: TFunction<'staff'>, entry: Entry, timeZone: string, language: string): string {
  const parts = [`${formatDate(entry.from, timeZone, language, 'medium')} – ${formatDate(entry.to, timeZone, language, 'medium')}`];
  if (entry.weekdays && entry.weekdays.length > 0) parts.push(entry.weekdays.map((day) => t(`weekdays.${day}`).toLowerCase()).join(', '));
  if (entry.morningOnly) parts.push(t('waitlist.morningOnly'));
  return parts.join(' · ');
}
