import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ApplicantDto } from '../../bookings/dto/booking.dto.js';
import { IsLocalDate, IsOmittable } from '../../common/validation/custom-validators.js';
import { WAITLIST_ENTRY_STATUSES, type WaitlistEntryStatus } from '../waitlist-entry.entity.js';

export class JoinWaitlistDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'serviceId must be a UUID' })
  serviceId: string;

  @ApiProperty({ example: '2026-12-07', description: "First office-local date the person can come (today or later)" })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: "Last office-local date, inclusive, within the procedure's booking horizon" })
  @IsLocalDate()
  to: string;

  @ApiPropertyOptional({ type: [Number], example: [1, 3, 5], description: 'ISO weekdays the person can come (1 = Monday … 7 = Sunday); omitted: any day' })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays?: number[];

  @ApiPropertyOptional({ default: false, description: 'Only times starting before 12:00 office time' })
  @IsOmittable()
  @IsBoolean()
  morningOnly?: boolean;

  @ApiProperty({ type: ApplicantDto, description: 'The person, with an email or a phone (required here: the offer is sent to it)' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant: ApplicantDto;
}

/** The document the entry was made with: with the code in the path, the key to it. */
export class WaitlistOwnerDto {
  @ApiProperty({ example: '12.345.678-5' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber: string;
}

export class LookupWaitlistDto extends WaitlistOwnerDto {
  @ApiProperty({ example: 'K7M-4QX-9PT' })
  @IsString()
  @MaxLength(64)
  code: string;
}

export class WaitlistJoinedDto {
  @ApiProperty({ example: 'K7M-4QX-9PT', description: 'With the document, the key to the entry: keep it private' }) code: string;
  @ApiProperty({ enum: ['waiting'] }) status: 'waiting';
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty({ example: '2026-12-07' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ type: [Number], nullable: true, description: 'ISO weekdays, or null for any day' }) weekdays: number[] | null;
  @ApiProperty() morningOnly: boolean;
  @ApiProperty({ type: 'integer', description: 'Waiting entries of the procedure ahead of this one' }) position: number;
}

/** The seat held for the entry, until `expiresAt`. */
export class WaitlistOfferDto {
  @ApiProperty({ example: '2026-12-09T10:00:00-03:00' }) slotStart: string;
  @ApiProperty({ example: '2026-12-09T10:15:00-03:00' }) slotEnd: string;
  @ApiProperty({ example: '2026-12-07T09:30:00-03:00', description: 'The seat is held until this instant; then it goes to the next person' }) expiresAt: string;
}

export class WaitlistEntryDto {
  @ApiProperty({ example: 'K7M-4QX-9PT' }) code: string;
  @ApiProperty({ enum: WAITLIST_ENTRY_STATUSES }) status: WaitlistEntryStatus;
  @ApiProperty({ format: 'uuid' }) serviceId: string;
  @ApiProperty() serviceName: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() officeName: string;
  @ApiProperty({ example: 'America/Santiago' }) timeZone: string;
  @ApiProperty({ example: '2026-12-07' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty({ type: [Number], nullable: true }) weekdays: number[] | null;
  @ApiProperty() morningOnly: boolean;
  @ApiProperty({ type: 'integer', description: 'Waiting entries of the procedure ahead of this one (0 once out of the line)' }) position: number;
  @ApiProperty({ type: 'integer', description: 'Offers declined or let expire; at 2 the entry is removed' }) misses: number;
  @ApiProperty({ example: '2026-12-01T09:00:00-03:00' }) joinedAt: string;
  @ApiProperty({ type: WaitlistOfferDto, nullable: true }) offer: WaitlistOfferDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'The booking an accepted offer became' }) bookingCode: string | null;
}

export class WaitlistLeftDto {
  @ApiProperty({ enum: ['left'] }) status: 'left';
}
