import { Body, Controller, Get, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { SkipThrottle, Throttle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CheckInDto, IssueWalkInDto, SetWalkInCapDto } from './dto/issue-ticket.dto.js';
import { QueueDto, TicketDto } from './dto/ticket.dto.js';
import { WalkInCapDto } from './dto/walk-in-cap.dto.js';
import { OptionalStaffGuard } from './optional-staff.guard.js';
import { TicketQueries } from './ticket-queries.js';
import { TicketsService } from './tickets.service.js';
import { WalkInCapsService } from './walk-in-caps.service.js';

/** Front desk: check-ins, walk-in tickets, the queue and today's walk-in caps. */
@ApiTags('tickets')
@Controller()
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueries,
    private readonly caps: WalkInCapsService,
  ) {}

  /**
   * The front desk (any of the two forms) and the self-service kiosk, which holds no staff login:
   * by booking code the route is public and rate-limited per client address, since the code is
   * itself the bearer secret (9 symbols of 31, ~44.6 bits: unguessable within the limit); by
   * document number it stays staff-only (401 without a token), as a document is no secret. A staff
   * token, when sent, is checked (own office only) and recorded as the one who checked in.
   */
  @Post('offices/:officeId/check-ins')
  @Public()
  @UseGuards(OptionalStaffGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiOperation({
    // The token is optional: anonymous (the kiosk, by code) or bearer (staff).
    security: [{}, { bearer: [] }],
    summary:
      "Check a booking in and issue its ticket: by code, the public kiosk (no login, rate-limited per client address) or staff; by the applicant's document, the office's staff only",
  })
  @ApiCreatedResponse({ type: TicketDto, description: 'The appointment ticket, with the trackingCode to print as a QR' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED: documentNumber without a staff token, or a bad token' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: staff of another office' })
  @ApiNotFoundResponse({ description: 'BOOKING_NOT_FOUND (also for a booking of another office)' })
  @ApiConflictResponse({ description: 'TOO_EARLY / TOO_LATE (details.window: from, until), ALREADY_CHECKED_IN, BOOKING_NOT_ACTIVE' })
  checkIn(@Req() request: { user?: AuthenticatedUser }, @Param('officeId', uuidParam('officeId')) officeId: string, @Body() body: CheckInDto): Promise<TicketDto> {
    return this.tickets.checkIn(request.user, officeId, body);
  }

  /**
   * Listed under staff in API.md, and the self-service kiosk (no login) needs it too: public and
   * rate-limited per client address; a staff token, when sent, is checked (their own office only)
   * and recorded as the issuer.
   */
  @Post('offices/:officeId/tickets')
  @Public()
  @UseGuards(OptionalStaffGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiOperation({
    // The token is optional: anonymous (the kiosk) or bearer (the front desk).
    security: [{}, { bearer: [] }],
    summary: 'Issue a walk-in ticket: the front desk (Bearer token optional, then checked: own office only) or the public kiosk (no login); rate-limited per client address',
  })
  @ApiCreatedResponse({ type: TicketDto, description: 'The walk-in ticket, with the trackingCode to print as a QR' })
  @ApiConflictResponse({ description: "WALK_IN_CAP_REACHED (today's walk-in tickets are all taken), SERVICE_NOT_WALK_IN, OFFICE_CLOSED" })
  issueWalkIn(@Req() request: { user?: AuthenticatedUser }, @Param('officeId', uuidParam('officeId')) officeId: string, @Body() body: IssueWalkInDto): Promise<TicketDto> {
    return this.tickets.issueWalkIn(request.user, officeId, body);
  }

  @Get('offices/:officeId/queue')
  @ApiBearerAuth()
  @Roles('admin', 'supervisor', 'agent')
  @SkipThrottle()
  @ApiOperation({ summary: "Today's queue in serving order, with wait estimates and the reason for each place (the office's staff)" })
  @ApiOkResponse({ type: QueueDto })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: another office' })
  queue(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<QueueDto> {
    return this.queries.queue(actor, officeId);
  }

  @Get('offices/:officeId/walk-in-caps/today')
  @ApiBearerAuth()
  @Roles('admin', 'supervisor', 'agent')
  @SkipThrottle()
  @ApiOperation({ summary: "Today's walk-in cap, issued, refused and remaining per walk-in service (the office's staff)" })
  @ApiOkResponse({ type: [WalkInCapDto] })
  walkInCaps(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<WalkInCapDto[]> {
    return this.caps.today(actor, officeId);
  }

  @Put('services/:serviceId/walk-in-cap/today')
  @ApiBearerAuth()
  @Roles('admin', 'supervisor')
  @SkipThrottle()
  @ApiOperation({ summary: "Set today's walk-in cap of a service live; null returns to the configured cap (supervisor of the office, admin)" })
  @ApiOkResponse({ type: WalkInCapDto })
  @ApiConflictResponse({ description: 'SERVICE_NOT_WALK_IN' })
  setWalkInCap(@CurrentUser() actor: AuthenticatedUser, @Param('serviceId', uuidParam('serviceId')) serviceId: string, @Body() body: SetWalkInCapDto): Promise<WalkInCapDto> {
    return this.caps.setToday(actor, serviceId, body.cap);
  }
}
