import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { TransferTicketDto } from './dto/desk.dto.js';
import { DeskTicketDto } from './dto/desk-ticket.dto.js';
import { TicketDeskService } from './ticket-desk.service.js';

@ApiTags('front desk')
@ApiBearerAuth()
@SkipThrottle()
@Roles('admin', 'supervisor', 'agent')
@ApiConflictResponse({ description: 'INVALID_TRANSITION, with details { from, to, action }' })
@Controller('tickets/:ticketId')
export class TicketDeskController {
  constructor(private readonly desk: TicketDeskService) {}

  @Post('recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket again (called → called); past the office’s recalls it becomes a no-show' })
  @ApiOkResponse({ type: DeskTicketDto })
  recall(@CurrentUser() actor: AuthenticatedUser, @Param('ticketId', uuidParam('ticketId')) ticketId: string): Promise<DeskTicketDto> {
    return this.desk.recall(actor, ticketId);
  }

  @Post('start')
  @HttpCode(200)
  @ApiOperation({ summary: 'The person arrived at the counter (called → serving)' })
  @ApiOkResponse({ type: DeskTicketDto })
  start(@CurrentUser() actor: AuthenticatedUser, @Param('ticketId', uuidParam('ticketId')) ticketId: string): Promise<DeskTicketDto> {
    return this.desk.start(actor, ticketId);
  }

  @Post('complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Served (serving → done)' })
  @ApiOkResponse({ type: DeskTicketDto })
  complete(@CurrentUser() actor: AuthenticatedUser, @Param('ticketId', uuidParam('ticketId')) ticketId: string): Promise<DeskTicketDto> {
    return this.desk.complete(actor, ticketId);
  }

  @Post('no-show')
  @HttpCode(200)
  @ApiOperation({ summary: 'Nobody came (called → no_show)' })
  @ApiOkResponse({ type: DeskTicketDto })
  noShow(@CurrentUser() actor: AuthenticatedUser, @Param('ticketId', uuidParam('ticketId')) ticketId: string): Promise<DeskTicketDto> {
    return this.desk.noShow(actor, ticketId);
  }

  @Post('transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the ticket to another service of the office, keeping its place (waiting/called/serving → waiting)' })
  @ApiOkResponse({ type: DeskTicketDto })
  transfer(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('ticketId', uuidParam('ticketId')) ticketId: string,
    @Body() body: TransferTicketDto,
  ): Promise<DeskTicketDto> {
    return this.desk.transfer(actor, ticketId, body.serviceId);
  }
}
