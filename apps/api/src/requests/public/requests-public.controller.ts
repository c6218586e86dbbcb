import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../auth/public.decorator.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import { SkipIdempotency } from '../../idempotency/skip-idempotency.decorator.js';
import type { VerifiedApplicant } from '../../identity/applicant-sessions.js';
import { IdentityFromSession, SignedInApplicant } from '../../identity/verified/applicant-identity.guard.js';
import { contentDisposition } from '../attachments/attachment-rules.js';
import {
  CreateRequestDto,
  FiledRequestDto,
  RatedRequestDto,
  RateRequestDto,
  ReplyRequestDto,
  RequestAttachmentKeyDto,
  RequestDetailDto,
  RequestKeyDto,
  RequestSummaryDto,
  RequestTopicDto,
} from '../dto/request-public.dto.js';
import { RequestsPublicService, WEB_FILING } from './requests-public.service.js';

/** Stricter than the general limit where a code and a contact together are a secret worth guessing. */
const KEYED = { default: { limit: 10, ttl: 60_000 } };

/**
 * Requests and complaints, the person's side (API.md "Requests and complaints"): public, rate
 * limited per client address. The tracking code is the only thing that goes in a URL; the contact
 * travels in POST bodies.
 */
@ApiTags('requests')
@Public()
@Controller()
export class RequestsPublicController {
  constructor(private readonly requests: RequestsPublicService) {}

  @Get('offices/:officeId/request-topics')
  @ApiOperation({ summary: "The office's active topics for requests and complaints, in the catalogue's order" })
  @ApiOkResponse({ type: [RequestTopicDto] })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  topics(@Param('officeId', uuidParam('officeId')) officeId: string): Promise<RequestTopicDto[]> {
    return this.requests.topics(officeId);
  }

  @Post('requests')
  @IdentityFromSession('contact')
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary: 'File a request, complaint, suggestion or commendation; the answer carries the tracking code and the due date',
    description:
      'JSON, or multipart/form-data with the same fields (the contact as `contact.email`, `contact.phone`, `contact.fullName`, `contact.documentNumber`, ' +
      '`contact.smsConsent` ("true"/"false"), or `contact` holding the object as JSON text) plus up to 3 files named `attachments` (PDF, JPEG or PNG by ' +
      'their content, at most 5 MB each). The confirmation goes to the email (and by SMS with consent) through the outbox. ' +
      "Signed in with ClaveÚnica (cookie turnero_applicant), the contact's name and document are the session's (contact.fullName and contact.documentNumber may be " +
      'left out) and the request is marked identity-verified for the office; another document is 403 IDENTITY_MISMATCH naming contact.documentNumber.',
  })
  @ApiCreatedResponse({ type: FiledRequestDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the field (a 4th file: `attachments`; an inactive or foreign topic: `topicId`); CONTACT_REQUIRED for a request or complaint without an email or phone' })
  @ApiForbiddenResponse({ description: 'IDENTITY_MISMATCH: signed in with ClaveÚnica, the body gives another document (naming contact.documentNumber)' })
  @ApiNotFoundResponse({ description: 'OFFICE_NOT_FOUND' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: a file over 5 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_ATTACHMENT: a file that is not a PDF, JPEG or PNG by its content, whatever its name says' })
  async file(@Body() body: CreateRequestDto, @Req() request: FastifyRequest, @SignedInApplicant() applicant: VerifiedApplicant | null): Promise<FiledRequestDto> {
    const { code, status, dueDate } = await this.requests.file(body, request.attachments, { ...WEB_FILING, verified: applicant !== null });
    return { code, status, dueDate };
  }

  @Get('requests/:code')
  @ApiOperation({ summary: 'A request’s public status by its tracking code: kind, topic, status, dates (no description, answer or personal data)' })
  @ApiOkResponse({ type: RequestSummaryDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  summary(@Param('code') code: string): Promise<RequestSummaryDto> {
    return this.requests.summary(code);
  }

  @Post('requests/lookup')
  @HttpCode(200)
  // Reads only; storing its answer would store personal data.
  @SkipIdempotency()
  @Throttle(KEYED)
  @ApiOperation({ summary: 'The whole request (description, conversation, answer, files) for the email or phone it was filed with (never in a URL)' })
  @ApiOkResponse({ type: RequestDetailDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND: no request has this code, or the contact is not the one given at filing' })
  @ApiTooManyRequestsResponse({ description: 'LOOKUP_LOCKED: 10 wrong contacts for this code; locked for 15 minutes (Retry-After)' })
  lookup(@Body() body: RequestKeyDto): Promise<RequestDetailDto> {
    return this.requests.lookup(body);
  }

  @Post('requests/reply')
  @HttpCode(200)
  @Throttle(KEYED)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({
    summary: 'The person’s reply: while the office waits for information (the deadline resumes), or within 10 working days of the answer (reopens it)',
    description: 'JSON, or multipart/form-data with the fields `code`, `contact`, `text` plus up to 3 files named `attachments` (as for filing).',
  })
  @ApiOkResponse({ type: RequestSummaryDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'INVALID_TRANSITION: nothing to reply to now (received or in progress, or the answer is more than 10 working days old)' })
  @ApiPayloadTooLargeResponse({ description: 'PAYLOAD_TOO_LARGE: a file over 5 MB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'UNSUPPORTED_ATTACHMENT' })
  @ApiTooManyRequestsResponse({ description: 'LOOKUP_LOCKED' })
  reply(@Body() body: ReplyRequestDto, @Req() request: FastifyRequest): Promise<RequestSummaryDto> {
    return this.requests.reply(body, request.attachments);
  }

  @Post('requests/rate')
  @HttpCode(200)
  @Throttle(KEYED)
  @ApiOperation({ summary: 'Rate the answer from 1 to 5 (optional comment), once, after it is answered' })
  @ApiOkResponse({ type: RatedRequestDto })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND' })
  @ApiConflictResponse({ description: 'SURVEY_ALREADY_ANSWERED (rated before); INVALID_TRANSITION (not answered yet)' })
  @ApiTooManyRequestsResponse({ description: 'LOOKUP_LOCKED' })
  rate(@Body() body: RateRequestDto): Promise<RatedRequestDto> {
    return this.requests.rate(body);
  }

  @Post('requests/attachment')
  @HttpCode(200)
  @SkipIdempotency()
  @Throttle(KEYED)
  @ApiOperation({ summary: 'One of the request’s files, as a download (Content-Disposition: attachment, the sniffed type, nosniff)' })
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'REQUEST_NOT_FOUND; NOT_FOUND (no such file in this request)' })
  @ApiTooManyRequestsResponse({ description: 'LOOKUP_LOCKED' })
  async attachment(@Body() body: RequestAttachmentKeyDto, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.requests.attachment(body);
    void reply
      .type(file.mediaType)
      .header('Content-Disposition', contentDisposition(file.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'no-store')
      .send(file.content);
  }
}
