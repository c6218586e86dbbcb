import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { CHART_COLORS } from './figures.js';
import type { Report, ReportRow } from './report-table.js';

/**
 * The report's rows as two charts: people (arrivals, served) and waits (mean, 90th percentile).
 * Decorative for screen readers: the table above holds the same figures.
 */
export function ReportCharts({ report, labelOf }: { report: Report; labelOf(row: ReportRow): string }) {
  const { t } = useTranslation('staff');
  const data = report.rows.map((row) => ({
    label: labelOf(row),
    arrivals: row.arrivals ?? 0,
    served: row.served ?? 0,
    waitMean: row.waitMeanMinutes,
    waitP90: row.waitP90Minutes,
  }));
  if (data.length === 0) return null;
  const hasPeople = report.rows.some((row) => row.arrivals !== null);
  return (
    <div className="staff-charts">
      <figure className="staff-chart" aria-hidden="true">
        <figcaption>{t('reports.chartPeople')}</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            {hasPeople && <Bar dataKey="arrivals" name={t('reports.figures.arrivals')} fill={CHART_COLORS.muted} isAnimationActive={false} />}
            <Bar dataKey="served" name={t('reports.figures.served')} fill={CHART_COLORS.primary} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="staff-chart" aria-hidden="true">
        <figcaption>{t('reports.chartWaits')}</figcaption>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" />
            <YAxis unit=" min" />
            <Tooltip />
            <Legend />
            <Line dataKey="waitMean" name={t('reports.figures.waitMeanMinutes')} stroke={CHART_COLORS.primary} strokeWidth={2} connectNulls isAnimationActive={false} />
            <Line dataKey="waitP90" name={t('reports.figures.waitP90Minutes')} stroke={CHART_COLORS.accent} strokeWidth={2} connectNulls isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
