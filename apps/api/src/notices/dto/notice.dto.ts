import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import { officeInstant } from '../../common/time/office-instant.js';
import type { OfficeNotice } from '../office-notice.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An ISO 8601 instant that names its offset (a local time alone would mean a different instant per reader). */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const NOTICE_MESSAGE_MAX = 500;

export class CreateNoticeDto {
  @ApiProperty({
    example: 'Oficina cerrada por emergencia sanitaria: sus trámites por correo a oficina@municipio.cl',
    minLength: 1,
    maxLength: NOTICE_MESSAGE_MAX,
    description: 'The notice, plain text (trimmed; shown as text everywhere, never as HTML). Public: no personal data',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'message must not be empty' })
  @MaxLength(NOTICE_MESSAGE_MAX)
  message: string;

  @ApiProperty({ example: '2026-12-02T08:00:00-03:00', description: 'Start of the period, an ISO instant with offset' })
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT_WITH_OFFSET, { message: 'from must be an ISO 8601 instant with offset (2026-12-02T08:00:00-03:00)' })
  @IsISO8601({ strict: true }, { message: 'from must be a valid ISO 8601 instant' })
  from: string;

  @ApiProperty({ example: '2026-12-05T18:00:00-03:00', description: 'End of the period (exclusive), an ISO instant with offset, after from and in the future' })
  @IsString()
  @MaxLength(40)
  @Matches(INSTANT_WITH_OFFSET, { message: 'to must be an ISO 8601 instant with offset (2026-12-05T18:00:00-03:00)' })
  @IsISO8601({ strict: true }, { message: 'to must be a valid ISO 8601 instant' })
  to: string;

  @ApiPropertyOptional({
    default: false,
    description:
      "Also send the notice (kind 'office_notice') to every applicant with a confirmed booking whose slot starts in [from, to): by email with an address, " +
      'by SMS with consent and a phone (each channel when configured). Not sent when the office switched office notices off',
  })
  @IsOmittable()
  @IsBoolean()
  notifyBooked?: boolean;
}

export const NOTICE_SCOPES = ['current', 'upcoming', 'past'] as const;
export type NoticeScope = (typeof NOTICE_SCOPES)[number];

export class NoticeListQueryDto {
  @ApiPropertyOptional({
    enum: NOTICE_SCOPES,
    isArray: true,
    description:
      'Which notices, by the clock: current (in force), upcoming (not started), past (ended in the last 30 days); repeated or comma-separated. Default: current and upcoming',
    example: ['current', 'upcoming'],
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()) : value))
  @IsIn(NOTICE_SCOPES, { each: true, message: `include must list some of ${NOTICE_SCOPES.join(', ')}, comma-separated` })
  include?: NoticeScope[];
}

/** A notice as the public sees it (booking site, kiosk, waiting-room screen). */
export class NoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Plain text: show it as text, never as HTML' }) message: string;
  @ApiProperty({ example: '2026-12-02T08:00:00-03:00', description: "Start, in the office's offset" }) from: string;
  @ApiProperty({ example: '2026-12-05T18:00:00-03:00', description: "End (exclusive), in the office's offset" }) to: string;
}

/** A notice as the office's staff see it. */
export class StaffNoticeDto extends NoticeDto {
  @ApiProperty({ enum: NOTICE_SCOPES, description: 'By the clock: current (in force), upcoming, past' }) status: NoticeScope;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The staff user who published it' }) createdBy: string | null;
  @ApiProperty({ description: 'Messages queued to send it (email and SMS count one each)' }) notified: number;
}

export class NoticeCreatedDto extends NoticeDto {
  @ApiProperty({
    description:
      'Messages queued to applicants booked in the period (email and SMS count one each); 0 without notifyBooked, or when the office switched office notices off',
  })
  notified: number;
}

export function toNoticeDto(notice: Pick<OfficeNotice, 'id' | 'message' | 'startsAt' | 'endsAt'>, timeZone: string): NoticeDto {
  return { id: notice.id, message: notice.message, from: officeInstant(notice.startsAt, timeZone), to: officeInstant(notice.endsAt, timeZone) };
}

export function noticeStatus(notice: Pick<OfficeNotice, 'startsAt' | 'endsAt'>, nowMs: number): NoticeScope {
  if (notice.endsAt.getTime() <= nowMs) return 'past';
  return notice.startsAt.getTime() <= nowMs ? 'current' : 'upcoming';
}
