import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { CounterDto } from '../counters/dto/counter.dto.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CounterSessionsService } from './counter-sessions.service.js';
import { OpenCounterDto } from './dto/desk.dto.js';
import { DeskTicketDto } from './dto/desk-ticket.dto.js';
import { QueueCallerService } from './queue-caller.service.js';

@ApiTags('front desk')
@ApiBearerAuth()
@SkipThrottle()
@Roles('admin', 'supervisor', 'agent')
@Controller('counters/:counterId')
export class CounterDeskController {
  constructor(
    private readonly sessions: CounterSessionsService,
    private readonly caller: QueueCallerService,
  ) {}

  @Post('open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the counter for some or all of its services (the office’s staff)' })
  @ApiOkResponse({ type: CounterDto })
  open(@CurrentUser() actor: AuthenticatedUser, @Param('counterId', uuidParam('counterId')) counterId: string, @Body() body: OpenCounterDto): Promise<CounterDto> {
    return this.sessions.open(actor, counterId, body?.serviceIds);
  }

  @Post('close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the counter (409 COUNTER_BUSY while it has a called or serving ticket)' })
  @ApiOkResponse({ type: CounterDto })
  close(@CurrentUser() actor: AuthenticatedUser, @Param('counterId', uuidParam('counterId')) counterId: string): Promise<CounterDto> {
    return this.sessions.close(actor, counterId);
  }

  @Post('call-next')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call the next ticket for the counter’s open services',
    description: '204 when nobody waits. 409 COUNTER_CLOSED when the counter is not open; 409 COUNTER_BUSY while it still has a called or serving ticket.',
  })
  @ApiOkResponse({ type: DeskTicketDto })
  @ApiNoContentResponse({ description: 'Nobody is waiting for the counter’s open services' })
  @ApiConflictResponse({ description: 'COUNTER_CLOSED or COUNTER_BUSY' })
  async callNext(@CurrentUser() actor: AuthenticatedUser, @Param('counterId', uuidParam('counterId')) counterId: string): Promise<DeskTicketDto | Response> {
    const called = await this.caller.callNext(actor, counterId);
    // A web Response's status wins over @HttpCode (Nest 12), and the idempotency interceptor stores it as is.
    return called ?? new Response(null, { status: 204 });
  }

  @Post('call/:ticketId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call a specific ticket out of order (supervisors, admins, agents with canCallOutOfOrder)',
    description: 'Recorded in the ticket’s events with who called it and the tickets it passed over.',
  })
  @ApiOkResponse({ type: DeskTicketDto })
  callTicket(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('counterId', uuidParam('counterId')) counterId: string,
    @Param('ticketId', uuidParam('ticketId')) ticketId: string,
  ): Promise<DeskTicketDto> {
    return this.caller.callTicket(actor, counterId, ticketId);
  }
}
