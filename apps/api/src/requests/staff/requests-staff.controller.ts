import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { type AuthenticatedUser, CurrentUser } from '../../auth/authenticated-user.js';
import { Roles } from '../../auth/roles.decorator.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import {
  AssigneeDto,
  AssignRequestDto,
  CreateTopicDto,
  INBOX_MAX_PAGE_SIZE,
  InboxPageDto,
  InboxQueryDto,
  RegisteredRequestDto,
  RegisterRequestDto,
  StaffRequestDto,
  StaffTextDto,
  StaffTopicDto,
  TransitionResultDto,
  UpdateTopicDto,
} from './dto/staff-request.dto.js';
import { RequestsInboxService } from './requests-inbox.service.js';

const TRANSITION_409 = 'INVALID_TRANSITION: the request is not in a state this step starts from (details.status says which it is in)';

/**
 * The staff side of requests and complaints (issue #17): the office's inbox and each request's
 * file and steps, for its agents and supervisors (admins everywhere); the topic catalogue for its
 * supervisors. Only ids and the tracking code travel in URLs; texts go in bodies.
 */
@ApiTags('requests')
@ApiBearerAuth()
@SkipThrottle()
@ApiForbiddenResponse({ description: "FORBIDDEN: staff of another office than the request's, or a role the step does not allow" })
@Controller()
export class RequestsStaffController {
  constructor(private readonly inbox: RequestsInboxService) {}

  @Get('offices/:officeId/requests')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: "The office's inbox of requests and complaints (its staff)",
    description:
      `Filtered by status, kind, topic, channel, assignee (me, none or an id), overdue (open and due before the office's today) or due this week ` +
      `(open and due within the next 5 working days), or one tracking code; ordered by due date, then filing time; pages of at most ${INBOX_MAX_PAGE_SIZE}. ` +
      'No description or contact: those are in GET /requests/by-id/{requestId}.',
  })
  @ApiOkResponse({ type: InboxPageDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the filter' })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  list(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string, @Query() query: InboxQueryDto): Promise<InboxPageDto> {
    return this.inbox.list(actor, officeId, query);
  }

  @Get('offices/:officeId/requests/assignees')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: 'Who requests of the office can be assigned to (its staff)',
    description: "The office's active agents and supervisors, by username: the people POST /requests/by-id/{requestId}/assign accepts. Agents may list them to hand a request to a colleague.",
  })
  @ApiOkResponse({ type: AssigneeDto, isArray: true })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  assignees(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<AssigneeDto[]> {
    return this.inbox.assignees(actor, officeId);
  }

  @Post('offices/:officeId/requests')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: "Register a request on the person's behalf (it came by phone, email, letter or to the counter)",
    description:
      'The public filing\'s fields and rules (a request or complaint needs an email or phone: 400 CONTACT_REQUIRED; an active topic of the office) plus the `channel`; ' +
      "recorded as filed by the caller. 'request_received' is queued to the person as for a web filing. Answers the tracking code to give the person.",
  })
  @ApiCreatedResponse({ type: RegisteredRequestDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the field; CONTACT_REQUIRED' })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  register(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string, @Body() body: RegisterRequestDto): Promise<RegisteredRequestDto> {
    return this.inbox.register(actor, officeId, body);
  }

  @Get('requests/by-id/:requestId')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: "A request's whole file (its office's staff)",
    description: 'Contact, description, answer, every event with who and when (internal notes flagged `internal`: never shown to the person), attachments (metadata; the bytes at …/attachments/{attachmentId}).',
  })
  @ApiOkResponse({ type: StaffRequestDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  detail(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string): Promise<StaffRequestDto> {
    return this.inbox.detail(actor, requestId);
  }

  @Get('requests/by-id/:requestId/attachments/:attachmentId')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({
    summary: "A request's attachment (its office's staff)",
    description: 'The file as sent, with its sniffed type (application/pdf, image/jpeg or image/png), `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.',
  })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND, NOT_FOUND (no such attachment of the request)' })
  async attachment(
    @CurrentUser() actor: AuthenticatedUser,
    @Param('requestId', uuidParam('requestId')) requestId: string,
    @Param('attachmentId', uuidParam('attachmentId')) attachmentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const file = await this.inbox.attachment(actor, requestId, attachmentId);
    void reply
      .type(file.mediaType)
      .header('Content-Disposition', contentDisposition(file.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'private, no-store');
    return file.content;
  }

  @Post('requests/by-id/:requestId/assign')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign a request to an agent or supervisor of its office, or to nobody',
    description:
      'In any open state (received, in progress, waiting); a received request becomes in progress. `expectedAssigneeId` (default null: nobody) is who the caller saw holding it: ' +
      'when someone else holds it by then, 409 ASSIGNMENT_CONFLICT with details.assigneeId, so of two staff taking it at once one wins. Event `assigned` { from, to }.',
  })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming staffUserId (not an active agent or supervisor of the office) or expectedAssigneeId' })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: `ASSIGNMENT_CONFLICT; ${TRANSITION_409}` })
  assign(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string, @Body() body: AssignRequestDto): Promise<TransitionResultDto> {
    return this.inbox.assign(actor, requestId, body);
  }

  @Post('requests/by-id/:requestId/notes')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add an internal note (any state)', description: 'Event `note`: seen by the office\'s staff only, never by the person, never sent.' })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming text' })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  note(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string, @Body() body: StaffTextDto): Promise<TransitionResultDto> {
    return this.inbox.note(actor, requestId, body);
  }

  @Post('requests/by-id/:requestId/ask')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ask the person for more information (received or in progress → waiting)',
    description:
      "The deadline pauses until the person replies on the tracking page (then the due date moves on by the working days waited). Event `asked` with the question, shown to the person; the message 'request_info_requested' is queued in the same transaction.",
  })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming text' })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: TRANSITION_409 })
  ask(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string, @Body() body: StaffTextDto): Promise<TransitionResultDto> {
    return this.inbox.ask(actor, requestId, body);
  }

  @Post('requests/by-id/:requestId/answer')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer the request (received or in progress → answered)',
    description:
      "Stores the answer (shown on the tracking page), the working days it took (pauses excluded) and whether it came by the due date; event `answered`; the message 'request_answered' is queued in the same transaction.",
  })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming text' })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: TRANSITION_409 })
  answer(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string, @Body() body: StaffTextDto): Promise<TransitionResultDto> {
    return this.inbox.answer(actor, requestId, body);
  }

  @Post('requests/by-id/:requestId/close')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the request (answered → closed; a suggestion or commendation also from received or in progress)', description: 'Event `closed`.' })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: TRANSITION_409 })
  close(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string): Promise<TransitionResultDto> {
    return this.inbox.close(actor, requestId);
  }

  @Post('requests/by-id/:requestId/reopen')
  @Roles('admin', 'supervisor', 'agent')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reopen the request (answered or closed → in progress)',
    description: "It is given the office's deadline for its kind again, counted in working days from today; event `reopened` { dueDate }.",
  })
  @ApiOkResponse({ type: TransitionResultDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: TRANSITION_409 })
  reopen(@CurrentUser() actor: AuthenticatedUser, @Param('requestId', uuidParam('requestId')) requestId: string): Promise<TransitionResultDto> {
    return this.inbox.reopen(actor, requestId);
  }

  @Get('offices/:officeId/request-topics/manage')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: "The office's topic catalogue for its supervisors: active and inactive, with the requests filed under each", description: 'Ordered by sortOrder, then name.' })
  @ApiOkResponse({ type: [StaffTopicDto] })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  topics(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string): Promise<StaffTopicDto[]> {
    return this.inbox.topics(actor, officeId);
  }

  @Post('offices/:officeId/request-topics/manage')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Add a topic to the office\'s catalogue (admin; supervisor in their office)' })
  @ApiCreatedResponse({ type: StaffTopicDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the field' })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'DUPLICATE_TOPIC_NAME (details name the field name): the office has a topic of that name, case forgiven' })
  createTopic(@CurrentUser() actor: AuthenticatedUser, @Param('officeId', uuidParam('officeId')) officeId: string, @Body() body: CreateTopicDto): Promise<StaffTopicDto> {
    return this.inbox.createTopic(actor, officeId, body);
  }

  @Patch('request-topics/:topicId')
  @Roles('admin', 'supervisor')
  @ApiOperation({
    summary: 'Rename, (de)activate or reorder a topic (admin; supervisor in its office)',
    description: 'An inactive topic is no longer offered to the public; the requests filed under it keep it.',
  })
  @ApiOkResponse({ type: StaffTopicDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the field' })
  @ApiNotFoundResponse({ description: 'TOPIC_NOT_FOUND' })
  @ApiConflictResponse({ description: 'DUPLICATE_TOPIC_NAME' })
  updateTopic(@CurrentUser() actor: AuthenticatedUser, @Param('topicId', uuidParam('topicId')) topicId: string, @Body() body: UpdateTopicDto): Promise<StaffTopicDto> {
    return this.inbox.updateTopic(actor, topicId, body);
  }
}

/** `attachment` with the stored (sanitised) name: an ASCII fallback and the UTF-8 form (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\;]/g, '_').trim() || 'adjunto';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
