import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';

export class OpenCounterDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Services to serve now; default: all the counter may serve' })
  @IsOmittable()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  serviceIds?: string[];
}

export class TransferTicketDto {
  @ApiProperty({ format: 'uuid', description: 'Another service of the same office; the ticket keeps its place in line' })
  @IsUUID('all')
  serviceId: string;
}

export class StaffPermissionsDto {
  @ApiProperty({ description: 'May call a specific ticket out of order (each such call is recorded)' })
  @IsBoolean()
  canCallOutOfOrder: boolean;
}

export class StaffPermissionsResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: ['admin', 'supervisor', 'agent'] }) role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) officeId: string | null;
  @ApiProperty() canCallOutOfOrder: boolean;
}
