import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import { StaffUserDto } from '../staff/dto/staff-user.dto.js';
import { StaffService } from '../staff/staff.service.js';
import { AuthService } from './auth.service.js';
import { type AuthenticatedUser, CurrentUser } from './authenticated-user.js';
import { AccessTokenDto, LoginDto } from './dto/login.dto.js';
import { Public } from './public.decorator.js';
import { SkipIdempotency } from '../idempotency/skip-idempotency.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly staff: StaffService,
  ) {}

  @Post('login')
  @Public()
  // A retried login just logs in again; storing its answer would store a token.
  @SkipIdempotency()
  @HttpCode(200)
  // Per client address, on top of the per-username lockout.
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Log in as staff; returns a JWT' })
  @ApiOkResponse({ type: AccessTokenDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS: wrong username or password (never says which)' })
  @ApiForbiddenResponse({ description: 'PASSWORD_LOGIN_DISABLED: STAFF_PASSWORD_LOGIN=false and this is not the bootstrap admin with the right password (the same answer for any other attempt; staff sign in through GET /auth/sso/login)' })
  @ApiTooManyRequestsResponse({ description: 'TOO_MANY_LOGIN_ATTEMPTS or RATE_LIMITED, with Retry-After' })
  login(@Body() body: LoginDto): Promise<AccessTokenDto> {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The logged-in staff user' })
  @ApiOkResponse({ type: StaffUserDto })
  me(@CurrentUser() user: AuthenticatedUser): Promise<StaffUserDto> {
    return this.staff.get(user, user.id);
  }
}
