import { Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SkipIdempotency } from '../../idempotency/skip-idempotency.decorator.js';
import { AccessTokenDto } from '../dto/login.dto.js';
import { Public } from '../public.decorator.js';
import { AuthConfigDto } from './dto/auth-config.dto.js';
import { StaffSsoService } from './staff-sso.service.js';

const DISABLED = { description: 'SSO_DISABLED: staff single sign-on is not configured (STAFF_OIDC_CLIENT_ID unset)' };

/**
 * Staff single sign-on through the organisation's OpenID Connect provider (issue #20). The browser
 * goes login → provider → callback → /staff/login?sso=1, whose page collects the session with
 * POST /sso/session: the token travels in that answer's body only, never in a URL.
 */
@ApiTags('auth')
@Controller('auth')
export class StaffSsoController {
  constructor(private readonly sso: StaffSsoService) {}

  @Get('config')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'How staff log in here: password login on or off, single sign-on and its button label' })
  @ApiOkResponse({ type: AuthConfigDto })
  config(): AuthConfigDto {
    return this.sso.authConfig();
  }

  @Get('sso/login')
  @Public()
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: "Start staff single sign-on: redirects to the organisation's provider",
    description:
      'A browser navigation. Sets the flow cookie `turnero_oidc` (HttpOnly, Path=/api/v1/auth, 10 minutes) and answers 302 to the provider (PKCE S256, state, nonce). ' +
      'When the provider cannot be reached: 302 to /staff/login?sso=fallido&motivo=unavailable. Rate-limited per client address (20 a minute).',
  })
  @ApiFoundResponse({ description: "To the provider's authorization page, or to the login page's failure message" })
  @ApiNotFoundResponse(DISABLED)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async login(@Res() reply: FastifyReply): Promise<void> {
    const location = await this.sso.start(reply);
    void reply.header('Cache-Control', 'no-store').redirect(location, 302);
  }

  @Get('sso/callback')
  @Public()
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary: "The organisation's provider's redirect back (register this URL with the provider)",
    description:
      "Checks the answer against this browser's flow (state, PKCE, nonce, ID token's issuer, audience and time), then matches `preferred_username` to a staff username, " +
      'else an `email` the provider marks `email_verified` to a staff account\'s email (active accounts only; nothing is ever created). ' +
      'Success: a one-time hand-off cookie `turnero_staff_sso` (HttpOnly, SameSite=Strict, Path=/api/v1/auth/sso, 60 s) and 302 to /staff/login?sso=1. ' +
      'Failure: 302 to /staff/login?sso=fallido&motivo=<unknown|inactive|state|rejected|unavailable|cancelled>. Only the reason is logged.',
  })
  @ApiFoundResponse({ description: 'To /staff/login?sso=1, or /staff/login?sso=fallido&motivo=…' })
  @ApiNotFoundResponse(DISABLED)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const location = await this.sso.finish(request, reply);
    void reply.header('Cache-Control', 'no-store').redirect(location, 302);
  }

  @Post('sso/session')
  @Public()
  // Its answer is a bearer token: never stored for a retry.
  @SkipIdempotency()
  @HttpCode(200)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Collect the staff session after single sign-on: the same token a password login gives',
    description: 'Takes the hand-off cookie `turnero_staff_sso` set by the callback (once, within 60 s, on any instance) and clears it. No body.',
  })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'SSO_HANDOFF_INVALID: no hand-off cookie, or it was used, expired, or its account was deactivated meanwhile' })
  @ApiNotFoundResponse(DISABLED)
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<AccessTokenDto> {
    return this.sso.session(request, reply);
  }
}
