import { csvCell } from '../../reports/report-csv.js';
import type { WaitlistFiguresDto, WaitlistReportDto } from './dto/waitlist-report.dto.js';
import { WAITLIST_FIGURES } from './waitlist-report-figures.js';

/** The CSV's header line: the procedure's id and name, then the figures. */
export const WAITLIST_CSV_HEADERS = ['Id servicio', 'Servicio', ...WAITLIST_FIGURES.map((f) => f.header)];

/**
 * The waitlist report as CSV, like the other reports (RFC 4180, CRLF, UTF-8 with a byte order mark,
 * decimal point, formula-looking text prefixed, null an empty cell): one line per procedure, then
 * a "total" line.
 */
export function waitlistReportCsv(report: WaitlistReportDto): string {
  const figures = (row: WaitlistFiguresDto) => WAITLIST_FIGURES.map((f) => csvCell(row[f.field]));
  const lines: string[][] = [WAITLIST_CSV_HEADERS.map((h) => csvCell(h))];
  for (const row of report.byService) lines.push([csvCell(row.serviceId), csvCell(row.serviceName), ...figures(row)]);
  lines.push(['total', 'Total', ...figures(report.totals)]);
  return '\uFEFF' + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
