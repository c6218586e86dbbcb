import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OfficesModule } from '../offices/offices.module.js';
import { ServiceEntity } from '../services/service.entity.js';
import { CounterSession } from './counter-session.entity.js';
import { Counter } from './counter.entity.js';
import { CountersController } from './counters.controller.js';
import { CountersService } from './counters.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Counter, CounterSession, ServiceEntity]), OfficesModule],
  controllers: [CountersController],
  providers: [CountersService],
  exports: [CountersService],
})
export class CountersModule {}
