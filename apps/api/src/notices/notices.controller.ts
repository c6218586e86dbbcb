import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../auth/authenticated-user.js';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CreateNoticeDto, NoticeCreatedDto, NoticeDto, NoticeListQueryDto, StaffNoticeDto } from './dto/notice.dto.js';
import { NoticesService } from './notices.service.js';

@ApiTags('notices')
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get('offices/:officeId/notices')
  @Public()
  @ApiOperation({
    summary: "The office's notices in force now (public)",
    description:
      'For the booking site, the kiosk and the waiting-room screen. Plain text: show it as text, never as HTML. ' +
      'Cached per instance for at most 4 s; screens also get `notices.changed` on the /display socket when one is published or deleted.',
  })
  @ApiOkResponse({ type: [NoticeDto] })
  inForce(@Param('officeId', uuidParam('officeId')) officeId: string): Promise<NoticeDto[]> {
    return this.notices.inForce(officeId);
  }

  @Get('offices/:officeId/notices/schedule')
  @Roles('admin', 'supervisor', 'agent')
  @ApiBearerAuth()
  @SkipThrottle()
  @ApiOperation({
    summary: "The office's notices for its staff: current and upcoming, and on request those ended in the last 30 days",
    description: 'Each with its status by the clock and the number of messages queued to send it. Deleted notices are not listed.',
  })
  @ApiOkResponse({ type: [StaffNoticeDto] })
  list(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: NoticeListQueryDto,
  ): Promise<StaffNoticeDto[]> {
    return this.notices.list(actor, officeId, query);
  }

  @Post('offices/:officeId/notices')
  @Roles('admin', 'supervisor')
  @ApiBearerAuth()
  @SkipThrottle()
  @ApiOperation({
    summary: 'Publish a notice for a period (admin; supervisor in their office)',
    description:
      'Shown while from ≤ now < to. With `notifyBooked`, the same transaction queues one message per channel to every applicant with a confirmed booking ' +
      "whose slot starts in [from, to) and is not over (email with an address, SMS with consent and a phone, each when configured), unless the office switched 'office_notice' off; " +
      '`notified` counts them.',
  })
  @ApiCreatedResponse({ type: NoticeCreatedDto })
  create(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Body() body: CreateNoticeDto,
  ): Promise<NoticeCreatedDto> {
    return this.notices.create(actor, officeId, body);
  }

  @Delete('notices/:noticeId')
  @Roles('admin', 'supervisor')
  @ApiBearerAuth()
  @SkipThrottle()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a notice (admin; supervisor in its office)',
    description: 'It stops showing at once; its messages not yet sent are skipped. The row is kept as history.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentUser() actor: AuthenticatedUser, @Param('noticeId', uuidParam('noticeId')) noticeId: string): Promise<void> {
    await this.notices.remove(actor, noticeId);
  }
}
