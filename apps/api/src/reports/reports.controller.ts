import { Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { ApiCsvDownload, ApiJsonOrCsv, csvDownload, jsonOrCsv } from './csv-reply.js';
import { DateRangeQueryDto } from './dto/date-range.dto.js';
import { OfficeReportsController } from './office-reports-controller.js';
import { ReportQueryDto, YearlyQueryDto } from './dto/report-query.dto.js';
import { ArrivalsHeatmapDto, ReportDto, YearlyAccountDto } from './dto/report.dto.js';
import { reportCsv } from './report-csv.js';
import { FIGURES } from './report-figures.js';
import { ReportsService } from './reports.service.js';

const CSV_EXAMPLE =
  '\uFEFFFecha,Día,' +
  FIGURES.map((f) => f.header).join(',') +
  '\r\n2026-12-01,martes 1 de diciembre de 2026,48,2,41,5,0,112,64,12,103,4,0,14.2,11,31.5,0.81,17.3,15,12,13.1,1402.5,1650,0.85,37,4.3\r\n…\r\ntotal,Total,…\r\n';

const CSV_DESCRIPTION =
  'The same report as CSV (RFC 4180, UTF-8 with a byte order mark, CRLF, decimal point): a header line in Spanish, one line per row of the JSON in the same order, ' +
  'then a "total" line. Columns: key and label (headers per grouping, e.g. "Fecha","Día"), then the figures in the order of ReportRowDto ' +
  `(${FIGURES.map((f) => `${f.field} = "${f.header}"`).join('; ')}). Empty cell: null. Text starting with = + - @ is prefixed with an apostrophe.`;

const REPORT_DESCRIPTION =
  'For a range of office-local days (at most 366), grouped by day, service, counter, agent (who called the ticket) or hour of arrival, computed in PostgreSQL. ' +
  'Figures that have no meaning for the grouping are null (bookings and arrivals have no counter or agent; walk-in refusals are counted per service and day; ' +
  'utilisation is per counter or agent). Utilisation is minutes serving over minutes a counter was open (its logged sessions); days before the session log existed ' +
  'fall back to the span from the first call to the last completion. Send `Accept: text/csv` (or use `/reports.csv`) for CSV. Supervisor of the office or admin; agents get 403.';

/** Reports of one office for its supervisor and admins: a range's figures (JSON or CSV), the yearly public account, arrivals by weekday and hour. */
@OfficeReportsController(ReportDto, { path: 'offices/:officeId', parameters: 'from, to, groupBy, year, officeId' })
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('reports')
  @ApiOperation({ summary: "An office's figures over a range of days, grouped (JSON, or CSV with Accept: text/csv)", description: REPORT_DESCRIPTION })
  @ApiJsonOrCsv(ReportDto, { description: CSV_DESCRIPTION, example: CSV_EXAMPLE })
  async report(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportDto | string> {
    return jsonOrCsv(await this.reports.report(actor, officeId, query), accept, reply, (report) => this.csv(report, reply));
  }

  @Get('reports.csv')
  @ApiOperation({ summary: 'The same report as CSV, for a download link', description: REPORT_DESCRIPTION })
  @ApiCsvDownload({ description: CSV_DESCRIPTION, example: CSV_EXAMPLE })
  async reportCsv(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: ReportQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.csv(await this.reports.report(actor, officeId, query), reply);
  }

  @Get('reports/yearly')
  @ApiOperation({
    summary: 'The yearly public account ("cuenta pública"): the year per service, by appointment and walk-in, waits and satisfaction, month by month',
    description: 'January to December of the office-local year; figures as in the reports. For the printable page.',
  })
  @ApiOkResponse({ type: YearlyAccountDto })
  yearly(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string, @Query() query: YearlyQueryDto): Promise<YearlyAccountDto> {
    return this.reports.yearly(actor, officeId, query.year);
  }

  @Get('reports/arrivals')
  @ApiOperation({ summary: 'Arrivals (tickets issued) by office-local weekday × hour over a range of days: the heat map of the reports page' })
  @ApiOkResponse({ type: ArrivalsHeatmapDto })
  arrivals(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string, @Query() query: DateRangeQueryDto): Promise<ArrivalsHeatmapDto> {
    return this.reports.arrivals(actor, officeId, query);
  }

  private csv(report: ReportDto, reply: FastifyReply): string {
    return csvDownload(reply, `reporte-${report.from}-${report.to}-${report.groupBy}.csv`, reportCsv(report));
  }
}
