import { unwrap } from '@turnero/api-client';
import { formatDate } from '@turnero/ui';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { serverClock } from '../../server-clock.js';
import { staffApi } from '../api.js';
import { errorMessage } from '../common/errors.js';
import { Field, SelectField } from '../common/fields.js';
import { Notice } from '../common/notice.js';
import { usePageTitle } from '../common/page-title.js';
import { monthStart } from '../common/time.js';
import { useApiData } from '../common/use-api-data.js';
import { staffPath } from '../navigation.js';
import { useCurrentOffice } from '../session.js';
import { ArrivalsHeatmap } from './arrivals-heatmap.js';
import { CommentsList } from './comments-list.js';
import { downloadReportCsv, useCsvDownload } from './csv-download.js';
import { formatNumber, formatShare, shortDay } from './figures.js';
import { ReportCharts } from './report-charts.js';
import { type Report, type ReportRow, ReportTable, rowLabel } from './report-table.js';
import { RequestsFigures } from './requests-figures.js';
import { SatisfactionTable } from './satisfaction.js';
import { WaitlistFigures } from './waitlist-figures.js';

const GROUPINGS = ['day', 'service', 'counter', 'agent', 'hour'] as const;
type Grouping = (typeof GROUPINGS)[number];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fetchReport(officeId: string, from: string, to: string, groupBy: Grouping): Promise<Report> {
  // JSON: the client sends no `Accept: text/csv` (that is the other answer the path may give).
  return unwrap(staffApi.GET('/api/v1/offices/{officeId}/reports', { params: { path: { officeId }, query: { from, to, groupBy } } })) as Promise<Report>;
}

/**
 * Reports (`/staff/reports`, issue #9): a range's figures grouped by day, service, counter, agent or
 * hour, as a table and charts; arrivals by weekday and hour; satisfaction; comments; the CSV.
 * The filters live in the URL's query (dates and a grouping only, nothing personal).
 */
export function ReportsPage() {
  const { t, i18n } = useTranslation('staff');
  usePageTitle(t('reports.title'));
  const office = useCurrentOffice();
  const officeId = office.id;
  const today = serverClock.todayIn(office.timeZone);
  const [params, setParams] = useSearchParams();
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : monthStart(today);
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : today;
  const groupBy = (GROUPINGS as readonly string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as Grouping) : 'day';

  const [draft, setDraft] = useState({ from, to, groupBy });
  useEffect(() => setDraft({ from, to, groupBy }), [from, to, groupBy]);
  const { downloading, downloadError, download } = useCsvDownload();

  const report = useApiData(() => fetchReport(officeId, from, to, groupBy), [officeId, from, to, groupBy]);
  const byService = useApiData(() => fetchReport(officeId, from, to, 'service'), [officeId, from, to]);
  const byAgent = useApiData(() => fetchReport(officeId, from, to, 'agent'), [officeId, from, to]);
  const arrivals = useApiData(() => unwrap(staffApi.GET('/api/v1/offices/{officeId}/reports/arrivals', { params: { path: { officeId }, query: { from, to } } })), [officeId, from, to]);

  function apply(event: FormEvent) {
    event.preventDefault();
    setParams({ from: draft.from, to: draft.to, groupBy: draft.groupBy });
  }

  const labelOf = (row: ReportRow) => (report.data ? rowLabel(report.data, row, (date) => shortDay(date, i18n.language)) : row.label);
  const totals = report.data?.totals;

  return (
    <div className="staff-reports">
      <div className="staff-page-head">
        <h1>{t('reports.title')}</h1>
        <Link to={staffPath(`reports/cuenta-publica?year=${today.slice(0, 4)}`)}>{t('reports.publicAccountLink')}</Link>
      </div>
      <form className="staff-form staff-filters" onSubmit={apply} aria-label={t('reports.filters')}>
        <Field label={t('reports.from')} type="date" required value={draft.from} max={draft.to} onChange={(value) => setDraft((d) => ({ ...d, from: value }))} />
        <Field label={t('reports.to')} type="date" required value={draft.to} min={draft.from} onChange={(value) => setDraft((d) => ({ ...d, to: value }))} />
        <SelectField
          label={t('reports.groupByLabel')}
          value={draft.groupBy}
          onChange={(value) => setDraft((d) => ({ ...d, groupBy: value as Grouping }))}
          options={GROUPINGS.map((g) => ({ value: g, label: t(`reports.groupBy.${g}`) }))}
        />
        <button type="submit" className="t-primary">
          {t('reports.show')}
        </button>
        <button type="button" onClick={() => void download(() => downloadReportCsv({ officeId, from, to, groupBy }))} aria-disabled={downloading}>
          {downloading ? t('reports.downloading') : t('reports.downloadCsv')}
        </button>
      </form>
      <div aria-live="polite">{downloadError && <Notice kind="error">{errorMessage(t, downloadError)}</Notice>}</div>

      <p className="staff-hint" data-testid="report-range">
        {t('reports.range', {
          from: formatDate(from, office.timeZone, i18n.language, 'long'),
          to: formatDate(to, office.timeZone, i18n.language, 'long'),
          target: office.waitTargetMinutes,
        })}
      </p>
      {report.error && <Notice kind="error">{errorMessage(t, report.error)}</Notice>}
      {!report.data && !report.error && <p role="status">{t('common.loading')}</p>}
      {report.data && totals && (
        <>
          <ul className="staff-kpis" aria-label={t('reports.summary')}>
            <li>
              <span className="staff-kpi-value">{formatNumber(totals.arrivals, i18n.language)}</span>
              <span className="staff-kpi-label">{t('reports.figures.arrivals')}</span>
            </li>
            <li>
              <span className="staff-kpi-value" data-testid="kpi-served">
                {formatNumber(totals.served, i18n.language)}
              </span>
              <span className="staff-kpi-label">{t('reports.figures.served')}</span>
            </li>
            <li>
              <span className="staff-kpi-value">{t('reports.minutesValue', { value: formatNumber(totals.waitMeanMinutes, i18n.language, 1) })}</span>
              <span className="staff-kpi-label">{t('reports.figures.waitMeanMinutes')}</span>
            </li>
            <li>
              <span className="staff-kpi-value">{formatShare(totals.waitWithinTargetShare, i18n.language)}</span>
              <span className="staff-kpi-label">{t('reports.withinTarget', { target: office.waitTargetMinutes })}</span>
            </li>
            <li>
              <span className="staff-kpi-value">{formatNumber(totals.walkInsRefused, i18n.language)}</span>
              <span className="staff-kpi-label">{t('reports.figures.walkInsRefused')}</span>
            </li>
            <li>
              <span className="staff-kpi-value">{formatNumber(totals.ratingMean, i18n.language, 1)}</span>
              <span className="staff-kpi-label">{t('reports.figures.ratingMean')}</span>
            </li>
          </ul>
          <section aria-labelledby="report-figures-title">
            <h2 id="report-figures-title">{t('reports.figuresTitle', { grouping: t(`reports.groupBy.${report.data.groupBy}`).toLowerCase() })}</h2>
            {report.data.rows.length === 0 ? (
              <p>{t('reports.empty')}</p>
            ) : (
              <>
                <ReportTable report={report.data} labelOf={labelOf} />
                <p className="staff-hint">{t('reports.utilisationHint')}</p>
              </>
            )}
            <ReportCharts report={report.data} labelOf={labelOf} />
          </section>
        </>
      )}

      <section aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">{t('reports.heatmapTitle')}</h2>
        <p className="staff-hint">{t('reports.heatmapHint')}</p>
        {arrivals.error && <Notice kind="error">{errorMessage(t, arrivals.error)}</Notice>}
        {arrivals.data && <ArrivalsHeatmap heatmap={arrivals.data} />}
      </section>

      <section aria-labelledby="satisfaction-title">
        <h2 id="satisfaction-title">{t('reports.satisfactionTitle')}</h2>
        <div className="staff-columns">
          {byService.data && <SatisfactionTable report={byService.data} title={t('reports.byService')} testId="satisfaction-service" />}
          {byAgent.data && <SatisfactionTable report={byAgent.data} title={t('reports.byAgent')} testId="satisfaction-agent" />}
        </div>
        <h3>{t('reports.commentsTitle')}</h3>
        <CommentsList officeId={officeId} from={from} to={to} timeZone={office.timeZone} />
      </section>

      <RequestsFigures officeId={officeId} from={from} to={to} />

      <WaitlistFigures officeId={officeId} from={from} to={to} />
    </div>
  );
}
