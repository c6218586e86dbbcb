import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { DEFAULT_TIME_ZONE, type WeeklyHours } from '@turnero/scheduling';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOmittable, IsTimeZone, IsWeeklyHours } from '../../common/validation/custom-validators.js';
import type { Office } from '../office.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const OPENING_HOURS_EXAMPLE = {
  1: [{ start: '08:30', end: '14:00' }],
  2: [{ start: '08:30', end: '14:00' }],
  3: [{ start: '08:30', end: '14:00' }],
  4: [{ start: '08:30', end: '14:00' }],
  5: [{ start: '08:30', end: '14:00' }],
};

export class CreateOfficeDto {
  @ApiProperty({ example: 'Gobernación Provincial de Elqui – Extranjería', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: DEFAULT_TIME_ZONE, default: DEFAULT_TIME_ZONE, description: 'IANA time zone' })
  @IsOmittable()
  @IsTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ example: 'Arturo Prat 350, La Serena', maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({
    description: 'Opening hours per ISO weekday (1 = Monday … 7 = Sunday), local time; absent days are closed',
    example: OPENING_HOURS_EXAMPLE,
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } } },
  })
  @IsOmittable()
  @IsObject()
  @IsWeeklyHours()
  openingHours?: WeeklyHours;

  @ApiPropertyOptional({ example: 'CL', default: 'CL', description: 'ISO 3166 country whose public holidays close the office' })
  @IsOmittable()
  @Matches(/^[A-Z]{2}$/, { message: 'holidayCountry must be an ISO 3166 two-letter country code' })
  holidayCountry?: string;

  @ApiPropertyOptional({ example: 'CO', nullable: true, type: String, description: 'Region code for regional holidays' })
  @IsOptional()
  @Matches(/^[A-Z0-9]{1,3}$/, { message: 'holidayRegion must be a region code such as CO' })
  holidayRegion?: string | null;

  @ApiPropertyOptional({ type: 'integer', example: 30, default: 30, minimum: 1, maximum: 480, description: "The office's standard for waiting, in minutes: the reports give the share of people called within it" })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(480)
  waitTargetMinutes?: number;

  @ApiPropertyOptional({
    type: 'integer',
    example: 365,
    default: 365,
    minimum: 1,
    maximum: 3650,
    description:
      "Days after an appointment's date when the applicant's name, document, email and phone are erased (a daily job); the rows and the figures stay. Survey comments of tickets that old are erased too.",
  })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(3650)
  personalDataRetentionDays?: number;

  @ApiPropertyOptional({
    example: true,
    default: true,
    description:
      'Email the applicant, when they gave an address when booking, a link to rate a completed visit (1–5 and a comment, once, within 7 days). Sent only when the server has a mail server (SMTP_URL).',
  })
  @IsOmittable()
  @IsBoolean()
  ratingEmail?: boolean;
}

export class UpdateOfficeDto extends PartialType(CreateOfficeDto, { skipNullProperties: false }) {}

export class OfficeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: DEFAULT_TIME_ZONE }) timeZone: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ example: OPENING_HOURS_EXAMPLE, type: 'object', additionalProperties: true }) openingHours: WeeklyHours;
  @ApiProperty({ example: 'CL' }) holidayCountry: string;
  @ApiProperty({ nullable: true, type: String }) holidayRegion: string | null;
  @ApiProperty({ type: 'integer', example: 30, description: "The office's standard for waiting, in minutes" }) waitTargetMinutes: number;
  @ApiProperty({ type: 'integer', example: 365, description: "Days after an appointment's date when the applicant's personal data is erased" })
  personalDataRetentionDays: number;
  @ApiProperty({ example: true, description: 'Whether a completed booked visit gets an email asking for a rating' }) ratingEmail: boolean;
}

export function toOfficeDto(office: Office): OfficeDto {
  return {
    id: office.id,
    name: office.name,
    timeZone: office.timeZone,
    address: office.address,
    openingHours: office.openingHours,
    holidayCountry: office.holidayCountry,
    holidayRegion: office.holidayRegion,
    waitTargetMinutes: office.waitTargetMinutes,
    personalDataRetentionDays: office.personalDataRetentionDays,
    ratingEmail: office.ratingEmail,
  };
}
