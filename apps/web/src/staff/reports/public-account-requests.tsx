import type { Schema } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatShare, monthName } from './figures.js';

type RequestsYear = Schema<'RequestsYearDto'>;
type RequestsFigures = Schema<'RequestsFiguresDto'>;

/**
 * The yearly public account's section on requests, complaints and suggestions (issue #17): the
 * year's totals, then per kind and per month of filing as the API gives them (every kind, every
 * month), with how many were answered, the share within the deadline and the median working days.
 * A year without any says so in one sentence instead of empty tables.
 */
export function PublicAccountRequests({ requests, year }: { requests: RequestsYear; year: number }) {
  const { t, i18n } = useTranslation('staff');
  const n = (value: number | null | undefined, digits = 0) => formatNumber(value, i18n.language, digits);
  const share = (value: number | null | undefined) => formatShare(value, i18n.language);
  const total = requests.total;

  const kpis = [
    { id: 'received', label: t('reports.requests.received'), value: n(total.received) },
    { id: 'answered', label: t('reports.requests.answered'), value: n(total.answered) },
    { id: 'open', label: t('reports.requests.open'), value: n(total.open) },
    { id: 'onTime', label: t('reports.requests.onTimeShare'), value: share(total.onTimeShare) },
    { id: 'median', label: t('reports.requests.medianWorkingDays'), value: n(total.medianWorkingDays, 1) },
    { id: 'rating', label: t('publicAccount.requests.rating'), value: total.ratingMean === null ? '—' : `${n(total.ratingMean, 1)} / 5` },
  ];

  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col" className="staff-num">
          {t('reports.requests.received')}
        </th>
        <th scope="col" className="staff-num">
          {t('reports.requests.answered')}
        </th>
        <th scope="col" className="staff-num">
          {t('reports.requests.open')}
        </th>
        <th scope="col" className="staff-num">
          {t('reports.requests.onTimeShare')}
        </th>
        <th scope="col" className="staff-num">
          {t('reports.requests.medianWorkingDays')}
        </th>
        <th scope="col" className="staff-num">
          {t('publicAccount.requests.rating')}
        </th>
      </tr>
    </thead>
  );
  const cells = (figures: RequestsFigures) => (
    <>
      <td className="staff-num">{n(figures.received)}</td>
      <td className="staff-num">{n(figures.answered)}</td>
      <td className="staff-num">{n(figures.open)}</td>
      <td className="staff-num">{share(figures.onTimeShare)}</td>
      <td className="staff-num">{n(figures.medianWorkingDays, 1)}</td>
      <td className="staff-num">{n(figures.ratingMean, 1)}</td>
    </>
  );
  const foot = (
    <tfoot>
      <tr>
        <th scope="row">{t('reports.total')}</th>
        {cells(total)}
      </tr>
    </tfoot>
  );

  return (
    <section aria-labelledby="account-requests" className="staff-account-requests t-print-avoid-break" data-testid="account-requests">
      <h2 id="account-requests">{t('publicAccount.requests.title')}</h2>
      {total.received === 0 ? (
        <p data-testid="account-requests-none">{t('publicAccount.requests.none', { year })}</p>
      ) : (
        <>
          <ul className="staff-kpis" aria-label={t('publicAccount.requests.summary', { year })}>
            {kpis.map((item) => (
              <li key={item.id}>
                <span className="staff-kpi-value" data-testid={`year-requests-${item.id}`}>
                  {item.value}
                </span>
                <span className="staff-kpi-label">{item.label}</span>
              </li>
            ))}
          </ul>
          <table className="staff-table staff-account-table" data-testid="account-requests-kinds">
            <caption>{t('publicAccount.requests.byKind', { year })}</caption>
            {head(t('publicAccount.requests.kind'))}
            <tbody>
              {requests.kinds.map((kind) => (
                <tr key={kind.kind}>
                  <th scope="row">{t(`requests.kinds.${kind.kind}`, { defaultValue: kind.label })}</th>
                  {cells(kind)}
                </tr>
              ))}
            </tbody>
            {foot}
          </table>
          <table className="staff-table staff-account-table" data-testid="account-requests-months">
            <caption>{t('publicAccount.requests.byMonth', { year })}</caption>
            {head(t('publicAccount.month'))}
            <tbody>
              {requests.months.map((month) => (
                <tr key={month.month}>
                  <th scope="row">{monthName(month.month, i18n.language)}</th>
                  {cells(month)}
                </tr>
              ))}
            </tbody>
            {foot}
          </table>
        </>
      )}
      <p className="staff-hint">{t('publicAccount.requests.notes')}</p>
    </section>
  );
}
