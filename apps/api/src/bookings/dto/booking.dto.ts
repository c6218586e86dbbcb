import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentType } from '@turnero/scheduling';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CompiledValidation } from '../../common/validation/compiled/compiled-validation.js';
import { IsLocalDate, IsOmittable } from '../../common/validation/custom-validators.js';
import { toE164 } from '../../notifications/sms/phone.js';
import type { Office } from '../../offices/office.entity.js';
import type { ServiceEntity } from '../../services/service.entity.js';
import { officeInstant } from '../../common/time/office-instant.js';
import type { Booking, BookingStatus } from '../booking.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** A phone in E.164 when it is one; anything else as given, for the validators to refuse. */
const toE164OrAsGiven = ({ value }: { value: unknown }) => (typeof value === 'string' && value.length <= 30 ? (toE164(value) ?? value) : value);

/**
 * The person booking. Signed in with ClaveÚnica (the turnero_applicant cookie), the document and
 * name are the session's: the ApplicantIdentityGuard writes them here before validation, so they
 * may be left out, and a different document is 403 IDENTITY_MISMATCH. Anonymous, they are required.
 */
export class ApplicantDto {
  @ApiPropertyOptional({
    enum: DOCUMENT_TYPES,
    description: "RUT (Chilean national ID, check digit validated), PASSPORT or OTHER. Required unless signed in with ClaveÚnica (then the session's RUT)",
  })
  @IsIn(DOCUMENT_TYPES)
  documentType: DocumentType;

  @ApiPropertyOptional({
    example: '12.345.678-5',
    maxLength: 64,
    description: "Required unless signed in with ClaveÚnica; signed in, the session's RUN (another document: 403 IDENTITY_MISMATCH naming this field)",
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber: string;

  @ApiPropertyOptional({ example: 'María José Pérez', maxLength: 200, description: 'Required unless signed in with ClaveÚnica; signed in, the name ClaveÚnica gives replaces it' })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName: string;

  @ApiPropertyOptional({ example: 'maria@example.cl', maxLength: 254 })
  @IsOmittable()
  @Transform(trim)
  @MaxLength(254)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({
    example: '+56 9 1234 5678',
    maxLength: 30,
    description:
      'Stored in E.164. Chilean numbers may omit +56 (9 1234 5678, 912345678); other countries start with + and the country code. Spaces, dashes, dots and parentheses are ignored.',
  })
  @IsOmittable()
  @Transform(toE164OrAsGiven)
  @IsString()
  @MaxLength(30)
  @Matches(/^\+[1-9][0-9]{7,14}$/, { message: 'phone must be a phone number such as +56 9 1234 5678 (Chilean numbers may omit +56; others start with + and the country code)' })
  phone?: string;

  @ApiPropertyOptional({ default: false, description: 'The applicant agrees to text messages (SMS) about this booking; only with a phone. Without it no SMS is sent.' })
  @IsOmittable()
  @IsBoolean()
  smsConsent?: boolean;
}

/** A person who comes with the applicant (issue #18): one seat each, no contact of their own. */
export class CompanionDto {
  @ApiProperty({ enum: DOCUMENT_TYPES, description: 'RUT (Chilean national ID, check digit validated), PASSPORT or OTHER' })
  @IsIn(DOCUMENT_TYPES)
  documentType: DocumentType;

  @ApiProperty({ example: '11.111.111-1', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber: string;

  @ApiProperty({ example: 'Tomás Pérez', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName: string;
}

/** The booking rush's body: checked by its decorators compiled once (common/validation/compiled/). */
@CompiledValidation()
export class CreateBookingDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'serviceId must be a UUID' })
  serviceId: string;

  @ApiProperty({ example: '2026-12-01T08:30:00-03:00', description: 'The slot start, an ISO instant with offset, as availability lists it' })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true }, { message: 'slotStart must be an ISO 8601 instant with offset' })
  slotStart: string;

  @ApiProperty({ type: ApplicantDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;

  @ApiPropertyOptional({ description: 'Preferential attention: older adult, disability or pregnancy', default: false })
  @IsOmittable()
  @IsBoolean()
  preferential?: boolean;

  @ApiPropertyOptional({
    type: [CompanionDto],
    description:
      "People who come with the applicant, at most the procedure's maxGroupSize − 1 (more: 400 GROUP_TOO_LARGE). All get a seat in the same slot or nobody does (409 SLOT_FULL / DAY_FULL when it lacks room for all); each document once, none with an active booking of the procedure.",
  })
  @IsOmittable()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CompanionDto)
  companions?: CompanionDto[];
}

export class LookupBookingDto {
  @ApiProperty({ example: 'K7M-4QX-9PT' })
  @IsString()
  @MaxLength(64)
  code: string;

  @ApiProperty({ example: '12.345.678-5' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber: string;
}

/** The holder's document: with the code in the path, the key to a booking. */
export class BookingOwnerDto {
  @ApiProperty({ example: '12.345.678-5' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber: string;
}

export class CancelBookingDto extends BookingOwnerDto {
  @ApiPropertyOptional({
    type: [Number],
    example: [2],
    description: "A group booking's companions to cancel, by their index in members (1 and up); omitted: the whole booking, everyone in it",
  })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(9, { each: true })
  members?: number[];
}

export class RescheduleBookingDto extends BookingOwnerDto {
  @ApiProperty({ example: '2026-12-02T09:00:00-03:00' })
  @IsString()
  @MaxLength(40)
  @IsISO8601({ strict: true }, { message: 'slotStart must be an ISO 8601 instant with offset' })
  slotStart: string;
}

/** One person of a booking: the holder (index 0) and the companions in the order given. No documents. */
export class BookingMemberDto {
  @ApiProperty({ type: 'integer', example: 0, description: '0: the holder; 1 and up: the companions in the order given' }) index: number;
  @ApiProperty({ example: 'María José Pérez' }) fullName: string;
  @ApiProperty({ enum: ['confirmed', 'checked_in', 'cancelled', 'no_show', 'expired'] }) status: BookingStatus;
}

export class BookingDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'K7M-4QX-9PT', description: 'With the document, the key to the booking: keep it private' }) code: string;
  @ApiProperty({ enum: ['confirmed', 'checked_in', 'cancelled', 'no_show', 'expired'] }) status: BookingStatus;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: '2026-12-01T08:30:00-03:00' }) slotStart: string;
  @ApiProperty({ example: '2026-12-01T08:45:00-03:00' }) slotEnd: string;
  @ApiProperty({ example: '2026-12-01', description: "The office's local date" }) localDate: string;
  @ApiProperty() preferential: boolean;
  @ApiProperty({ description: "Booked while signed in with ClaveÚnica: the holder's document and name are the ones the provider vouched for (issue #20)" })
  identityVerified: boolean;
  @ApiProperty({ example: 'Residencia temporal' }) serviceName: string;
  @ApiProperty({ type: [String], description: 'Documents to bring' }) requirements: string[];
  @ApiProperty() officeName: string;
  @ApiProperty({ nullable: true, type: String }) officeAddress: string | null;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelReason?: string | null;
  @ApiProperty({ type: 'integer', example: 1, description: "The people the booking is for now: the members who share the holder's status (a cancelled companion no longer counts)" })
  partySize: number;
  @ApiProperty({ type: [BookingMemberDto], description: 'The holder first, then the companions; a booking of one has just the holder' })
  members: BookingMemberDto[];
}

/** A booking as API.md shows it; `instants` when the slot's are already written with the office's offset. */
export function toBookingDto(
  booking: Booking,
  { service, office }: { service: Pick<ServiceEntity, 'name' | 'requirements'>; office: Pick<Office, 'name' | 'address' | 'timeZone'> },
  members: BookingMemberDto[],
  instants?: { slotStart: string; slotEnd: string },
): BookingDto {
  const zone = office.timeZone;
  return {
    id: booking.id,
    code: booking.code,
    status: booking.status,
    serviceId: booking.serviceId,
    officeId: booking.officeId,
    slotStart: instants?.slotStart ?? officeInstant(booking.slotStart, zone),
    slotEnd: instants?.slotEnd ?? officeInstant(booking.slotEnd, zone),
    localDate: booking.localDate,
    preferential: booking.preferential,
    identityVerified: booking.identityVerified,
    serviceName: service.name,
    requirements: service.requirements,
    officeName: office.name,
    officeAddress: office.address,
    timeZone: zone,
    cancelReason: booking.cancelReason,
    partySize: members.filter((member) => member.status === booking.status).length,
    members,
  };
}

export class CancelledDto {
  @ApiProperty({ enum: ['cancelled'] }) status: 'cancelled';
}

export class AvailabilitySlotDto {
  @ApiProperty({ example: '2026-12-01T08:30:00-03:00' }) start: string;
  @ApiProperty({ example: '2026-12-01T08:45:00-03:00' }) end: string;
  @ApiProperty({ description: 'Seats that can be booked now' }) remaining: number;
}

export class AvailabilityDayDto {
  @ApiProperty({ example: '2026-12-01' }) date: string;
  @ApiProperty({ description: 'Whether the office is open that day' }) open: boolean;
  @ApiPropertyOptional({ description: 'Why a day is closed (a holiday, a closure) or has nothing to book' }) reason?: string;
  @ApiProperty() remaining: number;
  @ApiPropertyOptional({ description: 'For a day not yet released: when its slots can be booked' }) bookingOpensAt?: string;
  @ApiProperty({ type: [AvailabilitySlotDto] }) slots: AvailabilitySlotDto[];
}

export class AvailabilityDto {
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ type: [AvailabilityDayDto] }) days: AvailabilityDayDto[];
}

/** The booking rush's reads: checked by its decorators compiled once (common/validation/compiled/). */
@CompiledValidation()
export class AvailabilityQueryDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: 'At most 62 days after from, inclusive' })
  @IsLocalDate()
  to: string;
}
