import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { CurrentIdempotencyClaim, type IdempotencyClaim } from '../idempotency/idempotency-claim.js';
import { SkipIdempotency } from '../idempotency/skip-idempotency.decorator.js';
import { IdentityFromSession, SignedInApplicant } from '../identity/verified/applicant-identity.guard.js';
import type { VerifiedApplicant } from '../identity/applicant-sessions.js';
import { BookingArtifacts } from './booking-artifacts.js';
import { BookingsService } from './bookings.service.js';
import {
  AvailabilityDto,
  AvailabilityQueryDto,
  BookingDto,
  CancelBookingDto,
  CancelledDto,
  CreateBookingDto,
  LookupBookingDto,
  RescheduleBookingDto,
} from './dto/booking.dto.js';

/** Applicants' endpoints: public, rate-limited per client address (RATE_LIMIT_PER_MINUTE). */
@ApiTags('bookings')
@Public()
@Controller()
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly artifacts: BookingArtifacts,
  ) {}

  @Get('services/:serviceId/availability')
  @ApiOperation({ summary: 'Days and slots with remaining seats, at most 62 days; closed days say why' })
  @ApiOkResponse({ type: AvailabilityDto })
  availability(
    @Param('serviceId', uuidParam('serviceId')) serviceId: string,
    @Query() query: AvailabilityQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    // The answer is shared as JSON text (BookingsService.availabilityJson): sent as it is.
    reply.type('application/json; charset=utf-8');
    return this.bookings.availabilityJson(serviceId, query.from, query.to);
  }

  @Post('bookings')
  @IdentityFromSession('applicant')
  @ApiOperation({
    summary: 'Book a slot; the answer carries the booking code',
    description:
      "Signed in with ClaveÚnica (cookie turnero_applicant), the applicant's document and name are the session's: applicant.documentType, documentNumber and fullName may be left out, " +
      'and the booking is stored with identityVerified true. A procedure with requiresVerifiedIdentity refuses a booking without a session.',
  })
  @ApiCreatedResponse({ type: BookingDto })
  @ApiForbiddenResponse({
    description: 'VERIFIED_IDENTITY_REQUIRED: the procedure requires signing in with ClaveÚnica; IDENTITY_MISMATCH: signed in, the body gives another document (naming applicant.documentNumber or applicant.documentType)',
  })
  @ApiConflictResponse({
    description:
      'SLOT_FULL (details.nextSlots: the next times with room for everyone in the booking), DAY_FULL, DUPLICATE_BOOKING (for a group, details name the member), OUTSIDE_BOOKING_WINDOW, OFFICE_CLOSED, NOT_A_SLOT, SERVICE_NOT_BOOKABLE',
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_RUT / INVALID_DOCUMENT (naming applicant.documentNumber or companions.N.documentNumber), GROUP_TOO_LARGE (naming companions)' })
  create(
    @Body() body: CreateBookingDto,
    @CurrentIdempotencyClaim() claim: IdempotencyClaim | undefined,
    @SignedInApplicant() applicant: VerifiedApplicant | null,
  ): Promise<BookingDto> {
    return this.bookings.create(body, claim, applicant);
  }

  @Post('bookings/lookup')
  @HttpCode(200)
  // Reads only; storing its answer would store personal data.
  @SkipIdempotency()
  // Stricter than the general limit: code and document together are a secret worth guessing.
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Find a booking by its code and the document it was made with (never in a URL)' })
  @ApiOkResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: 'BOOKING_NOT_FOUND: no booking matches this code and document' })
  lookup(@Body() body: LookupBookingDto): Promise<BookingDto> {
    return this.bookings.lookup(body.code, body.documentNumber);
  }

  @Post('bookings/:code/cancel')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: "Cancel a booking (everyone in it) or, with members, some of a group's companions; each seat is given up at once" })
  @ApiOkResponse({ type: CancelledDto })
  cancel(@Param('code') code: string, @Body() body: CancelBookingDto): Promise<{ status: 'cancelled' }> {
    return this.bookings.cancel(code, body.documentNumber, body.members);
  }

  @Post('bookings/:code/reschedule')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Move a booking (a group: everyone still coming) to another slot, atomically: on 409 the old booking stays as it was' })
  @ApiOkResponse({ type: BookingDto })
  @ApiForbiddenResponse({ description: 'VERIFIED_IDENTITY_REQUIRED: the booking was made without ClaveÚnica and its procedure now requires it (it can still be cancelled)' })
  reschedule(@Param('code') code: string, @Body() body: RescheduleBookingDto): Promise<BookingDto> {
    return this.bookings.reschedule(code, body.documentNumber, body.slotStart);
  }

  @Get('bookings/:code/qr.svg')
  @ApiOperation({ summary: 'A QR code holding the booking code, for the kiosk scanner (no personal data)' })
  @ApiProduces('image/svg+xml')
  @Header('Cache-Control', 'private, max-age=300')
  async qr(@Param('code') code: string, @Res() reply: FastifyReply): Promise<void> {
    const { booking } = await this.bookings.byCode(code);
    void reply.type('image/svg+xml').send(await this.artifacts.qrSvg(booking.code));
  }

  @Get('bookings/:code/calendar.ics')
  @ApiOperation({ summary: 'The appointment as a calendar event: service, office, address and time (no personal data)' })
  @ApiProduces('text/calendar')
  async calendar(@Param('code') code: string, @Res() reply: FastifyReply): Promise<void> {
    const { booking, context } = await this.bookings.byCode(code);
    void reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="cita-${booking.code}.ics"`)
      .send(this.artifacts.ics(booking, context.service, context.office));
  }
}
