import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { DEFAULT_SERVICE_SETTINGS, SERVICE_MODES, type ServiceMode } from '@turnero/scheduling';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import type { ServiceEntity } from '../service.entity.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const D = DEFAULT_SERVICE_SETTINGS;

/** Capacity and booking settings; each is optional on input and falls back to the default shown. */
export class ServiceSettingsDto {
  @ApiPropertyOptional({ default: D.slotMinutes, minimum: 5, maximum: 480, description: 'Length of one appointment slot' })
  @IsOmittable() @IsInt() @Min(5) @Max(480)
  slotMinutes?: number;

  @ApiPropertyOptional({ default: D.seatsPerSlot, minimum: 1, maximum: 500, description: 'Appointments per slot' })
  @IsOmittable() @IsInt() @Min(1) @Max(500)
  seatsPerSlot?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, description: 'Most appointments per local day (null: only the seats limit)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(100_000)
  dailyAppointmentCap?: number | null;

  @ApiPropertyOptional({ default: D.bookingHorizonDays, minimum: 0, maximum: 366, description: 'How many days ahead a slot can be booked' })
  @IsOmittable() @IsInt() @Min(0) @Max(366)
  bookingHorizonDays?: number;

  @ApiPropertyOptional({ default: D.bookingOpensAt, example: '08:00', description: 'Local time at which a new day is released' })
  @IsOmittable() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'bookingOpensAt must be a local time HH:mm' })
  bookingOpensAt?: string;

  @ApiPropertyOptional({ default: D.bookingLeadMinutes, minimum: 0, description: 'Booking closes this many minutes before the slot' })
  @IsOmittable() @IsInt() @Min(0) @Max(10_080)
  bookingLeadMinutes?: number;

  @ApiPropertyOptional({ default: D.checkInBeforeMinutes, minimum: 0, description: 'Check-in opens this many minutes before the slot' })
  @IsOmittable() @IsInt() @Min(0) @Max(720)
  checkInBeforeMinutes?: number;

  @ApiPropertyOptional({ default: D.checkInGraceMinutes, minimum: 0, description: 'Check-in stays open this many minutes after the slot starts' })
  @IsOmittable() @IsInt() @Min(0) @Max(720)
  checkInGraceMinutes?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, minimum: 0, description: 'Most walk-in tickets per local day (null: no cap)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0) @Max(100_000)
  walkInDailyCap?: number | null;

  @ApiPropertyOptional({ default: D.averageServiceMinutes, minimum: 1, description: 'Average minutes per person, for wait estimates' })
  @IsOmittable() @IsInt() @Min(1) @Max(480)
  averageServiceMinutes?: number;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 10, description: 'People one booking may take (the holder and up to this many minus one companions, e.g. a family); 1 turns group bookings off' })
  @IsOmittable() @IsInt() @Min(1) @Max(10)
  maxGroupSize?: number;
}

export class CreateServiceDto extends ServiceSettingsDto {
  @ApiProperty({ example: 'A', description: 'Ticket prefix, 1–3 letters, unique in the office (upper-cased)' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z]{1,3}$/, { message: 'code must be 1–3 letters A–Z' })
  code: string;

  @ApiProperty({ example: 'Residencia temporal', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: SERVICE_MODES })
  @IsIn(SERVICE_MODES)
  mode: ServiceMode;

  @ApiPropertyOptional({ type: [String], example: ['Pasaporte vigente', 'Certificado de antecedentes'], description: 'Documents to bring' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(300, { each: true })
  requirements?: string[];

  @ApiPropertyOptional({ default: true, description: 'Inactive services are hidden from applicants' })
  @IsOmittable() @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 0, description: 'Display order within the office' })
  @IsOmittable() @IsInt() @Min(0) @Max(10_000)
  position?: number;

  @ApiPropertyOptional({
    default: false,
    description: 'Only applicants signed in with ClaveÚnica may book it: an anonymous booking is refused 403 VERIFIED_IDENTITY_REQUIRED (issue #20)',
  })
  @IsOmittable() @IsBoolean()
  requiresVerifiedIdentity?: boolean;
}

export class UpdateServiceDto extends PartialType(CreateServiceDto, { skipNullProperties: false }) {}

/** What applicants see of a service (API.md). */
export class PublicServiceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SERVICE_MODES }) mode: ServiceMode;
  @ApiProperty({ type: [String] }) requirements: string[];
  @ApiProperty({ description: 'Days ahead that can be booked' }) bookingHorizonDays: number;
  @ApiProperty({ description: 'Slot length in minutes' }) slotMinutes: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'People one booking may take (1: one person per booking)' }) maxGroupSize: number;
  @ApiProperty({ description: 'Booking needs the applicant signed in with ClaveÚnica (anonymous bookings: 403 VERIFIED_IDENTITY_REQUIRED)' })
  requiresVerifiedIdentity: boolean;
}

/** The whole service, for staff. */
export class ServiceDto extends PublicServiceDto {
  @ApiProperty() active: boolean;
  @ApiProperty() position: number;
  @ApiProperty() seatsPerSlot: number;
  @ApiProperty({ nullable: true, type: Number }) dailyAppointmentCap: number | null;
  @ApiProperty() bookingOpensAt: string;
  @ApiProperty() bookingLeadMinutes: number;
  @ApiProperty() checkInBeforeMinutes: number;
  @ApiProperty() checkInGraceMinutes: number;
  @ApiProperty({ nullable: true, type: Number }) walkInDailyCap: number | null;
  @ApiProperty() averageServiceMinutes: number;
}

export function toPublicServiceDto(s: ServiceEntity): PublicServiceDto {
  return {
    id: s.id,
    officeId: s.officeId,
    code: s.code,
    name: s.name,
    mode: s.mode,
    requirements: s.requirements,
    bookingHorizonDays: s.bookingHorizonDays,
    slotMinutes: s.slotMinutes,
    maxGroupSize: s.maxGroupSize,
    requiresVerifiedIdentity: s.requiresVerifiedIdentity,
  };
}

export function toServiceDto(s: ServiceEntity): ServiceDto {
  return {
    ...toPublicServiceDto(s),
    active: s.active,
    position: s.position,
    seatsPerSlot: s.seatsPerSlot,
    dailyAppointmentCap: s.dailyAppointmentCap,
    bookingOpensAt: s.bookingOpensAt,
    bookingLeadMinutes: s.bookingLeadMinutes,
    checkInBeforeMinutes: s.checkInBeforeMinutes,
    checkInGraceMinutes: s.checkInGraceMinutes,
    walkInDailyCap: s.walkInDailyCap,
    averageServiceMinutes: s.averageServiceMinutes,
  };
}
