import { type Schema, unwrap } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Kpi } from '../common/kpi.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';
import { saveCsv, useCsvDownload } from './csv-download.js';
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
  const answer = await staffApi.GET('/api/v1/offices/{officeId}/reports/waitlist.csv', { params: { path: { officeId }, query: { from, to } }, parseAs: 'blob' });
  saveCsv(answer, `lista-espera-${from}-${to}.csv`);
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
  const { downloading, downloadError, download } = useCsvDownload();

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
      <button type="button" onClick={() => void download(() => downloadCsv(officeId, from, to))} aria-disabled={downloading}>
        {downloading ? t('reports.downloading') : t('reports.waitlist.downloadCsv')}
      </button>
      <div aria-live="polite">{downloadError && <Notice kind="error">{errorMessage(t, downloadError)}</Notice>}</div>
      {report.error && <Notice kind="error">{errorMessage(t, report.error)}</Notice>}
      {!data && !report.error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <ul className="staff-kpis" aria-label={t('reports.waitlist.summary')}>
            <Kpi testId="waitlist-joins" value={formatNumber(data.totals.joins, lang)} label={t('reports.waitlist.figures.joins')} />
            <Kpi testId="waitlist-offers" value={formatNumber(data.totals.offers, lang)} label={t('reports.waitlist.figures.offers')} />
            <Kpi testId="waitlist-accepted" value={formatNumber(data.totals.accepted, lang)} label={t('reports.waitlist.figures.accepted')} />
            <Kpi testId="waitlist-reused" value={formatNumber(data.totals.seatsReused, lang)} label={t('reports.waitlist.figures.seatsReused')} />
            <Kpi
              value={data.totals.medianMinutesToAccept === null ? '—' : t('reports.minutesValue', { value: formatNumber(data.totals.medianMinutesToAccept, lang, 1) })}
              label={t('reports.waitlist.figures.medianMinutesToAccept')}
            />
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
