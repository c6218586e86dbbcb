import { useTranslation } from 'react-i18next';
import { formatNumber } from './figures.js';
import type { Report } from './report-table.js';

/** Surveys and mean rating per group (service, agent): rows with no survey are left out. */
export function SatisfactionTable({ report, title, testId }: { report: Report; title: string; testId: string }) {
  const { t, i18n } = useTranslation('staff');
  const rows = report.rows.filter((row) => (row.surveys ?? 0) > 0);
  return (
    <section className="staff-panel" aria-label={title}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p>{t('reports.noSurveys')}</p>
      ) : (
        <table className="staff-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t(`reports.groupBy.${report.groupBy}`)}</th>
              <th scope="col" className="staff-num">
                {t('reports.figures.surveys')}
              </th>
              <th scope="col" className="staff-num">
                {t('reports.figures.ratingMean')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="staff-num">{formatNumber(row.surveys, i18n.language)}</td>
                <td className="staff-num">
                  <span className="staff-rating">{formatNumber(row.ratingMean, i18n.language, 1)}</span>
                  <span className="staff-muted"> / 5</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
