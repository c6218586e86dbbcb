import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import { STAFF_ROLES, type StaffRole, type StaffUser } from '../staff-user.entity.js';

export class CreateStaffDto {
  @ApiProperty({ example: 'agente.rojas', description: 'Letters, digits, dot, dash, underscore (3–64); stored lower-case' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username must be 3–64 of a-z 0-9 . _ -' })
  username: string;

  @ApiProperty({ minLength: 10, maxLength: 256, format: 'password' })
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password: string;

  @ApiProperty({ enum: STAFF_ROLES })
  @IsIn(STAFF_ROLES)
  role: StaffRole;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Required for supervisors and agents; admins have none' })
  @ValidateIf((dto: CreateStaffDto) => dto.officeId !== null)
  @IsOptional()
  @IsUUID()
  officeId?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'email',
    nullable: true,
    maxLength: 254,
    example: 'supervisora.elqui@example.cl',
    description: "The staff member's work address: supervisors get the daily digest of overdue requests and complaints there. null clears it.",
  })
  @ValidateIf((dto: CreateStaffDto) => dto.email !== null)
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string | null;
}

export class UpdateStaffDto extends PartialType(CreateStaffDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'Inactive users cannot log in; their tokens stop working at once' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class StaffUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) officeId: string | null;
  @ApiProperty({ format: 'email', nullable: true, type: String }) email: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt: string | null;

  @ApiProperty({
    readOnly: true,
    description:
      'May call a specific ticket out of order (POST /counters/{counterId}/call/{ticketId}). Granted to agents with PUT /staff/{id}/permissions; supervisors and admins may call out of order without it',
  })
  canCallOutOfOrder: boolean;
}

/** Never the password or its hash. */
export function toStaffUserDto(user: StaffUser): StaffUserDto {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    officeId: user.officeId,
    email: user.email ?? null,
    active: user.active,
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
    canCallOutOfOrder: user.canCallOutOfOrder,
  };
}
