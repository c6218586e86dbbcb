import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { Clock } from '../common/clock/clock.js';

export class ServerTimeDto {
  @ApiProperty({ example: '2026-12-01T12:00:00.000Z', format: 'date-time', description: "The API's clock (UTC instant); follows FAKE_NOW when set" })
  now: string;
}

/**
 * The server's "now", so that front ends (displays, kiosks, the booking calendar, the staff console)
 * show the office's day and time even when the browser's own clock or time zone is wrong
 * (docs/frontend.md "The office's clock").
 */
@ApiTags('time')
@Controller('time')
@Public()
export class TimeController {
  constructor(private readonly clock: Clock) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "The server's current instant (public), for front ends to set their clocks by" })
  @ApiOkResponse({ type: ServerTimeDto })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED, with Retry-After' })
  now(): ServerTimeDto {
    return { now: this.clock.now().toUTC().toISO()! };
  }
}
