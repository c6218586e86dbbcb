import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../../config/environment.js';
import { SmsSender, TwilioSmsSender, twilioSettings } from './sms-sender.js';

/** Provides `SmsSender`: Twilio when TWILIO_ACCOUNT_SID and the rest are set, else a disabled sender. */
@Module({
  providers: [
    {
      provide: SmsSender,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Config, true>) =>
        new TwilioSmsSender(
          twilioSettings({
            TWILIO_ACCOUNT_SID: config.get('TWILIO_ACCOUNT_SID', { infer: true }),
            TWILIO_AUTH_TOKEN: config.get('TWILIO_AUTH_TOKEN', { infer: true }),
            TWILIO_FROM: config.get('TWILIO_FROM', { infer: true }),
            TWILIO_MESSAGING_SERVICE_SID: config.get('TWILIO_MESSAGING_SERVICE_SID', { infer: true }),
            TWILIO_WHATSAPP_FROM: config.get('TWILIO_WHATSAPP_FROM', { infer: true }),
            TWILIO_API_URL: config.get('TWILIO_API_URL', { infer: true }),
            SMS_TIMEOUT_MS: config.get('SMS_TIMEOUT_MS', { infer: true }),
          }),
        ),
    },
  ],
  exports: [SmsSender],
})
export class SmsModule {}
