import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { type AuthenticatedUser, CurrentUser } from '../../auth/authenticated-user.js';
import { Roles } from '../../auth/roles.decorator.js';
import { uuidParam } from '../../common/validation/uuid-param.pipe.js';
import { SkipIdempotency } from '../../idempotency/skip-idempotency.decorator.js';
import { CreateOpen311ClientDto, IssuedOpen311ClientDto, Open311ClientDto } from './open311.dto.js';
import { Open311ClientsService } from './open311-clients.service.js';

/** Admins issue and revoke the `api_key`s of Open311 clients (README, "Open311"). */
@ApiTags('open311')
@ApiBearerAuth()
@SkipThrottle()
@Roles('admin')
@ApiForbiddenResponse({ description: 'FORBIDDEN: admins only' })
@Controller('open311/clients')
export class Open311ClientsController {
  constructor(private readonly clients: Open311ClientsService) {}

  @Get()
  @ApiOperation({ summary: 'The Open311 clients, revoked ones too (never their keys)' })
  @ApiOkResponse({ type: [Open311ClientDto] })
  list(): Promise<Open311ClientDto[]> {
    return this.clients.list();
  }

  @Post()
  // The answer holds the key: an Idempotency-Key would store it in clear.
  @SkipIdempotency()
  @ApiOperation({ summary: 'Issue a key to an Open311 client: the answer shows it this once (only its SHA-256 is kept)' })
  @ApiCreatedResponse({ type: IssuedOpen311ClientDto })
  issue(@CurrentUser() admin: AuthenticatedUser, @Body() body: CreateOpen311ClientDto): Promise<IssuedOpen311ClientDto> {
    return this.clients.issue(admin.id, body);
  }

  @Delete(':clientId')
  @ApiOperation({ summary: "Revoke a client's key: refused (403) from then on; the client stays listed with revokedAt" })
  @ApiOkResponse({ type: Open311ClientDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  revoke(@CurrentUser() admin: AuthenticatedUser, @Param('clientId', uuidParam('clientId')) clientId: string): Promise<Open311ClientDto> {
    return this.clients.revoke(admin.id, clientId);
  }
}
