import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageChannelsController } from './message-channels.controller.js';
import { Office } from './office.entity.js';
import { OfficesController } from './offices.controller.js';
import { OfficesService } from './offices.service.js';
import { ChannelsModule } from '../notifications/channels/channels.module.js';

@Module({
  imports: [TypeOrmModule.forFeature([Office]), ChannelsModule],
  controllers: [OfficesController, MessageChannelsController],
  providers: [OfficesService],
  exports: [OfficesService],
})
export class OfficesModule {}
