import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { Public } from '../auth/public.decorator.js';
import { BookingDto } from '../bookings/dto/booking.dto.js';
import { CurrentIdempotencyClaim, type IdempotencyClaim } from '../idempotency/idempotency-claim.js';
import { SkipIdempotency } from '../idempotency/skip-idempotency.decorator.js';
import type { VerifiedApplicant } from '../identity/applicant-sessions.js';
import { IdentityFromSession, SignedInApplicant } from '../identity/verified/applicant-identity.guard.js';
import { JoinWaitlistDto, LookupWaitlistDto, WaitlistEntryDto, WaitlistJoinedDto, WaitlistLeftDto, WaitlistOwnerDto } from './dto/waitlist.dto.js';
import { WaitlistService } from './waitlist.service.js';

/**
 * The waitlist for applicants (issue #18): public, rate-limited per client address like the
 * booking endpoints; the POSTs that change something take an Idempotency-Key. An entry is reached
 * with its code and the document it was made with, never in a URL alone.
 */
@ApiTags('waitlist')
@Public()
@Controller('waitlist')
export class WaitlistController {
  constructor(private readonly waitlist: WaitlistService) {}

  @Post()
  @IdentityFromSession('applicant')
  @ApiOperation({
    summary: 'Join the waitlist of a procedure: a freed time that fits is held for you and you are told',
    description:
      "Signed in with ClaveÚnica (cookie turnero_applicant), the applicant's document and name are the session's: applicant.documentType, documentNumber and fullName may be left out, " +
      'and the entry is stored as verified; the booking made when its offer is accepted is stored with identityVerified true. ' +
      'A procedure with requiresVerifiedIdentity refuses a join without a session.',
  })
  @ApiCreatedResponse({ type: WaitlistJoinedDto })
  @ApiBadRequestResponse({ description: 'CONTACT_REQUIRED (neither email nor phone), INVALID_DATE_RANGE (details name from or to), INVALID_RUT, VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: 'SERVICE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'ALREADY_WAITING (the document is already in line for the procedure), ALREADY_BOOKED, SERVICE_NOT_BOOKABLE' })
  @ApiForbiddenResponse({
    description:
      'VERIFIED_IDENTITY_REQUIRED: the procedure requires signing in with ClaveÚnica to join its waitlist; IDENTITY_MISMATCH: signed in, the body gives another document (naming applicant.documentNumber or applicant.documentType)',
  })
  join(
    @Body() body: JoinWaitlistDto,
    @CurrentIdempotencyClaim() claim: IdempotencyClaim | undefined,
    @SignedInApplicant() applicant: VerifiedApplicant | null,
  ): Promise<WaitlistJoinedDto> {
    return this.waitlist.join(body, claim, applicant);
  }

  @Post('lookup')
  @HttpCode(200)
  // Reads only; storing its answer would store personal data.
  @SkipIdempotency()
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Find a waitlist entry by its code and the document it was made with: its place in line and any time held' })
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiNotFoundResponse({ description: 'WAITLIST_ENTRY_NOT_FOUND: no entry matches this code and document' })
  lookup(@Body() body: LookupWaitlistDto): Promise<WaitlistEntryDto> {
    return this.waitlist.lookup(body.code, body.documentNumber);
  }

  @Post(':code/accept')
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Confirm the time held for you: it becomes your booking',
    description: 'An entry made signed in with ClaveÚnica becomes a booking with identityVerified true (the identity was verified when joining).',
  })
  @ApiCreatedResponse({ type: BookingDto })
  @ApiNotFoundResponse({ description: 'WAITLIST_ENTRY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED (no time is held now: expired, declined or none offered), ALREADY_BOOKED' })
  accept(@Param('code') code: string, @Body() body: WaitlistOwnerDto): Promise<BookingDto> {
    return this.waitlist.accept(code, body.documentNumber);
  }

  @Post(':code/decline')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Let the time held for you go to the next person; you stay in line (a second one let go removes you)' })
  @ApiOkResponse({ type: WaitlistEntryDto })
  @ApiNotFoundResponse({ description: 'WAITLIST_ENTRY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'OFFER_EXPIRED: no time is held now' })
  decline(@Param('code') code: string, @Body() body: WaitlistOwnerDto): Promise<WaitlistEntryDto> {
    return this.waitlist.decline(code, body.documentNumber);
  }

  @Post(':code/leave')
  @HttpCode(200)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: 'Leave the waitlist; a time held for you goes to the next person' })
  @ApiOkResponse({ type: WaitlistLeftDto })
  @ApiNotFoundResponse({ description: 'WAITLIST_ENTRY_NOT_FOUND' })
  @ApiConflictResponse({ description: 'CONFLICT: the entry already ended (booked or removed)' })
  leave(@Param('code') code: string, @Body() body: WaitlistOwnerDto): Promise<{ status: 'left' }> {
    return this.waitlist.leave(code, body.documentNumber);
  }
}
