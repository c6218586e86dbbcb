import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { IdempotencyModule } from '../idempotency/idempotency.module.js';
import { RatingEmailSenderJob } from './rating-email-sender.job.js';
import { RatingEmailsRepository } from './rating-emails.repository.js';
import { SmtpMailer } from './smtp-mailer.js';

/**
 * Email: the rating email's sender, which works off the outbox the desk's complete statement
 * fills (`rating_emails`), through the mail server of SMTP_URL.
 */
@Module({
  imports: [ScheduleModule.forRoot(), IdempotencyModule],
  providers: [SmtpMailer, RatingEmailsRepository, RatingEmailSenderJob],
  exports: [RatingEmailSenderJob],
})
export class MailModule {}
