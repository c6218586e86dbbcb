import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { AnswerSurveyDto, SurveyAnswerDto, SurveyCommentsDto, SurveyCommentsQueryDto } from './dto/survey.dto.js';
import { SURVEY_WINDOW_DAYS } from './survey-window.js';
import { SurveysService } from './surveys.service.js';

@ApiTags('surveys')
@Controller()
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Post('turns/:trackingCode/survey')
  @Public()
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Rate a completed visit (1–5, optional comment), once per ticket',
    description:
      `Public, by the ticket's tracking code: from the "follow your turn" page (TurnView.canAnswerSurvey says when) or from the kiosk at the exit, which scans the ticket's QR (it holds the tracking code). ` +
      `Open from the ticket's completion for ${SURVEY_WINDOW_DAYS} days. Rate-limited per client address (30 a minute); Idempotency-Key supported.`,
  })
  @ApiCreatedResponse({ type: SurveyAnswerDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming rating or comment' })
  @ApiNotFoundResponse({ description: 'TICKET_NOT_FOUND' })
  @ApiConflictResponse({ description: `SURVEY_ALREADY_ANSWERED; SURVEY_NOT_AVAILABLE (the ticket was not attended, or not yet completed); SURVEY_EXPIRED (more than ${SURVEY_WINDOW_DAYS} days after completion)` })
  answer(@Param('trackingCode') trackingCode: string, @Body() body: AnswerSurveyDto): Promise<SurveyAnswerDto> {
    return this.surveys.answer(trackingCode, body);
  }

  @Get('offices/:officeId/survey-comments')
  @ApiBearerAuth()
  @Roles('admin', 'supervisor')
  @SkipThrottle()
  @ApiOperation({
    summary: "Survey comments of the office's visits in a range of days (supervisor of the office, admin)",
    description: "Each comment beside the ticket's number, service, day and rating only: nothing about who wrote it. Newest answer first; `limit`/`offset` page through them.",
  })
  @ApiOkResponse({ type: SurveyCommentsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (from, to, limit, offset), INVALID_DATE_RANGE' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHORIZED' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: an agent, or another office' })
  comments(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('officeId', uuidParam('officeId')) officeId: string,
    @Query() query: SurveyCommentsQueryDto,
  ): Promise<SurveyCommentsDto> {
    return this.surveys.comments(actor, officeId, query);
  }
}
