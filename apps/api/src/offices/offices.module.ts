import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module.js';
import { SmsModule } from '../notifications/sms/sms.module.js';
import { MessageChannelsController } from './message-channels.controller.js';
import { Office } from './office.entity.js';
import { OfficesController } from './offices.controller.js';
import { OfficesService } from './offices.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Office]), MailModule, SmsModule],
  controllers: [OfficesController, MessageChannelsController],
  providers: [OfficesService],
  exports: [OfficesService],
})
export class OfficesModule {}
