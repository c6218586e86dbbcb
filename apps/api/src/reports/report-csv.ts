import type { ReportDto, ReportRowDto } from './dto/report.dto.js';
import { FIGURES, type ReportGrouping } from './report-figures.js';

/** The first two columns' headers per grouping: the key, then the name people read. */
const KEY_HEADERS: Record<ReportGrouping, [string, string]> = {
  day: ['Fecha', 'Día'],
  service: ['Id servicio', 'Servicio'],
  counter: ['Id módulo', 'Módulo'],
  agent: ['Id funcionario', 'Funcionario'],
  hour: ['Hora', 'Franja horaria'],
};

/** The CSV's columns in order: the row's field and its header. */
export function reportColumns(groupBy: ReportGrouping): { field: keyof ReportRowDto; header: string }[] {
  const [key, label] = KEY_HEADERS[groupBy];
  return [{ field: 'key', header: key }, { field: 'label', header: label }, ...FIGURES.map((f) => ({ field: f.field, header: f.header }))];
}

/**
 * The report as CSV (RFC 4180: comma-separated, CRLF, quoted when needed), one line per row of the
 * JSON and a last "total" line, with a UTF-8 byte order mark so spreadsheets read the accents.
 * Numbers use a decimal point; null is an empty cell.
 */
export function reportCsv(report: ReportDto): string {
  const columns = reportColumns(report.groupBy);
  const lines = [columns.map((c) => csvCell(c.header)), ...[...report.rows, report.totals].map((row) => columns.map((c) => csvCell(row[c.field])))];
  return '\uFEFF' + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/**
 * One cell. Text that a spreadsheet would run as a formula (starting with = + - @, a tab or a
 * carriage return: a service or user name typed by someone) is prefixed with an apostrophe; text
 * with a comma, quote or line break is quoted, quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
