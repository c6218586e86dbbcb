import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/custom-validators.js';
import type { CounterSession } from '../counter-session.entity.js';
import type { Counter } from '../counter.entity.js';

export class CreateCounterDto {
  @ApiProperty({ example: 'Módulo 3', description: 'What the screens show and the voice says; unique in the office' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  name: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Services of the same office that this counter may serve' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  serviceIds: string[];

  @ApiPropertyOptional({ default: true })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class UpdateCounterDto extends PartialType(CreateCounterDto, { skipNullProperties: false }) {}

export class CounterDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) officeId: string;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) serviceIds: string[];
  @ApiProperty({ description: 'Whether an agent has the counter open now' }) open: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The services it is serving now (empty when closed)' }) openServiceIds: string[];
}

/** The counter with its session: open services are those opened that the counter may still serve. */
export function toCounterDto(counter: Counter, session?: Pick<CounterSession, 'open' | 'serviceIds'> | null): CounterDto {
  const serviceIds = (counter.services ?? []).map((s) => s.id).sort();
  const open = session?.open ?? false;
  return {
    id: counter.id,
    officeId: counter.officeId,
    name: counter.name,
    active: counter.active,
    serviceIds,
    open,
    openServiceIds: open ? serviceIds.filter((id) => session!.serviceIds.includes(id)) : [],
  };
}
