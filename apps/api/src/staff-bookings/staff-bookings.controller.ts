import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { STAFF_BOOKINGS_LIMIT, StaffBookingListDto, StaffBookingSearchDto, StaffBookingsQueryDto } from './dto/staff-booking.dto.js';
import { StaffBookingsService } from './staff-bookings.service.js';

/**
 * The office's bookings for its staff (issue #16): who is booked, how each booking stands and how
 * its messages went. Names and documents are in the answers (staff may see them), never in a URL:
 * a search by code or document is a POST.
 */
@ApiTags('bookings')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'agent')
@SkipThrottle()
@ApiForbiddenResponse({ description: "FORBIDDEN: staff of another office than the caller's" })
@ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
@Controller('offices/:officeId/bookings')
export class StaffBookingsController {
  constructor(private readonly bookings: StaffBookingsService) {}

  @Get()
  @ApiOperation({
    summary: "An office's bookings of a day, with their messages counted by status (the office's staff)",
    description: `The bookings whose slot falls on \`date\` in the office's time zone (default: today there), every status unless \`status\` says one, sorted by slot; at most ${STAFF_BOOKINGS_LIMIT} (\`truncated\` says when more matched). Each booking's messages: GET /bookings/{bookingId}/messages.`,
  })
  @ApiOkResponse({ type: StaffBookingListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming date, status or officeId' })
  day(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: StaffBookingsQueryDto,
  ): Promise<StaffBookingListDto> {
    return this.bookings.day(actor, officeId, query);
  }

  @Post('search')
  @HttpCode(200)
  @ApiOperation({
    summary: "Find an office's bookings by code or document (the office's staff)",
    description: `A POST so that no code or document travels in a URL. \`q\` is normalised as the booking lookup does; optionally one local \`date\` and one \`status\`. Sorted by slot; at most ${STAFF_BOOKINGS_LIMIT}. Changes nothing.`,
  })
  @ApiOkResponse({ type: StaffBookingListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming q, date, status or officeId' })
  search(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: StaffBookingSearchDto,
  ): Promise<StaffBookingListDto> {
    return this.bookings.search(actor, officeId, body);
  }
}
