import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentType, isLocalTime, minutesOfDay } from '@turnero/scheduling';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { IsLocalDate, IsOmittable } from '../../common/validation/custom-validators.js';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationStatus,
} from '../../notifications/notification.entity.js';
import type { OfficeClosure } from '../office-closure.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const CLOSURE_KINDS = ['closed', 'open'] as const;
export type ClosureKind = (typeof CLOSURE_KINDS)[number];

function IsLocalTime(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isLocalTime',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a local time written HH:mm (00:00–23:59)`, ...options },
      validator: { validate: (value: unknown) => isLocalTime(value) },
    });
}

/** A time after the object's `start` (checked only when both are well-formed times). */
function IsAfterStart(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isAfterStart',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be later than start`, ...options },
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const start = (args?.object as { start?: unknown } | undefined)?.start;
          return !isLocalTime(value) || !isLocalTime(start) || minutesOfDay(start) < minutesOfDay(value);
        },
      },
    });
}

export class TimeIntervalDto {
  @ApiProperty({ example: '09:00', description: 'Local time HH:mm' })
  @IsLocalTime()
  start: string;

  @ApiProperty({ example: '13:00', description: 'Local time HH:mm, later than start' })
  @IsLocalTime()
  @IsAfterStart()
  end: string;
}

const hasHours = (dto: CreateClosureDto) => dto.start !== undefined || dto.end !== undefined;

export class CreateClosureDto {
  @ApiPropertyOptional({
    enum: CLOSURE_KINDS,
    default: 'closed',
    description: "'closed': the office closes the whole day, or from start to end; 'open': the office opens this date with `intervals` instead of its usual hours",
  })
  @IsOmittable()
  @IsIn(CLOSURE_KINDS)
  kind?: ClosureKind;

  @ApiProperty({ example: '2026-12-15', description: "The office's local date, today or later" })
  @IsLocalDate()
  date: string;

  @ApiPropertyOptional({ example: '10:00', description: "kind 'closed' only: start of the closed hours (local HH:mm); omit start and end to close the whole day" })
  @ValidateIf(hasHours)
  @IsLocalTime()
  start?: string;

  @ApiPropertyOptional({ example: '12:00', description: "kind 'closed' only: end of the closed hours (local HH:mm), later than start" })
  @ValidateIf(hasHours)
  @IsLocalTime()
  @IsAfterStart()
  end?: string;

  @ApiPropertyOptional({ type: [TimeIntervalDto], description: "kind 'open' only (and required there): the day's opening hours" })
  @ValidateIf((dto: CreateClosureDto) => dto.kind === 'open' || dto.intervals !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => TimeIntervalDto)
  intervals?: TimeIntervalDto[];

  @ApiPropertyOptional({
    example: 'Corte de luz',
    minLength: 3,
    maxLength: 300,
    description: "Why: required to close, optional to open. Cancelled bookings carry it as their cancel reason, and staff read it to the people they contact",
  })
  @ValidateIf((dto: CreateClosureDto) => dto.kind !== 'open' || dto.reason !== undefined)
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  reason?: string;
}

export class ClosureRangeQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "First local date; default: today in the office's time zone" })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last local date, inclusive; default: no limit' })
  @IsOptional()
  @IsLocalDate()
  to?: string;
}

export class ClosureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: '2026-12-15', description: "The office's local date" }) date: string;
  @ApiProperty({ enum: CLOSURE_KINDS }) kind: ClosureKind;
  @ApiProperty({ nullable: true, type: String, example: '10:00', description: 'Closed hours start; null with end for a whole day (and for openings)' }) start: string | null;
  @ApiProperty({ nullable: true, type: String, example: '12:00' }) end: string | null;
  @ApiProperty({ nullable: true, type: [TimeIntervalDto], description: "The day's hours, for kind 'open'" }) intervals: TimeIntervalDto[] | null;
  @ApiProperty() reason: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The staff user who created it' }) createdBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export const CONTACT_OUTCOMES = ['sent', 'queued', 'failed', 'none'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

/** One message telling an applicant of the closure: channel, how it went, why not. */
export class ClosureMessageDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel: NotificationChannel;
  @ApiProperty({ enum: NOTIFICATION_STATUSES }) status: NotificationStatus;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'EENVELOPE 550',
    description: 'Why it was skipped (no_address, no_phone, no_consent, channel_off…) or the code of the last failure; null when none',
  })
  reason: string | null;
}

/** How a closure's cancelled applicant was reached: the best of their messages ('sent' over 'queued' over 'failed'), 'none' without any. */
export function contactOutcome(messages: readonly { status: NotificationStatus }[]): ContactOutcome {
  if (messages.length === 0) return 'none';
  if (messages.some((m) => m.status === 'sent')) return 'sent';
  if (messages.some((m) => m.status === 'queued')) return 'queued';
  return 'failed';
}

/** A booking a closure cancelled, with what the office needs to contact the applicant. Staff only. */
export class CancelledBookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ example: '2026-12-15T10:00:00-03:00' }) slotStart: string;
  @ApiProperty() fullName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType: DocumentType;
  @ApiProperty() documentNumber: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({
    description:
      'Whether the applicant is told of the cancellation by the system: true when at least one message (email with an address, SMS with consent and a phone) was queued for it; false when there is no contact data or those channels are off. Kept for older clients: `contact` says how the messages went',
  })
  notified: boolean;

  @ApiProperty({
    enum: CONTACT_OUTCOMES,
    description:
      "Whether the applicant was reached, from the closure's messages: 'sent' when a message was sent; 'queued' when one is still waiting (or being retried); " +
      "'failed' when every message failed or was skipped (refused address, erased contact data, channel switched off since); 'none' when no message could be queued " +
      "(no address, no phone with consent to SMS, or those channels off). The office calls the 'failed' and 'none' ones",
  })
  contact: ContactOutcome;

  @ApiProperty({ type: [ClosureMessageDto], description: "The closure's messages to this applicant, oldest first (no address or phone)" })
  messages: ClosureMessageDto[];
}

export class ClosureCreatedDto {
  @ApiProperty({ type: ClosureDto }) closure: ClosureDto;
  @ApiProperty({ type: [CancelledBookingDto], description: 'The bookings this closure cancelled: the people to contact' })
  cancelledBookings: CancelledBookingDto[];
}

export function toClosureDto(closure: OfficeClosure): ClosureDto {
  return {
    id: closure.id,
    officeId: closure.officeId,
    date: closure.date,
    kind: closure.kind,
    start: closure.startTime,
    end: closure.endTime,
    intervals: closure.intervals,
    reason: closure.reason,
    createdBy: closure.createdBy,
    createdAt: closure.createdAt.toISOString(),
  };
}
