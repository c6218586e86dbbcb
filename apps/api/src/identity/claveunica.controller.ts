import { Controller, Get, Header, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { SkipIdempotency } from '../idempotency/skip-idempotency.decorator.js';
import { ApplicantSessions } from './applicant-sessions.js';
import { ClaveUnicaSignIn } from './claveunica-sign-in.js';
import { ClaveUnicaLoginQueryDto } from './dto/claveunica-login-query.dto.js';
import { ApplicantLogoutDto, MeDto, toSignedInApplicantDto } from './dto/me.dto.js';

const DISABLED = 'ClaveÚnica sign-in is not configured on this site';

/**
 * Applicants sign in with ClaveÚnica (docs/architecture.md, "Verified identity"): the login and
 * callback redirects, who is signed in, and logout. Everything here answers Cache-Control: no-store.
 */
@ApiTags('applicant identity')
@Controller()
@Public()
export class ClaveUnicaController {
  constructor(
    private readonly signIn: ClaveUnicaSignIn,
    private readonly sessions: ApplicantSessions,
  ) {}

  @Get('auth/claveunica/login')
  // Each login stores a flow row for ten minutes: fewer per address than the public default.
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Sign in with ClaveÚnica: redirects to ClaveÚnica (authorization code flow with PKCE, state and nonce)',
    description: 'Sets the HttpOnly cookie `turnero_oidc` (Path=/api/v1/auth, 10 minutes) that ties the answer to this browser.',
  })
  @ApiFoundResponse({ description: "To ClaveÚnica's authorization page; to `/mis-tramites?ingreso=fallido&motivo=unavailable` when ClaveÚnica cannot be reached" })
  @ApiNotFoundResponse({ description: 'CLAVEUNICA_DISABLED: sign-in with ClaveÚnica is off (CLAVEUNICA_CLIENT_ID unset)' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async login(@Query() query: ClaveUnicaLoginQueryDto, @Res() reply: FastifyReply): Promise<void> {
    if (!this.signIn.enabled) throw new ApiException(ErrorCode.CLAVEUNICA_DISABLED, DISABLED);
    redirect(reply, await this.signIn.start(reply, query.returnTo));
  }

  @Get('auth/claveunica/callback')
  @ApiOperation({
    summary: "ClaveÚnica's redirect back (the registered redirect URL): opens the applicant's session",
    description:
      'Takes the provider\'s `code`, `state` (or `error`) as sent. Success: sets the session cookie `turnero_applicant` (HttpOnly, SameSite=Lax, Path=/api/v1, ' +
      'Secure on https, APPLICANT_SESSION_MINUTES) and redirects to the `returnTo` given at login. Failure: no session, redirect to ' +
      '`/mis-tramites?ingreso=fallido&motivo=<cancelled|state|expired|rejected|unavailable>`.',
  })
  @ApiFoundResponse({ description: 'To the applicant page (signed in) or to the failure page' })
  @ApiNotFoundResponse({ description: 'CLAVEUNICA_DISABLED' })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!this.signIn.enabled) throw new ApiException(ErrorCode.CLAVEUNICA_DISABLED, DISABLED);
    redirect(reply, await this.signIn.finish(request, reply));
  }

  @Get('me')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Whether ClaveÚnica sign-in is offered, and the applicant signed in with it in this browser (if any)' })
  @ApiOkResponse({ type: MeDto })
  async me(@Req() request: FastifyRequest): Promise<MeDto> {
    const applicant = this.signIn.enabled ? await this.sessions.fromRequest(request) : null;
    return { claveUnica: { enabled: this.signIn.enabled }, applicant: applicant ? toSignedInApplicantDto(applicant) : null };
  }

  @Post('auth/claveunica/logout')
  @HttpCode(200)
  @SkipIdempotency()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Signs the applicant out here (session deleted, cookie cleared); answers ClaveÚnica's logout page to offer next" })
  @ApiOkResponse({ type: ApplicantLogoutDto })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<ApplicantLogoutDto> {
    await this.sessions.end(request);
    this.sessions.clearCookie(reply);
    return { providerLogoutUrl: await this.signIn.providerLogoutUrl() };
  }
}

function redirect(reply: FastifyReply, location: string): void {
  void reply.status(302).header('location', location).header('cache-control', 'no-store').send();
}
