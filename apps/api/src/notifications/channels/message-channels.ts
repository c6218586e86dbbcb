import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../../config/environment.js';
import { SmtpMailer } from '../../mail/smtp-mailer.js';
import { SmsSender } from '../sms/sms-sender.js';

/**
 * Which channels this server sends messages through: email with SMTP_URL set, SMS with Twilio
 * configured, WhatsApp with Twilio and TWILIO_WHATSAPP_FROM. The one place every writer of the
 * outbox (bookings, closures, notices, reminders, the desk's rating request) asks before it queues
 * a message, so nothing is queued that nothing would send, and the settings page says the same.
 */
@Injectable()
export class MessageChannels {
  readonly whatsapp: boolean;

  constructor(
    private readonly mailer: SmtpMailer,
    private readonly smsSender: SmsSender,
    config: ConfigService<Config, true>,
  ) {
    this.whatsapp =
      smsSender.enabled &&
      config.get('TWILIO_WHATSAPP_FROM', { infer: true }) !== undefined;
  }

  get email(): boolean {
    return this.mailer.enabled;
  }

  get sms(): boolean {
    return this.smsSender.enabled;
  }
}
