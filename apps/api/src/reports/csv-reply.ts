import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/**
 * The JSON-or-CSV answer every report route gives (the office's figures, requests, waitlist): the
 * JSON route honours `Accept: text/csv` (and says so with `Vary: Accept`, so a cache never hands
 * the CSV to a JSON client), the `.csv` route always answers CSV as a download.
 */
export function jsonOrCsv<T>(report: T, accept: string | undefined, reply: FastifyReply, csv: (report: T) => string): T | string {
  void reply.header('Vary', 'Accept');
  return prefersCsv(accept) ? csv(report) : report;
}

/** Sets the headers of a CSV download (`fileName` without personal data: it ends up in browser histories) and passes the body on. */
export function csvDownload(reply: FastifyReply, fileName: string, body: string): string {
  void reply.type('text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${fileName}"`).header('Cache-Control', 'no-store');
  return body;
}

/** Whether an Accept header ranks text/csv above JSON (q-values honoured; * / * counts as JSON). */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  let csv = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...parameters] = part.trim().toLowerCase().split(';');
    const q = Number(parameters.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    const weight = Number.isFinite(q) ? q : 0;
    if (type === 'text/csv') csv = Math.max(csv, weight);
    else if (type === 'application/json' || type === '*/*' || type === 'application/*') json = Math.max(json, type === 'application/json' ? weight : weight - 0.001);
  }
  return csv > 0 && csv > json;
}

/** The CSV of a report in OpenAPI: a string whose description says the columns (and an example line when there is one). */
interface CsvDoc {
  description: string;
  example?: string;
}

function csvContent({ description, example }: CsvDoc) {
  return { 'text/csv': { schema: { type: 'string' as const, description }, ...(example === undefined ? {} : { example }) } };
}

/** The OpenAPI of a report's JSON route that answers CSV when the Accept header prefers it (`jsonOrCsv`). */
export function ApiJsonOrCsv(dto: Type<unknown>, csv: CsvDoc): MethodDecorator {
  return applyDecorators(
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description: 'The report; CSV when the Accept header prefers text/csv',
      content: { 'application/json': { schema: { $ref: getSchemaPath(dto) } }, ...csvContent(csv) },
    }),
  );
}

/** The OpenAPI of a report's `.csv` route (`csvDownload`). */
export function ApiCsvDownload(csv: CsvDoc): MethodDecorator {
  return applyDecorators(ApiProduces('text/csv'), ApiOkResponse({ description: 'The report as CSV (Content-Disposition: attachment)', content: csvContent(csv) }));
}
