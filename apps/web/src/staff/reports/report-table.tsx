import type { Schema } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatShare } from './figures.js';

export type Report = Schema<'ReportDto'>;
export type ReportRow = Schema<'ReportRowDto'>;

/** Columns of the on-screen table (the CSV has every figure). */
const COLUMNS: { field: keyof ReportRow; kind: 'count' | 'minutes' | 'share' | 'rating' }[] = [
  { field: 'arrivals', kind: 'count' },
  { field: 'served', kind: 'count' },
  { field: 'walkInsIssued', kind: 'count' },
  { field: 'walkInsRefused', kind: 'count' },
  { field: 'appointmentsBooked', kind: 'count' },
  { field: 'appointmentsNoShow', kind: 'count' },
  { field: 'ticketNoShows', kind: 'count' },
  { field: 'waitMeanMinutes', kind: 'minutes' },
  { field: 'waitP90Minutes', kind: 'minutes' },
  { field: 'waitWithinTargetShare', kind: 'share' },
  { field: 'serviceMeanMinutes', kind: 'minutes' },
  { field: 'utilisation', kind: 'share' },
  { field: 'ratingMean', kind: 'rating' },
];

/** What a row is called in the page's language (the API's labels are Spanish). */
export function rowLabel(report: Report, row: ReportRow, format: (date: string) => string): string {
  if (report.groupBy === 'day') return format(row.key);
  if (report.groupBy === 'hour') return `${row.key}:00–${String(Number(row.key) + 1).padStart(2, '0')}:00`;
  return row.label;
}

export function ReportTable({ report, labelOf }: { report: Report; labelOf(row: ReportRow): string }) {
  const { t, i18n } = useTranslation('staff');
  const cell = (row: ReportRow, column: (typeof COLUMNS)[number]) => {
    const value = row[column.field] as number | null;
    if (column.kind === 'share') return formatShare(value, i18n.language);
    return formatNumber(value, i18n.language, column.kind === 'count' ? 0 : 1);
  };
  return (
    <div className="staff-table-wrap" tabIndex={0} role="region" aria-label={t('reports.tableTitle')}>
      <table className="staff-table staff-report-table" data-testid="report-table">
        <caption className="t-visually-hidden">{t('reports.tableTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`reports.groupBy.${report.groupBy}`)}</th>
            {COLUMNS.map((column) => (
              <th scope="col" key={column.field} className="staff-num">
                {t(`reports.figures.${column.field}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{labelOf(row)}</th>
              {COLUMNS.map((column) => (
                <td key={column.field} className="staff-num" data-figure={column.field}>
                  {cell(row, column)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('reports.total')}</th>
            {COLUMNS.map((column) => (
              <td key={column.field} className="staff-num" data-figure={column.field} data-testid={`total-${column.field}`}>
                {cell(report.totals, column)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
