import { ApiProperty } from '@nestjs/swagger';
import { REQUEST_FIGURES, type RequestsFiguresDtoShape } from '../requests-report-figures.js';

/** The figures of a group of requests filed in the range (what became of them so far). */
export class RequestsFiguresDto implements RequestsFiguresDtoShape {
  received: number;
  answered: number;
  open: number;
  answeredOnTime: number;
  onTimeShare: number | null;
  medianWorkingDays: number | null;
  ratings: number;
  ratingMean: number | null;
}
for (const { field, description, nullable, integer } of REQUEST_FIGURES) ApiProperty({ type: integer ? 'integer' : 'number', nullable, description })(RequestsFiguresDto.prototype, field);

/** One group: a kind, topic, channel or staff member. */
export class RequestsRowDto extends RequestsFiguresDto {
  @ApiProperty({ example: 'complaint', description: 'The kind, the topic id, the channel, or the staff member id' }) key: string;
  @ApiProperty({ example: 'Reclamo', description: 'What people read (Spanish): the kind, the topic name, the channel, the username' }) label: string;
}

export class BacklogBucketDto {
  @ApiProperty({ enum: ['0-5', '6-10', '11-15', '16+'] }) key: string;
  @ApiProperty({ example: '0–5 días hábiles' }) label: string;
  @ApiProperty({ type: 'integer', description: 'Fewest working days since filing in the bucket' }) minWorkingDays: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Most working days since filing in the bucket; null: no upper bound' }) maxWorkingDays: number | null;
  @ApiProperty({ type: 'integer', description: 'Open requests (received, in progress, waiting) of that age' }) count: number;
}

export class RequestsBacklogDto {
  @ApiProperty({ example: '2026-12-07', description: "The office's today: the backlog is the open requests now, whatever the range" }) asOf: string;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: [BacklogBucketDto], description: "Working days since filing (Monday–Friday but the office's public holidays), from the filing's office-local date to today" })
  buckets: BacklogBucketDto[];
}

export class RatingBucketDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) rating: number;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class RequestsRatingsDto {
  @ApiProperty({ type: 'integer', description: 'Answers rated by the person (requests filed in the range)' }) count: number;
  @ApiProperty({ type: 'number', nullable: true, description: 'Mean rating (1–5)' }) mean: number | null;
  @ApiProperty({ type: [RatingBucketDto], description: 'Always the five ratings, 1 first' }) distribution: RatingBucketDto[];
}

/** The requests and complaints of an office over a range of days (issue #17). */
export class RequestsReportDto {
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ example: '2026-12-31T18:00:00-03:00' }) generatedAt: string;
  @ApiProperty({ type: RequestsFiguresDto, description: 'Every request filed in the range' }) totals: RequestsFiguresDto;
  @ApiProperty({ type: [RequestsRowDto], description: 'Per kind (request, complaint, suggestion, commendation; those with requests)' }) byKind: RequestsRowDto[];
  @ApiProperty({ type: [RequestsRowDto], description: "Per topic, in the catalogue's order" }) byTopic: RequestsRowDto[];
  @ApiProperty({ type: [RequestsRowDto], description: 'Per channel (web, phone, email, letter, counter, open311)' }) byChannel: RequestsRowDto[];
  @ApiProperty({ type: [RequestsRowDto], description: 'Per staff member who answered (by username); received = answered by them' }) byAgent: RequestsRowDto[];
  @ApiProperty({ type: RequestsBacklogDto }) backlog: RequestsBacklogDto;
  @ApiProperty({ type: RequestsRatingsDto }) ratings: RequestsRatingsDto;
}

/** The yearly public account's requests section: per month of filing and per kind. */
export class RequestsMonthDto extends RequestsFiguresDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 12 }) month: number;
}

export class RequestsYearKindDto extends RequestsFiguresDto {
  @ApiProperty({ enum: ['request', 'complaint', 'suggestion', 'commendation'] }) kind: string;
  @ApiProperty({ example: 'Reclamo' }) label: string;
}

export class RequestsYearDto {
  @ApiProperty({ type: RequestsFiguresDto, description: 'Requests filed in the year' }) total: RequestsFiguresDto;
  @ApiProperty({ type: [RequestsMonthDto], description: 'January to December, always 12' }) months: RequestsMonthDto[];
  @ApiProperty({ type: [RequestsYearKindDto], description: 'The four kinds, always' }) kinds: RequestsYearKindDto[];
}
