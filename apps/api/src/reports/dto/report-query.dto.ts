import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { REPORT_GROUPINGS, type ReportGrouping } from '../report-figures.js';
import { DateRangeQueryDto } from './date-range.dto.js';

export class ReportQueryDto extends DateRangeQueryDto {
  @ApiProperty({
    enum: REPORT_GROUPINGS,
    example: 'day',
    description: "One row per day, service, counter, agent (who called the ticket) or office-local hour of arrival; `totals` covers the whole range whatever the grouping",
  })
  @IsIn(REPORT_GROUPINGS, { message: `groupBy must be one of ${REPORT_GROUPINGS.join(', ')}` })
  groupBy: ReportGrouping;
}

export class YearlyQueryDto {
  @ApiProperty({ type: 'integer', example: 2026, minimum: 2000, maximum: 2100 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'year must be a year such as 2026' })
  @Min(2000)
  @Max(2100)
  year: number;
}
