import { ApiProperty } from '@nestjs/swagger';

/** One walk-in service's day: its cap (null: none), what was issued and refused, what remains. */
export class WalkInCapDto {
  @ApiProperty({ format: 'uuid' })
  serviceId: string;

  @ApiProperty({ example: 'Trámite rápido' })
  name: string;

  @ApiProperty({ type: 'integer', nullable: true, description: "Today's cap: the supervisor's override, else the service's walkInDailyCap; null = no cap" })
  cap: number | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'The service configuration cap, for comparison' })
  defaultCap: number | null;

  @ApiProperty({ description: 'True when a supervisor set today’s cap' })
  overridden: boolean;

  @ApiProperty({ type: 'integer' })
  issued: number;

  @ApiProperty({ type: 'integer', description: 'Walk-ins turned away because the cap was reached (unmet demand)' })
  refused: number;

  @ApiProperty({ type: 'integer', nullable: true, description: 'null when there is no cap' })
  remaining: number | null;
}
