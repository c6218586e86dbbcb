import { Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthenticatedUser, CurrentUser } from '../../auth/authenticated-user.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import { ApiCsvDownload, ApiJsonOrCsv, csvDownload, jsonOrCsv } from '../../reports/csv-reply.js';
import { DateRangeQueryDto } from '../../reports/dto/date-range.dto.js';
import { OfficeReportsController } from '../../reports/office-reports-controller.js';
import { WaitlistReportDto } from './dto/waitlist-report.dto.js';
import { WAITLIST_CSV_HEADERS, waitlistReportCsv } from './waitlist-report-csv.js';
import { WAITLIST_FIGURES } from './waitlist-report-figures.js';
import { WaitlistReportsService } from './waitlist-reports.service.js';

const DESCRIPTION =
  'The waitlist over a range of office-local days (at most 366), computed in PostgreSQL, per procedure and in total: people who joined, seats offered and what became of ' +
  'those offers (accepted, declined, expired), entries removed after two missed offers and entries left, seats reused (accepted offers whose booking stands or was attended) ' +
  'and the median minutes from an offer to its confirmation. Send `Accept: text/csv` (or use `/reports/waitlist.csv`) for CSV. Supervisor of the office or admin; agents get 403.';

const CSV_DESCRIPTION =
  'RFC 4180, UTF-8 with a byte order mark, CRLF, decimal point. Columns: ' +
  WAITLIST_CSV_HEADERS.map((h) => `"${h}"`).join(', ') +
  '. One line per procedure, then a "total" line. Empty cell: null. Text starting with = + - @ is prefixed with an apostrophe. Figures: ' +
  WAITLIST_FIGURES.map((f) => `${f.field} = "${f.header}"`).join('; ') +
  '.';

/** The waitlist report of an office (issue #18), beside the other reports. */
@OfficeReportsController(WaitlistReportDto)
export class WaitlistReportsController {
  constructor(private readonly reports: WaitlistReportsService) {}

  @Get('waitlist')
  @ApiOperation({ summary: "An office's waitlist over a range of days (JSON, or CSV with Accept: text/csv)", description: DESCRIPTION })
  @ApiJsonOrCsv(WaitlistReportDto, { description: CSV_DESCRIPTION })
  async report(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: DateRangeQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WaitlistReportDto | string> {
    return jsonOrCsv(await this.reports.report(actor, officeId, query), accept, reply, (report) => this.csv(report, reply));
  }

  @Get('waitlist.csv')
  @ApiOperation({ summary: 'The same waitlist report as CSV, for a download link', description: DESCRIPTION })
  @ApiCsvDownload({ description: CSV_DESCRIPTION })
  async reportCsv(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: DateRangeQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    return this.csv(await this.reports.report(actor, officeId, query), reply);
  }

  private csv(report: WaitlistReportDto, reply: FastifyReply): string {
    return csvDownload(reply, `lista-espera-${report.from}-${report.to}.csv`, waitlistReportCsv(report));
  }
}
