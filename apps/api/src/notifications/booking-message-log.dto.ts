import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATUSES, type NotificationChannel, type NotificationKind, type NotificationStatus } from './notification.entity.js';

/** One message of a booking as staff see it: what, by which channel, how it went and when. No address or phone. */
export class BookingMessageDto {
  // Plain text, not an enum: later layers add kinds (closure, reminder, notice) without changing the client.
  @ApiProperty({ type: String, example: 'booking_confirmed', description: 'What the message is about: booking_confirmed, booking_rescheduled, booking_cancelled… (more kinds may appear)' })
  kind: NotificationKind;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  channel: NotificationChannel;

  @ApiProperty({
    type: String,
    enum: ['sms', 'whatsapp'],
    nullable: true,
    description: "The route a phone message took: sms, or whatsapp (the office's approved template for the kind); null for email and before a phone message is sent",
  })
  via: 'sms' | 'whatsapp' | null;

  @ApiProperty({
    enum: NOTIFICATION_STATUSES,
    description: 'queued: waiting to be sent (or to be retried); sent: the mail server or SMS provider took it; failed: given up; skipped: not sent, see reason',
  })
  status: NotificationStatus;

  @ApiProperty({
    format: 'date-time',
    description: 'The instant of the latest state: when it was sent, failed or was skipped; while queued, when it is due (or was due)',
  })
  at: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'no_address',
    description:
      'Why it was skipped (no_address, no_phone, outdated, channel_off…) or the code of the last failure (an SMTP code such as "EENVELOPE 550", an SMS provider code such as "21211"); null when none',
  })
  reason: string | null;

  @ApiProperty({ description: 'Sending attempts so far', example: 1 })
  attempts: number;
}
