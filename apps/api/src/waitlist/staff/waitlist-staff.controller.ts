import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../../auth/authenticated-user.js';
import { Roles } from '../../auth/roles.decorator.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import {
  WAITLIST_ENTRIES_LIMIT,
  WAITLIST_OVERVIEW_DEFAULT_DAYS,
  WaitlistEntriesQueryDto,
  WaitlistOverviewDto,
  WaitlistOverviewQueryDto,
  WaitlistStaffEntryListDto,
} from './dto/waitlist-staff.dto.js';
import { WaitlistStaffService } from './waitlist-staff.service.js';

/**
 * The office's waitlist for its staff (issue #18): counts per procedure and day, and the entries
 * without personal data. Reading only: people join, confirm, decline and leave on the public side.
 */
@ApiTags('waitlist')
@ApiBearerAuth()
@Roles('admin', 'supervisor', 'agent')
@SkipThrottle()
@ApiUnauthorizedResponse({ description: 'UNAUTHORIZED' })
@ApiForbiddenResponse({ description: "FORBIDDEN: staff of another office than the caller's" })
@ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND; SERVICE_NOT_FOUND when serviceId is not one of the office\'s procedures' })
@Controller('offices/:officeId/waitlist')
export class WaitlistStaffController {
  constructor(private readonly waitlist: WaitlistStaffService) {}

  @Get()
  @ApiOperation({
    summary: "An office's waitlist per procedure and day: people waiting and seats held for them (the office's staff)",
    description:
      `For each procedure and office-local day of [from, to] (default: the office's today and the ${WAITLIST_OVERVIEW_DEFAULT_DAYS} days from it): \`waiting\`, the entries ` +
      'still waiting whose wishes cover the day (in their range and, if they chose weekdays, on one of them), and `offered`, the offers held now for a slot of that day. ' +
      'Counts only; per procedure and in total each entry counts once.',
  })
  @ApiOkResponse({ type: WaitlistOverviewDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming serviceId, from, to or officeId; INVALID_DATE_RANGE naming to' })
  overview(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: WaitlistOverviewQueryDto,
  ): Promise<WaitlistOverviewDto> {
    return this.waitlist.overview(actor, officeId, query);
  }

  @Get('entries')
  @ApiOperation({
    summary: "An office's waitlist entries, without personal data (the office's staff)",
    description:
      `The entries of the office (one procedure with \`serviceId\`), the active ones (waiting, offered) unless \`status\` says one; by procedure then order of joining; at most ${WAITLIST_ENTRIES_LIMIT} ` +
      '(`truncated` says when more matched). Code, range, weekdays, morning only, status, misses, place in line and the held offer; never a name, document, email or phone.',
  })
  @ApiOkResponse({ type: WaitlistStaffEntryListDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming serviceId, status or officeId' })
  entries(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: WaitlistEntriesQueryDto,
  ): Promise<WaitlistStaffEntryListDto> {
    return this.waitlist.entries(actor, officeId, query);
  }
}
