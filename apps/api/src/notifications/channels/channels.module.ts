import { Module } from '@nestjs/common';
import { MailModule } from '../../mail/mail.module.js';
import { SmsModule } from '../sms/sms.module.js';
import { MessageChannels } from './message-channels.js';

/** Provides `MessageChannels`: which channels this server sends messages through. */
@Module({
  imports: [MailModule, SmsModule],
  providers: [MessageChannels],
  exports: [MessageChannels],
})
export class ChannelsModule {}
