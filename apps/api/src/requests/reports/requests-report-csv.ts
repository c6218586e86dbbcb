import { csvCell } from '../../reports/report-csv.js';
import type { RequestsReportDto, RequestsRowDto } from './dto/requests-report.dto.js';
import { REQUEST_FIGURES } from './requests-report-figures.js';

const SECTIONS: { field: 'byKind' | 'byTopic' | 'byChannel' | 'byAgent'; name: string }[] = [
  { field: 'byKind', name: 'Tipo' },
  { field: 'byTopic', name: 'Tema' },
  { field: 'byChannel', name: 'Canal' },
  { field: 'byAgent', name: 'Funcionario' },
];

/** The CSV's header line: the grouping, the key and its name, then the figures. */
export const REQUESTS_CSV_HEADERS = ['Agrupación', 'Clave', 'Nombre', ...REQUEST_FIGURES.map((f) => f.header)];

/**
 * The requests report as CSV, like the other reports (RFC 4180, CRLF, UTF-8 with a byte order
 * mark, decimal point, formula-looking text prefixed): one line per row of each grouping (kind,
 * topic, channel, staff member), the total, then the backlog buckets and the ratings 1–5 as
 * lines whose only figure is the count (in "Abiertas" for the backlog, "Calificaciones" for the ratings).
 */
export function requestsReportCsv(report: RequestsReportDto): string {
  const figures = (row: RequestsRowDto | RequestsReportDto['totals']) => REQUEST_FIGURES.map((f) => csvCell(row[f.field]));
  const lines: string[][] = [REQUESTS_CSV_HEADERS.map((h) => csvCell(h))];
  for (const section of SECTIONS) for (const row of report[section.field]) lines.push([csvCell(section.name), csvCell(row.key), csvCell(row.label), ...figures(row)]);
  lines.push([csvCell('Total'), 'total', 'Total', ...figures(report.totals)]);
  const blank = REQUEST_FIGURES.map(() => '');
  const at = (header: string) => REQUEST_FIGURES.findIndex((f) => f.header === header);
  for (const bucket of report.backlog.buckets) {
    const cells = [...blank];
    cells[at('Abiertas')] = String(bucket.count);
    lines.push([csvCell(`Pendientes al ${report.backlog.asOf}`), csvCell(bucket.key), csvCell(bucket.label), ...cells]);
  }
  for (const r of report.ratings.distribution) {
    const cells = [...blank];
    cells[at('Calificaciones')] = String(r.count);
    lines.push(['Calificación', String(r.rating), csvCell(`${r.rating} de 5`), ...cells]);
  }
  return '\uFEFF' + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
