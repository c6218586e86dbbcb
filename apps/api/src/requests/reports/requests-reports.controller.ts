import { Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthenticatedUser, CurrentUser } from '../../auth/authenticated-user.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import { ApiCsvDownload, ApiJsonOrCsv, csvDownload, jsonOrCsv } from '../../reports/csv-reply.js';
import { DateRangeQueryDto } from '../../reports/dto/date-range.dto.js';
import { OfficeReportsController } from '../../reports/office-reports-controller.js';
import { RequestsReportDto } from './dto/requests-report.dto.js';
import { REQUESTS_CSV_HEADERS, requestsReportCsv } from './requests-report-csv.js';
import { REQUEST_FIGURES } from './requests-report-figures.js';
import { RequestsReportsService } from './requests-reports.service.js';

const DESCRIPTION =
  'Requests and complaints filed in a range of office-local days (at most 366), computed in PostgreSQL: received, answered (so far), open, answered by the due date ' +
  'and its share, median working days to the answer (pauses left out), ratings; per kind, topic, channel and staff member who answered, with the totals. ' +
  "The backlog is the office's open requests today by working days since filing (0–5, 6–10, 11–15, more than 15; the office's holidays are not working days), whatever the range. " +
  'Send `Accept: text/csv` (or use `/reports/requests.csv`) for CSV. Supervisor of the office or admin; agents get 403.';

const CSV_DESCRIPTION =
  'RFC 4180, UTF-8 with a byte order mark, CRLF, decimal point. Columns: ' +
  REQUESTS_CSV_HEADERS.map((h) => `"${h}"`).join(', ') +
  '. One line per row of byKind ("Tipo"), byTopic ("Tema"), byChannel ("Canal"), byAgent ("Funcionario"), a "Total" line, then the backlog buckets (count in "Abiertas") ' +
  'and the ratings 1–5 (count in "Calificaciones"). Empty cell: null. Text starting with = + - @ is prefixed with an apostrophe. Figures: ' +
  REQUEST_FIGURES.map((f) => `${f.field} = "${f.header}"`).join('; ') +
  '.';

/** The requests report of an office (issue #17), beside the other reports. */
@OfficeReportsController(RequestsReportDto)
export class RequestsReportsController {
  constructor(private readonly reports: RequestsReportsService) {}

  @Get('requests')
  @ApiOperation({ summary: "An office's requests and complaints over a range of days (JSON, or CSV with Accept: text/csv)", description: DESCRIPTION })
  @ApiJsonOrCsv(RequestsReportDto, { description: CSV_DESCRIPTION })
  async report(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: DateRangeQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RequestsReportDto | string> {
    return jsonOrCsv(await this.reports.report(actor, officeId, query), accept, reply, (report) => this.csv(report, reply));
  }

  @Get('requests.csv')
  @ApiOperation({ summary: 'The same requests report as CSV, for a download link', description: DESCRIPTION })
  @ApiCsvDownload({ description: CSV_DESCRIPTION })
  async reportCsv(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: DateRangeQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.csv(await this.reports.report(actor, officeId, query), reply);
  }

  private csv(report: RequestsReportDto, reply: FastifyReply): string {
    return csvDownload(reply, `solicitudes-${report.from}-${report.to}.csv`, requestsReportCsv(report));
  }
}
