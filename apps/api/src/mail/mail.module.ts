import { Module } from '@nestjs/common';
import { RatingEmailComposer } from './rating-email.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * Email: the mail server of SMTP_URL and the rating email's composition. Sending is the
 * notifications outbox's (NotificationsModule), which works off every message.
 */
@Module({
  providers: [SmtpMailer, RatingEmailComposer],
  exports: [SmtpMailer, RatingEmailComposer],
})
export class MailModule {}
