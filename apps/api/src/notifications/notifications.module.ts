import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { MailModule } from '../mail/mail.module.js';
import { NoticesModule } from '../notices/notices.module.js';
import { RequestDigestModule } from '../requests/digest/request-digest.module.js';
import { RequestMessagesModule } from '../requests/request-messages.module.js';
import { BookingMessageLogController } from './booking-message-log.controller.js';
import { BookingMessageComposer } from './booking-messages.js';
import { NotificationSender } from './notification-sender.js';
import { SendRate } from './send-rate.js';
import { NotificationWorker } from './notification-worker.js';
import { NotificationsRepository } from './notifications.repository.js';
import { ReminderQueue } from './reminders/reminder-queue.js';
import { ReminderUnsubscribeController } from './reminders/reminder-unsubscribe.controller.js';
import { ReminderUnsubscribeService } from './reminders/reminder-unsubscribe.service.js';
import { UnsubscribeTokens } from './reminders/unsubscribe-token.js';
import { SmsModule } from './sms/sms.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { WaitlistMessagesModule } from '../waitlist/waitlist-messages.module.js';

/**
 * One outbox for every message (docs/architecture.md, "Notifications: one outbox"): the
 * `notifications` table filled by `queue_notification(...)` in the transaction of the change that
 * causes a message, and the graphile-worker runner that sends them from every API instance.
 */
@Module({
  imports: [IdempotencyModule, MailModule, SmsModule, NoticesModule, ChannelsModule, RequestMessagesModule, RequestDigestModule, WaitlistMessagesModule],
  controllers: [BookingMessageLogController, ReminderUnsubscribeController],
  providers: [NotificationsRepository, BookingMessageComposer, NotificationSender, SendRate, NotificationWorker, ReminderQueue, UnsubscribeTokens, ReminderUnsubscribeService],
  exports: [NotificationsRepository, NotificationWorker],
})
export class NotificationsModule {}
