import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { ClosuresService } from './closures.service.js';
import { CancelledBookingDto, ClosureCreatedDto, ClosureDto, ClosureRangeQueryDto, CreateClosureDto } from './dto/closure.dto.js';

@ApiTags('closures')
@ApiBearerAuth()
@SkipThrottle()
@Controller()
export class ClosuresController {
  constructor(private readonly closures: ClosuresService) {}

  @Get('offices/:officeId/closures')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: "The office's calendar exceptions (closures and extra openings) in a date range (the office's staff)",
    description: "Default range: from today in the office's time zone onwards. Public holidays are not listed: they come from the holiday calendar.",
  })
  @ApiOkResponse({ type: [ClosureDto] })
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: ClosureRangeQueryDto,
  ): Promise<ClosureDto[]> {
    return this.closures.list(actor, officeId, query);
  }

  @Post('offices/:officeId/closures')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Close a day or some hours, or open an extra day (admin; supervisor in their office)',
    description:
      "`{ date, reason }` closes the whole day, `{ date, start, end, reason }` closes those hours, `{ kind: 'open', date, intervals, reason? }` " +
      "opens the date with those hours instead of the usual ones. In the same transaction, every confirmed booking whose slot no longer exists " +
      'is cancelled (its seat released, the reason recorded) and returned with the contact data of the applicant, so the office can tell them.',
  })
  @ApiCreatedResponse({ type: ClosureCreatedDto })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: CreateClosureDto,
  ): Promise<ClosureCreatedDto> {
    return this.closures.create(actor, officeId, body);
  }

  @Get('closures/:closureId/cancelled-bookings')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'The bookings a closure cancelled, with the contact data of each applicant (the office\'s staff)',
    description: 'Still available after the closure was deleted.',
  })
  @ApiOkResponse({ type: [CancelledBookingDto] })
  cancelledBookings(@CurrentUser() actor: AuthenticatedUser, @Param('closureId', uuidParam('closureId')) closureId: string): Promise<CancelledBookingDto[]> {
    return this.closures.cancelledBookings(actor, closureId);
  }

  @Delete('closures/:closureId')
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Remove a calendar exception: a closure re-opens its hours (admin; supervisor in their office)',
    description:
      'Bookings the closure cancelled are NOT restored: they stay cancelled, and their applicants must book again. ' +
      'Refused with 409 CLOSURE_IN_PAST for a past date, and with 409 BOOKINGS_WOULD_LOSE_SLOT when confirmed bookings would be left ' +
      'without a slot (removing an extra opening, or closed hours that shifted the slot grid): close those hours first.',
  })
  @ApiOkResponse({ description: 'Removed' })
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param('closureId', uuidParam('closureId')) closureId: string): Promise<void> {
    await this.closures.remove(actor, closureId);
  }
}
