import { Controller, Get, Header } from '@nestjs/common';
import { ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator.js';
import type { VerifiedApplicant } from '../applicant-sessions.js';
import { SignedInApplicant, SignInRequired } from './applicant-identity.guard.js';
import { MyBookingDto, MyRequestDto } from './dto/my-procedures.dto.js';
import { MyProceduresService } from './my-procedures.service.js';

/**
 * "Mis trámites": the signed-in applicant's own bookings and requests (cookie turnero_applicant,
 * issue #20). Public to the staff guard, rate-limited per client address like every public
 * route; 401 SIGN_IN_REQUIRED without a live session. Personal data: never stored by a cache.
 */
@ApiTags('identity')
@ApiCookieAuth('applicant')
@Public()
@SignInRequired()
@Controller('me')
export class MyProceduresController {
  constructor(private readonly procedures: MyProceduresService) {}

  @Get('bookings')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "The signed-in applicant's bookings under their RUN (made signed in or not), upcoming first: each with its code, to cancel or reschedule without a lookup",
  })
  @ApiOkResponse({ type: [MyBookingDto] })
  @ApiUnauthorizedResponse({ description: 'SIGN_IN_REQUIRED: no ClaveÚnica session, or it expired' })
  bookings(@SignedInApplicant() applicant: VerifiedApplicant): Promise<MyBookingDto[]> {
    return this.procedures.bookings(applicant);
  }

  @Get('requests')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The signed-in applicant's requests and complaints (filed with their RUN as contact document), newest first" })
  @ApiOkResponse({ type: [MyRequestDto] })
  @ApiUnauthorizedResponse({ description: 'SIGN_IN_REQUIRED: no ClaveÚnica session, or it expired' })
  requests(@SignedInApplicant() applicant: VerifiedApplicant): Promise<MyRequestDto[]> {
    return this.procedures.requests(applicant);
  }
}
