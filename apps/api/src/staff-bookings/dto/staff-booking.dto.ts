import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentType } from '@turnero/scheduling';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { BOOKING_STATUSES, type BookingStatus } from '../../bookings/booking.entity.js';
import { IsLocalDate, IsOmittable } from '../../common/validation/custom-validators.js';

/** The most bookings one answer carries: a busy office's day is a few hundred. */
export const STAFF_BOOKINGS_LIMIT = 500;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** `GET /offices/{officeId}/bookings`: a day of the office, optionally one status. No personal data: it travels in the URL. */
export class StaffBookingsQueryDto {
  @ApiPropertyOptional({ example: '2026-12-01', description: "The office's local date of the slots; default: today in the office's time zone" })
  @IsOptional()
  @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES, description: 'Only bookings in this status' })
  @IsOptional()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;
}

/** `POST /offices/{officeId}/bookings/search`: by code or document, which must not travel in a URL. */
export class StaffBookingSearchDto {
  @ApiProperty({
    example: 'K7M-4QX-9PT',
    minLength: 1,
    maxLength: 64,
    description: 'A booking code or a document number, as typed: normalised as the booking lookup does (case, spaces, dots and dashes forgiven)',
  })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  q: string;

  @ApiPropertyOptional({ example: '2026-12-01', description: "Only that local date of the office; default: any date" })
  @IsOmittable()
  @IsLocalDate()
  date?: string;

  @ApiPropertyOptional({ enum: BOOKING_STATUSES, description: 'Only bookings in this status' })
  @IsOmittable()
  @IsIn(BOOKING_STATUSES)
  status?: BookingStatus;
}

export class StaffBookingServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Residencia temporal' }) name: string;
}

/** How a booking's messages stand, counted by status (all kinds and channels). */
export class MessageCountsDto {
  @ApiProperty({ description: 'Waiting to be sent or retried' }) queued: number;
  @ApiProperty({ description: 'Taken by the mail server or SMS provider' }) sent: number;
  @ApiProperty({ description: 'Given up (refused, or the last retry failed)' }) failed: number;
  @ApiProperty({ description: 'Not sent (erased address, no consent, outdated, channel off…)' }) skipped: number;
}

/** A booking as the office's staff see it in the day's list: who, what, when, how it stands, and what was sent. */
/** The group a booking's person belongs to (issue #18): one row per person, all sharing the holder's code. */
export class StaffBookingGroupDto {
  @ApiProperty({ example: 'K7M-4QX-9PT', description: "The holder's booking code (the one the applicant was given)" }) code: string;
  @ApiProperty({ type: 'integer', example: 1, description: "The person's place: 0 the holder, 1 and up the companions" }) index: number;
  @ApiProperty({ type: 'integer', example: 3, description: 'People of the group not cancelled' }) size: number;
}

export class StaffBookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7M-4QX-9PT' }) code: string;
  @ApiProperty({ example: '2026-12-01T09:00:00-03:00' }) slotStart: string;
  @ApiProperty({ example: '2026-12-01T09:15:00-03:00' }) slotEnd: string;
  @ApiProperty({ enum: BOOKING_STATUSES }) status: BookingStatus;
  @ApiProperty({ type: StaffBookingServiceDto }) service: StaffBookingServiceDto;
  @ApiProperty({ description: "The applicant's name (staff only; never logged)" }) fullName: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) documentType: DocumentType;
  @ApiProperty({ description: 'Normalised document number (staff only; never logged)' }) documentNumber: string;
  @ApiProperty({
    description: "Booked signed in with ClaveÚnica: this person's name and document are the ones the provider vouched for, no identity check needed (a group's companions: false)",
  })
  identityVerified: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'R-004', description: 'The ticket of its check-in; null until checked in' }) ticketNumber: string | null;
  @ApiProperty({ type: StaffBookingGroupDto, nullable: true, description: 'The group this person books with; null for a booking of one' })
  group: StaffBookingGroupDto | null;
  @ApiProperty({ type: MessageCountsDto }) messages: MessageCountsDto;
}

export class StaffBookingListDto {
  @ApiProperty({ nullable: true, type: String, example: '2026-12-01', description: 'The local date listed; null for a search over every date' }) date: string | null;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ type: [StaffBookingDto], description: `Sorted by slot, then service and code; at most ${STAFF_BOOKINGS_LIMIT}` }) bookings: StaffBookingDto[];
  @ApiProperty({ description: `More bookings matched than the ${STAFF_BOOKINGS_LIMIT} returned: narrow by status` }) truncated: boolean;
}
