import { ApiProperty } from '@nestjs/swagger';
import { WAITLIST_FIGURES, type WaitlistFiguresShape } from '../waitlist-report-figures.js';

/** The waitlist's figures of a procedure, or of the office, over the range. */
export class WaitlistFiguresDto implements WaitlistFiguresShape {
  joins: number;
  offers: number;
  accepted: number;
  declined: number;
  expired: number;
  removed: number;
  left: number;
  seatsReused: number;
  medianMinutesToAccept: number | null;
}
for (const { field, description, nullable, integer } of WAITLIST_FIGURES) ApiProperty({ type: integer ? 'integer' : 'number', nullable, description })(WaitlistFiguresDto.prototype, field);

/** One procedure's row. */
export class WaitlistReportRowDto extends WaitlistFiguresDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Residencia temporal' }) serviceName: string;
}

/** The waitlist of an office over a range of days (issue #18). */
export class WaitlistReportDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ example: '2026-12-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ example: '2026-12-31T18:00:00-03:00' }) generatedAt: string;
  @ApiProperty({ type: WaitlistFiguresDto, description: 'Every procedure of the office' }) totals: WaitlistFiguresDto;
  @ApiProperty({ type: [WaitlistReportRowDto], description: "Per procedure with anything to count in the range, in the office's order of procedures" })
  byService: WaitlistReportRowDto[];
}
