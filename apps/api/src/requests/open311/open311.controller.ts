import { Body, Controller, Get, Param, Post, Query, Req, UseFilters, UseGuards, VERSION_NEUTRAL } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator.js';
import {
  Open311CreatedDto,
  Open311CreateRequestDto,
  Open311ErrorDto,
  Open311RequestDto,
  Open311RequestQueryDto,
  Open311RequestsQueryDto,
  Open311ServiceDto,
  Open311ServicesQueryDto,
} from './open311.dto.js';
import { Open311ExceptionFilter } from './open311-exception.filter.js';
import { type Open311Request, Open311KeyGuard } from './open311-key.guard.js';
import { Open311Service } from './open311.service.js';

/** Where GeoReport v2 lives: outside /api/v1 (create-app.ts leaves it out of the global prefix). */
export const OPEN311_PATH = 'open311/v2';

const ERRORS = { type: Open311ErrorDto, isArray: true };
const RATE_LIMITED = { ...ERRORS, description: 'RATE_LIMITED, per client address like every public route' };

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON only, for civic clients
 * (issue #17): services are the offices' active topics, requests show public fields only, and an
 * issued client files requests with its api_key. Errors are Open311's `[{ code, description }]`.
 */
@ApiTags('open311')
@Public()
@UseFilters(Open311ExceptionFilter)
@Controller({ path: OPEN311_PATH, version: VERSION_NEUTRAL })
export class Open311Controller {
  constructor(private readonly open311: Open311Service) {}

  @Get('services.json')
  @ApiOperation({ summary: 'Open311: the services (every active topic of requests and complaints; group = the office)' })
  @ApiOkResponse({ type: [Open311ServiceDto] })
  @ApiBadRequestResponse({ ...ERRORS, description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ ...ERRORS, description: 'OFFICE_NOT_FOUND: no office has this jurisdiction_id' })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  services(@Query() query: Open311ServicesQueryDto): Promise<Open311ServiceDto[]> {
    return this.open311.services(query);
  }

  @Get('requests.json')
  @ApiOperation({
    summary: 'Open311: requests, public fields only (no description, contact or address)',
    description:
      'service_request_id (comma-separated codes) overrides the other filters. Otherwise requested_datetime between start_date and end_date ' +
      '(default the last 90 days, at most 90), service_code, status open|closed, jurisdiction_id; newest first, at most 1,000.',
  })
  @ApiOkResponse({ type: [Open311RequestDto] })
  @ApiBadRequestResponse({ ...ERRORS, description: 'VALIDATION_FAILED naming the parameter' })
  @ApiNotFoundResponse({ ...ERRORS, description: 'OFFICE_NOT_FOUND: no office has this jurisdiction_id' })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  requests(@Query() query: Open311RequestsQueryDto): Promise<Open311RequestDto[]> {
    return this.open311.requests(query);
  }

  @Get('requests/:service_request_id.json')
  @ApiOperation({ summary: 'Open311: one request by its tracking code, as an array of one (public fields only)' })
  @ApiParam({ name: 'service_request_id', example: 'K7M4QX9PTA', description: 'The tracking code' })
  @ApiOkResponse({ type: [Open311RequestDto] })
  @ApiNotFoundResponse({ ...ERRORS, description: 'REQUEST_NOT_FOUND' })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  request(@Param('service_request_id') code: string, @Query() _query: Open311RequestQueryDto): Promise<Open311RequestDto[]> {
    return this.open311.request(code);
  }

  @Post('requests.json')
  @UseGuards(Open311KeyGuard)
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiOperation({
    summary: "Open311: file a request with a client's api_key (channel open311; the public filing's rules)",
    description:
      'Form-encoded as the spec says (attribute[kind]=complaint), or JSON. A request or complaint needs an email or phone (400 CONTACT_REQUIRED); ' +
      "a suggestion or commendation may be anonymous. The person gets the filing's confirmation and follows it at /solicitud/{service_request_id}.",
  })
  @ApiCreatedResponse({ type: [Open311CreatedDto] })
  @ApiBadRequestResponse({ ...ERRORS, description: 'VALIDATION_FAILED (one entry per field); CONTACT_REQUIRED' })
  @ApiForbiddenResponse({ ...ERRORS, description: 'FORBIDDEN: api_key missing, unknown or revoked' })
  @ApiTooManyRequestsResponse(RATE_LIMITED)
  create(@Body() body: Open311CreateRequestDto, @Req() request: Open311Request): Promise<Open311CreatedDto[]> {
    return this.open311.create(request.open311ClientId!, body);
  }
}
