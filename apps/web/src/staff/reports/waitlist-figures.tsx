import { type ApiError, type Schema, toApiError, unwrap } from '@turnero/api-client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { asApiError, errorMessage } from '../common/errors.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';
import { formatNumber } from './figures.js';

type WaitlistReport = Schema<'WaitlistReportDto'>;
type WaitlistFigures = Schema<'WaitlistFiguresDto'>;

/** The table's columns, in the CSV's order. */
const COLUMNS: { field: keyof WaitlistFigures; digits: number }[] = [
  { field: 'joins', digits: 0 },
  { field: 'offers', digits: 0 },
  { field: 'accepted', digits: 0 },
  { field: 'declined', digits: 0 },
  { field: 'expired', digits: 0 },
  { field: 'removed', digits: 0 },
  { field: 'left', digits: 0 },
  { field: 'seatsReused', digits: 0 },
  { field: 'medianMinutesToAccept', digits: 1 },
];

/** Downloads the waitlist report's CSV with the session's token (a bearer cannot ride on a link). */
async function downloadCsv(officeId: string, from: string, to: string): Promise<void> {
  const { data, error, response } = await staffApi.GET('/api/v1/offices/{officeId}/reports/waitlist.csv', { params: { path: { officeId }, query: { from, to } }, parseAs: 'blob' });
  if (!data || !response.ok) throw toApiError(error, response.status);
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `lista-espera-${from}-${to}.csv`;
  const url = URL.createObjectURL(data as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The waitlist section of the reports page (issue #18): over the range, people who joined, seats
 * offered and what became of the offers, entries removed and left, seats reused and the median
 * minutes to accept; per procedure with the total; with its CSV.
 */
export function WaitlistFigures({ officeId, from, to }: { officeId: string; from: string; to: string }) {
  const { t, i18n } = useTranslation('staff');
  const lang = i18n.language;
  const report = useApiData(
    () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/reports/waitlist', { params: { path: { officeId }, query: { from, to } } })) as Promise<WaitlistReport>,
    [officeId, from, to],
  );
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      await downloadCsv(officeId, from, to);
    } catch (caught) {
      setDownloadError(asApiError(caught));
    } finally {
      setDownloading(false);
    }
  }

  const data = report.data;
  const cells = (row: WaitlistFigures) =>
    COLUMNS.map((column) => (
      <td key={column.field} className="staff-num" data-figure={column.field}>
        {formatNumber(row[column.field], lang, column.digits)}
      </td>
    ));
  return (
    <section aria-labelledby="waitlist-report-title" data-testid="waitlist-report">
      <h2 id="waitlist-report-title">{t('reports.waitlist.title')}</h2>
      <p className="staff-hint">{t('reports.waitlist.hint')}</p>
      <button type="button" onClick={() => void download()} aria-disabled={downloading}>
        {downloading ? t('reports.downloading') : t('reports.waitlist.downloadCsv')}
      </button>
      <div aria-live="polite">{downloadError && <Notice kind="error">{errorMessage(t, downloadError)}</Notice>}</div>
      {report.error && <Notice kind="error">{errorMessage(t, report.error)}</Notice>}
      {!data && !report.error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <ul className="staff-kpis" aria-label={t('reports.waitlist.summary')}>
            <li>
              <span className="staff-kpi-value" data-testid="waitlist-joins">
                {formatNumber(data.totals.joins, lang)}
              </span>
              <span className="staff-kpi-label">{t('reports.waitlist.figures.joins')}</span>
            </li>
            <li>
              <span className="staff-kpi-value" data-testid="waitlist-offers">
                {formatNumber(data.totals.offers, lang)}
              </span>
              <span className="staff-kpi-label">{t('reports.waitlist.figures.offers')}</span>
            </li>
            <li>
              <span className="staff-kpi-value" data-testid="waitlist-accepted">
                {formatNumber(data.totals.accepted, lang)}
              </span>
              <span className="staff-kpi-label">{t('reports.waitlist.figures.accepted')}</span>
            </li>
            <li>
              <span className="staff-kpi-value" data-testid="waitlist-reused">
                {formatNumber(data.totals.seatsReused, lang)}
              </span>
              <span className="staff-kpi-label">{t('reports.waitlist.figures.seatsReused')}</span>
            </li>
            <li>
              <span className="staff-kpi-value">
                {data.totals.medianMinutesToAccept === null ? '—' : t('reports.minutesValue', { value: formatNumber(data.totals.medianMinutesToAccept, lang, 1) })}
              </span>
              <span className="staff-kpi-label">{t('reports.waitlist.figures.medianMinutesToAccept')}</span>
            </li>
          </ul>
          {data.byService.length === 0 ? (
            <p>{t('reports.waitlist.empty')}</p>
          ) : (
            <div className="staff-table-wrap" tabIndex={0} role="region" aria-labelledby="waitlist-report-caption">
              <table className="staff-table" data-testid="waitlist-report-table">
                <caption id="waitlist-report-caption">{t('reports.waitlist.tableTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reports.waitlist.service')}</th>
                    {COLUMNS.map((column) => (
                      <th scope="col" key={column.field} className="staff-num">
                        {t(`reports.waitlist.figures.${column.field}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.byService.map((row) => (
                    <tr key={row.serviceId}>
                      <th scope="row">{row.serviceName}</th>
                      {cells(row)}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('reports.total')}</th>
                    {cells(data.totals)}
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <p className="staff-hint">{t('reports.waitlist.reusedHint')}</p>
        </>
      )}
    </section>
  );
}
