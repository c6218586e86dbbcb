import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, type DocumentType } from '@turnero/scheduling';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';

export class CheckInDto {
  @ApiPropertyOptional({ example: 'K7M-4QX-9PT', description: 'The booking code (case, spaces and dashes forgiven). Send this or documentNumber, not both.' })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional({ example: '12.345.678-5', description: "The applicant's RUT or passport number: finds today's booking(s) in this office" })
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  documentNumber?: string;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, description: 'With documentNumber: read it as this type only (default: a valid RUT as RUT, otherwise passport/other)' })
  @IsOmittable()
  @IsIn(DOCUMENT_TYPES)
  documentType?: DocumentType;
}

export class IssueWalkInDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'serviceId must be a UUID' })
  serviceId: string;

  @ApiPropertyOptional({ description: 'Preferential attention: older adult, disability or pregnancy', default: false })
  @IsOmittable()
  @IsBoolean()
  preferential?: boolean;
}

export class SetWalkInCapDto {
  @ApiProperty({ type: 'integer', nullable: true, minimum: 0, maximum: 10000, description: "Today's walk-in cap; null returns to the service's configured cap" })
  @ValidateIf((body: SetWalkInCapDto) => body.cap !== null)
  @IsInt()
  @Min(0)
  @Max(10_000)
  cap: number | null;
}
