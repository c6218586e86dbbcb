import { ApiProperty } from '@nestjs/swagger';
import type { TurnView } from '../../realtime/queue-events.js';

/** The "follow your turn" page (queue-events.ts `TurnView`): numbers and names of places, never of people. */
export class TurnDto implements TurnView {
  @ApiProperty({ example: 'A-012' })
  number: string;

  @ApiProperty({ example: 'waiting' })
  status: string;

  @ApiProperty({ example: 'Residencia temporal' })
  serviceName: string;

  @ApiProperty({ example: 'Oficina La Serena' })
  officeName: string;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Tickets of the same service ahead in serving order; null once called' })
  position: number | null;

  @ApiProperty({ type: 'integer', nullable: true })
  estimatedWaitMinutes: number | null;

  @ApiProperty({ type: 'string', nullable: true, example: 'Módulo 3' })
  counter: string | null;

  @ApiProperty({ type: 'string', nullable: true })
  calledAt: string | null;

  @ApiProperty()
  canAskForMoreTime: boolean;

  @ApiProperty({ description: 'Completed, not yet rated, and within 7 days of completion: the page may ask for a rating (POST /turns/{trackingCode}/survey)' })
  canAnswerSurvey: boolean;
}
