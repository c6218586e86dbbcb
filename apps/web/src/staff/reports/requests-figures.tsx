import { unwrap } from '@turnero/api-client';
import type { components } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Kpi } from '../common/kpi.js';
import { Notice } from '../common/notice.js';
import { useApiData } from '../common/use-api-data.js';
import { saveCsv, useCsvDownload } from './csv-download.js';
import { formatNumber, formatShare } from './figures.js';

type RequestsReport = components['schemas']['RequestsReportDto'];
type RequestsRow = components['schemas']['RequestsRowDto'];
type Grouping = 'byKind' | 'byTopic' | 'byChannel' | 'byAgent';
const GROUPINGS: Grouping[] = ['byKind', 'byTopic', 'byChannel', 'byAgent'];

/** Downloads the requests report's CSV with the session's token (a bearer cannot ride on a link). */
async function downloadCsv(officeId: string, from: string, to: string): Promise<void> {
  const answer = await staffApi.GET('/api/v1/offices/{officeId}/reports/requests.csv', { params: { path: { officeId }, query: { from, to } }, parseAs: 'blob' });
  saveCsv(answer, `solicitudes-${from}-${to}.csv`);
}

/**
 * The requests and complaints section of the reports page (issue #17): the range's requests
 * (received, answered, within the deadline, median working days), per kind, topic, channel and
 * staff member, the open backlog by age in working days, and the ratings; with its CSV.
 */
export function RequestsFigures({ officeId, from, to }: { officeId: string; from: string; to: string }) {
  const { t, i18n } = useTranslation('staff');
  const lang = i18n.language;
  const report = useApiData(
    () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/reports/requests', { params: { path: { officeId }, query: { from, to } } })) as Promise<RequestsReport>,
    [officeId, from, to],
  );
  const { downloading, downloadError, download } = useCsvDownload();

  const label = (grouping: Grouping, row: RequestsRow) =>
    grouping === 'byKind' ? t(`requests.kinds.${row.key}`, { defaultValue: row.label }) : grouping === 'byChannel' ? t(`requests.channels.${row.key}`, { defaultValue: row.label }) : row.label;
  const data = report.data;
  return (
    <section aria-labelledby="requests-report-title" data-testid="requests-report">
      <h2 id="requests-report-title">{t('reports.requests.title')}</h2>
      <p className="staff-hint">{t('reports.requests.hint')}</p>
      <button type="button" onClick={() => void download(() => downloadCsv(officeId, from, to))} aria-disabled={downloading}>
        {downloading ? t('reports.downloading') : t('reports.requests.downloadCsv')}
      </button>
      <div aria-live="polite">{downloadError && <Notice kind="error">{errorMessage(t, downloadError)}</Notice>}</div>
      {report.error && <Notice kind="error">{errorMessage(t, report.error)}</Notice>}
      {!data && !report.error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <ul className="staff-kpis" aria-label={t('reports.requests.summary')}>
            <Kpi testId="requests-received" value={formatNumber(data.totals.received, lang)} label={t('reports.requests.received')} />
            <Kpi value={formatNumber(data.totals.answered, lang)} label={t('reports.requests.answered')} />
            <Kpi value={formatShare(data.totals.onTimeShare, lang)} label={t('reports.requests.onTimeShare')} />
            <Kpi value={formatNumber(data.totals.medianWorkingDays, lang, 1)} label={t('reports.requests.medianWorkingDays')} />
            <Kpi value={formatNumber(data.ratings.mean, lang, 1)} label={t('reports.requests.ratingMean', { count: data.ratings.count })} />
          </ul>
          {data.totals.received === 0 ? (
            <p>{t('reports.requests.empty')}</p>
          ) : (
            <div className="staff-columns">
              {GROUPINGS.filter((grouping) => data[grouping].length > 0).map((grouping) => (
                <table key={grouping} className="staff-table" data-testid={`requests-${grouping}`}>
                  <caption>{t(`reports.requests.${grouping}`)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t(`reports.requests.${grouping}`)}</th>
                      <th scope="col" className="staff-num">
                        {t(grouping === 'byAgent' ? 'reports.requests.answered' : 'reports.requests.received')}
                      </th>
                      {grouping !== 'byAgent' && (
                        <th scope="col" className="staff-num">
                          {t('reports.requests.answered')}
                        </th>
                      )}
                      <th scope="col" className="staff-num">
                        {t('reports.requests.onTimeShare')}
                      </th>
                      <th scope="col" className="staff-num">
                        {t('reports.requests.medianWorkingDays')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data[grouping].map((row) => (
                      <tr key={row.key}>
                        <th scope="row">{label(grouping, row)}</th>
                        <td className="staff-num">{formatNumber(grouping === 'byAgent' ? row.answered : row.received, lang)}</td>
                        {grouping !== 'byAgent' && <td className="staff-num">{formatNumber(row.answered, lang)}</td>}
                        <td className="staff-num">{formatShare(row.onTimeShare, lang)}</td>
                        <td className="staff-num">{formatNumber(row.medianWorkingDays, lang, 1)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ))}
            </div>
          )}
          <div className="staff-columns">
            <table className="staff-table" data-testid="requests-backlog">
              <caption>{t('reports.requests.backlogTitle', { total: data.backlog.total })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.requests.age')}</th>
                  <th scope="col" className="staff-num">
                    {t('reports.requests.open')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.backlog.buckets.map((bucket) => (
                  <tr key={bucket.key}>
                    <th scope="row">
                      {bucket.maxWorkingDays === null
                        ? t('reports.requests.ageOver', { min: bucket.minWorkingDays - 1 })
                        : t('reports.requests.ageRange', { min: bucket.minWorkingDays, max: bucket.maxWorkingDays })}
                    </th>
                    <td className="staff-num">{formatNumber(bucket.count, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="staff-table" data-testid="requests-ratings">
              <caption>{t('reports.requests.ratingsTitle', { count: data.ratings.count })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.requests.rating')}</th>
                  <th scope="col" className="staff-num">
                    {t('reports.requests.answers')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.ratings.distribution.map((r) => (
                  <tr key={r.rating}>
                    <th scope="row">{t('reports.requests.ratingOf', { rating: r.rating })}</th>
                    <td className="staff-num">{formatNumber(r.count, lang)}</td>
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
