import { Injectable } from '@nestjs/common';
import { isTrackingCode } from '@turnero/scheduling';
import { type AuthenticatedUser, assertOfficeAccess } from '../auth/authenticated-user.js';
import { Clock } from '../common/clock/clock.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { officeInstant } from '../common/time/office-instant.js';
import { assertDateRange } from '../reports/dto/date-range.dto.js';
import { QueueNotifier } from '../tickets/queue-notifier.js';
import type { AnswerSurveyDto, SurveyAnswerDto, SurveyCommentsDto, SurveyCommentsQueryDto } from './dto/survey.dto.js';
import { SURVEY_WINDOW_DAYS, surveyWindowOpen } from './survey-window.js';
import { SurveysRepository } from './surveys.repository.js';

const DEFAULT_COMMENTS_PAGE = 200;

/**
 * Satisfaction surveys: a completed ticket is rated once (1–5, optional comment) within
 * SURVEY_WINDOW_DAYS of its completion, from the turn page or the kiosk, by tracking code. The
 * supervisor reads the comments beside the ticket's number, service and day only.
 */
@Injectable()
export class SurveysService {
  constructor(
    private readonly repo: SurveysRepository,
    private readonly notifier: QueueNotifier,
    private readonly clock: Clock,
  ) {}

  async answer(trackingCode: string, input: AnswerSurveyDto): Promise<SurveyAnswerDto> {
    const ticket = isTrackingCode(trackingCode) ? await this.repo.ticket(trackingCode) : null;
    if (!ticket) throw new ApiException(ErrorCode.TICKET_NOT_FOUND, 'No ticket with this tracking code');
    if (ticket.status !== 'done') {
      throw new ApiException(ErrorCode.SURVEY_NOT_AVAILABLE, 'Only a ticket that was attended can be rated, once its attention is completed');
    }
    if (ticket.answered) throw alreadyAnswered();
    const now = this.clock.now();
    if (!surveyWindowOpen(ticket.completedAt, now)) {
      throw new ApiException(ErrorCode.SURVEY_EXPIRED, `A ticket can be rated within ${SURVEY_WINDOW_DAYS} days of its attention`);
    }
    const answeredAt = now.toJSDate();
    const comment = plainComment(input.comment);
    if (!(await this.repo.insert({ ticketId: ticket.id, officeId: ticket.officeId, rating: input.rating, comment, answeredAt }))) throw alreadyAnswered();
    // The turn page stops offering the survey.
    this.notifier.turnChanged(trackingCode);
    return { number: ticket.number, rating: input.rating, comment, answeredAt: officeInstant(answeredAt, ticket.timeZone) };
  }

  async comments(actor: AuthenticatedUser, officeId: string, query: SurveyCommentsQueryDto): Promise<SurveyCommentsDto> {
    assertOfficeAccess(actor, officeId);
    assertDateRange(query);
    if (!(await this.repo.officeExists(officeId))) throw ApiException.notFound(ErrorCode.OFFICE_NOT_FOUND, 'Office');
    const { total, rows } = await this.repo.comments(officeId, query.from, query.to, query.limit ?? DEFAULT_COMMENTS_PAGE, query.offset ?? 0);
    return {
      total,
      items: rows.map((r) => ({
        number: r.number,
        serviceId: r.serviceId,
        serviceName: r.serviceName,
        date: r.date,
        rating: r.rating,
        comment: r.comment,
        answeredAt: officeInstant(r.answeredAt, r.timeZone),
      })),
    };
  }
}

function alreadyAnswered(): ApiException {
  return new ApiException(ErrorCode.SURVEY_ALREADY_ANSWERED, 'This ticket has already been rated; thank you');
}

/**
 * The comment as stored: plain text, line breaks as \n, other control characters removed, trimmed;
 * empty is no comment. It is never interpreted as markup: the pages that show it must escape it.
 */
export function plainComment(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, '').trim();
  return text === '' ? null : text;
}
