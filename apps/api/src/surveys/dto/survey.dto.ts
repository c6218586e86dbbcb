import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DateRangeQueryDto } from '../../reports/dto/date-range.dto.js';
import { SURVEY_COMMENT_MAX } from '../survey-answer.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AnswerSurveyDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5, example: 5, description: '1 (very bad) to 5 (very good)' })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: SURVEY_COMMENT_MAX,
    example: 'Me atendieron rápido y con amabilidad.',
    description: 'Optional, plain text (never interpreted as HTML); trimmed, control characters removed; empty is no comment',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(SURVEY_COMMENT_MAX)
  comment?: string | null;
}

export class SurveyAnswerDto {
  @ApiProperty({ example: 'A-012', description: 'The ticket rated' }) number: string;
  @ApiProperty({ type: 'integer', example: 5 }) rating: number;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ example: '2026-12-01T10:15:00-03:00' }) answeredAt: string;
}

/** `from`/`to` are the days of the visits (office-local), not of the answers. */
export class SurveyCommentsQueryDto extends DateRangeQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 200 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

/** A comment as the supervisor reads it: the ticket's number, service and day, never who wrote it. */
export class SurveyCommentDto {
  @ApiProperty({ example: 'T-014' }) number: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'Prórroga de turismo' }) serviceName: string;
  @ApiProperty({ example: '2026-12-01', description: "The visit's local date" }) date: string;
  @ApiProperty({ type: 'integer', example: 4 }) rating: number;
  @ApiProperty({ example: 'La espera fue larga, pero la atención muy buena.' }) comment: string;
  @ApiProperty({ example: '2026-12-01T12:40:00-03:00' }) answeredAt: string;
}

export class SurveyCommentsDto {
  @ApiProperty({ type: 'integer', description: 'Comments in the range (all pages)' }) total: number;
  @ApiProperty({ type: [SurveyCommentDto], description: 'Newest answer first' }) items: SurveyCommentDto[];
}
