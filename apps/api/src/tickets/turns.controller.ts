import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import type { TurnView } from '../realtime/queue-events.js';
import { TurnDto } from './dto/turn.dto.js';
import { TicketQueries } from './ticket-queries.js';
import { publicTurn } from '../realtime/queue-events.js';
import { TicketsService } from './tickets.service.js';

/** "Follow your turn": public by tracking code (a 128-bit secret printed as a QR), rate-limited, no personal data. */
@ApiTags('turns')
@Public()
@Controller('turns')
export class TurnsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueries,
  ) {}

  @Get(':trackingCode')
  @ApiOperation({ summary: 'Where a ticket stands: status, tickets ahead of it for its service, estimated wait, counter once called' })
  @ApiOkResponse({ type: TurnDto })
  @ApiNotFoundResponse({ description: 'TICKET_NOT_FOUND' })
  async turn(@Param('trackingCode') trackingCode: string): Promise<TurnView> {
    const view = await this.queries.turn(trackingCode);
    if (!view) throw new ApiException(ErrorCode.TICKET_NOT_FOUND, 'No ticket with this tracking code');
    return publicTurn(view);
  }

  @Post(':trackingCode/more-time')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ask for more time, once, while waiting',
    description:
      'The ticket moves just after the third ticket behind it of its service in its own line (preferential or general), or to the end of that line when fewer than three are behind; from then on it is ordered by that place like a walk-in (an appointment gives up its slot priority).',
  })
  @ApiOkResponse({ type: TurnDto })
  @ApiConflictResponse({ description: 'MORE_TIME_ALREADY_USED, INVALID_TRANSITION (no longer waiting)' })
  moreTime(@Param('trackingCode') trackingCode: string): Promise<TurnView> {
    return this.tickets.moreTime(trackingCode);
  }
}
