import { ApiProperty } from '@nestjs/swagger';
import { FIGURES, REPORT_GROUPINGS, type ReportFigures, type ReportGrouping } from '../report-figures.js';
import { RequestsYearDto } from '../../requests/reports/dto/requests-report.dto.js';
import { YEAR_FIGURES, type YearFigures } from '../yearly-figures.js';

/** One group of a report: its key (a date, an id, an hour "09") and its name, then every figure. */
export class ReportRowDto implements ReportFigures {
  @ApiProperty({ example: '2026-12-01', description: 'The date (day), the id (service, counter, agent), "09" (hour); "total" in totals' })
  key: string;

  @ApiProperty({ example: 'martes 1 de diciembre de 2026', description: "What people read: the date, the service's, counter's or agent's name, the hour's span" })
  label: string;

  appointmentsBooked: number | null;
  appointmentsCancelled: number | null;
  appointmentsCheckedIn: number | null;
  appointmentsNoShow: number | null;
  appointmentsPending: number | null;
  arrivals: number | null;
  walkInsIssued: number | null;
  walkInsRefused: number | null;
  served: number | null;
  ticketNoShows: number | null;
  unserved: number | null;
  waitMeanMinutes: number | null;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  waitWithinTargetShare: number | null;
  serviceMeanMinutes: number | null;
  serviceMedianMinutes: number | null;
  quotedWaitMeanMinutes: number | null;
  quotedActualWaitMeanMinutes: number | null;
  busyMinutes: number | null;
  staffedMinutes: number | null;
  utilisation: number | null;
  surveys: number | null;
  ratingMean: number | null;
}
for (const { field, description } of FIGURES) ApiProperty({ type: 'number', nullable: true, description })(ReportRowDto.prototype, field);

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: 'America/Santiago', description: 'Days and hours are local to this zone' }) timeZone: string;
  @ApiProperty({ example: '2026-12-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ enum: REPORT_GROUPINGS }) groupBy: ReportGrouping;
  @ApiProperty({ type: 'integer', example: 30, description: "The office's standard for waiting (waitWithinTargetShare)" }) waitTargetMinutes: number;
  @ApiProperty({ example: '2026-12-31T18:00:00-03:00' }) generatedAt: string;
  @ApiProperty({ type: [ReportRowDto], description: 'Groups with any figure, in order (days and hours ascending, services as configured, counters and agents by name)' })
  rows: ReportRowDto[];
  @ApiProperty({ type: ReportRowDto, description: 'The whole range (key "total")' }) totals: ReportRowDto;
}

export class YearFiguresDto implements YearFigures {
  appointmentsBooked: number;
  appointmentsCheckedIn: number;
  appointmentsNoShow: number;
  appointmentsCancelled: number;
  walkInsIssued: number;
  walkInsRefused: number;
  served: number;
  servedByAppointment: number;
  servedWalkIns: number;
  waitMeanMinutes: number | null;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  waitWithinTargetShare: number | null;
  surveys: number;
  ratingMean: number | null;
}
for (const { field, description, nullable } of YEAR_FIGURES) ApiProperty({ type: 'number', nullable, description })(YearFiguresDto.prototype, field);

export class MonthFiguresDto extends YearFiguresDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) month: number;
}

export class ServiceYearDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Residencia temporal' }) serviceName: string;
  @ApiProperty({ example: 'R' }) code: string;
  @ApiProperty({ enum: ['appointment', 'walk_in', 'both'] }) mode: string;
  @ApiProperty({ type: YearFiguresDto }) year: YearFiguresDto;
  @ApiProperty({ type: [MonthFiguresDto], description: 'January to December, always 12' }) months: MonthFiguresDto[];
}

/** The yearly public account ("cuenta pública"): the year's figures per service and month. */
export class YearlyAccountDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ type: 'integer', example: 2026 }) year: number;
  @ApiProperty({ type: 'integer', example: 30 }) waitTargetMinutes: number;
  @ApiProperty({ example: '2026-12-31T18:00:00-03:00' }) generatedAt: string;
  @ApiProperty({ type: YearFiguresDto, description: 'The office, the whole year' }) total: YearFiguresDto;
  @ApiProperty({ type: [MonthFiguresDto], description: 'The office per month, January to December' }) months: MonthFiguresDto[];
  @ApiProperty({ type: [ServiceYearDto], description: 'Active services and any service with figures in the year, as configured' }) services: ServiceYearDto[];
  @ApiProperty({ type: RequestsYearDto, description: 'Requests and complaints filed in the year (issue #17), per month and kind' }) requests: RequestsYearDto;
}

export class HeatmapCellDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) weekday: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 23, description: 'Office-local hour' }) hour: number;
  @ApiProperty({ type: 'integer', description: 'Tickets issued (check-ins and walk-ins)' }) arrivals: number;
  @ApiProperty({ type: 'integer' }) walkIns: number;
  @ApiProperty({ type: 'number', description: 'arrivals / the number of such weekdays in the range' }) meanPerDay: number;
}

export class HeatmapWeekdayDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7 }) weekday: number;
  @ApiProperty({ type: 'integer', description: 'How many of this weekday the range holds' }) days: number;
}

/** Arrivals by weekday and hour: where the office's load lies in the week. */
export class ArrivalsHeatmapDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ type: [HeatmapWeekdayDto] }) weekdays: HeatmapWeekdayDto[];
  @ApiProperty({ type: [HeatmapCellDto], description: 'Every weekday × hour (7 × 24), Monday 00 first' }) cells: HeatmapCellDto[];
}
