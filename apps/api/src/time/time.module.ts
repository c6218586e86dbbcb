import { Module } from '@nestjs/common';
import { TimeController } from './time.controller.js';

/** `GET /api/v1/time`: the API's clock for the front ends. */
@Module({ controllers: [TimeController] })
export class TimeModule {}
