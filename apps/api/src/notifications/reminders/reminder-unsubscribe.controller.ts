import { Body, Controller, Get, Header, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Throttle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Public } from '../../auth/public.decorator.js';
import { ApiException } from '../../common/errors/api.exception.js';
import { ReminderUnsubscribeService } from './reminder-unsubscribe.service.js';
import { confirmationPage, unsubscribedPage } from './unsubscribe-page.js';

/** The one path of a reminder's unsubscribe link; the input guard lets its POST be form-encoded (RFC 8058). */
export const UNSUBSCRIBE_ROUTE = 'notifications/unsubscribe/:token';

const TOKEN_PARAM = { name: 'token', description: "The token of the reminder's link: a booking id and a channel, signed (no personal data)" };

/**
 * A reminder's List-Unsubscribe link (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click`
 * (form-encoded) to it; a person opening it gets a page whose button does the same POST. A GET
 * changes nothing: link scanners and previews fetch links.
 */
@ApiTags('notifications')
@Controller()
export class ReminderUnsubscribeController {
  constructor(private readonly unsubscribe: ReminderUnsubscribeService) {}

  @Get(UNSUBSCRIBE_ROUTE)
  @Public()
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A reminder's unsubscribe link opened in a browser: a page with a button that stops the booking's reminders",
    description: 'Public, rate-limited per client address (30 a minute). Changes nothing by itself (link scanners open links); the button POSTs the one-click form.',
  })
  @ApiParam(TOKEN_PARAM)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The confirmation page (es-CL, then English)' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming token (not a token)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: a token not made by this API, or its booking is gone' })
  async page(@Param('token') token: string, @Res() reply: FastifyReply): Promise<void> {
    await this.unsubscribe.check(token);
    void reply.type('text/html; charset=utf-8').send(confirmationPage());
  }

  @Post(UNSUBSCRIBE_ROUTE)
  @Public()
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "One-click unsubscribe from a booking's reminders (RFC 8058)",
    description:
      'Public, rate-limited per client address (30 a minute). The body is `List-Unsubscribe=One-Click`, form-encoded, as mail clients send it ' +
      "(the only form-encoded body the API accepts). No more reminders of the booking are sent, by any channel; its other messages are unchanged. Repeating it is harmless. Answers a short page.",
  })
  @ApiParam(TOKEN_PARAM)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: { type: 'object', required: ['List-Unsubscribe'], properties: { 'List-Unsubscribe': { type: 'string', enum: ['One-Click'] } } } })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Unsubscribed: a page saying so' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming token (not a token) or List-Unsubscribe (not One-Click)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: a token not made by this API, or its booking is gone' })
  async oneClick(@Param('token') token: string, @Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['List-Unsubscribe'] : undefined;
    if (value !== 'One-Click') throw ApiException.validation([{ field: 'List-Unsubscribe', messages: ['List-Unsubscribe must be One-Click (RFC 8058)'] }]);
    await this.unsubscribe.unsubscribe(token);
    void reply.type('text/html; charset=utf-8').send(unsubscribedPage());
  }
}
