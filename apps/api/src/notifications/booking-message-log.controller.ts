import { Controller, Get, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type AuthenticatedUser, assertOfficeAccess, CurrentUser } from '../auth/authenticated-user.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiException } from '../common/errors/api.exception.js';
import { ErrorCode } from '../common/errors/error-code.js';
import { uuidParam } from '../common/validation/uuid-param.pipe.js';
import { BookingMessageDto } from './booking-message-log.dto.js';
import type { NotificationChannel, NotificationKind, NotificationStatus } from './notification.entity.js';

interface MessageRow {
  kind: NotificationKind;
  channel: NotificationChannel;
  via: 'sms' | 'whatsapp' | null;
  status: NotificationStatus;
  at: Date;
  reason: string | null;
  attempts: number;
}

/**
 * What was sent for a booking (API.md, "Notifications"), for the staff of its office: read from
 * the outbox, which holds no address or phone, so the answer carries none either.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@SkipThrottle()
@Controller()
export class BookingMessageLogController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get('bookings/:bookingId/messages')
  @Roles('admin', 'supervisor', 'agent')
  @ApiOperation({ summary: "A booking's messages, oldest first: kind, channel, status and when (staff of the booking's office; no addresses)" })
  @ApiOkResponse({ type: [BookingMessageDto] })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: bookingId is not a UUID' })
  @ApiForbiddenResponse({ description: "FORBIDDEN: the booking belongs to another office than the caller's" })
  @ApiNotFoundResponse({ description: 'BOOKING_NOT_FOUND: no booking has this id' })
  async list(@CurrentUser() actor: AuthenticatedUser, @Param('bookingId', uuidParam('bookingId')) bookingId: string): Promise<BookingMessageDto[]> {
    const [booking] = (await this.db.query(`SELECT office_id AS "officeId" FROM bookings WHERE id = $1`, [bookingId])) as { officeId: string }[];
    if (!booking) throw new ApiException(ErrorCode.BOOKING_NOT_FOUND, 'No booking has this id');
    assertOfficeAccess(actor, booking.officeId);
    const rows = (await this.db.query(
      `SELECT kind, channel::text AS channel, via, status::text AS status, reason, attempts,
              CASE status WHEN 'sent' THEN coalesce(sent_at, updated_at) WHEN 'queued' THEN due_at ELSE updated_at END AS at
         FROM notifications WHERE booking_id = $1 ORDER BY queued_at, id`,
      [bookingId],
    )) as MessageRow[];
    return rows.map((row) => ({ kind: row.kind, channel: row.channel, via: row.via, status: row.status, at: row.at.toISOString(), reason: row.reason, attempts: row.attempts }));
  }
}
