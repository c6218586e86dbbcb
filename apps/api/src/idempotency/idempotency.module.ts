import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { InstanceLiveness } from './instance-liveness.js';

/** API.md's Idempotency-Key on every POST, for every controller of the app (a global interceptor). */
@Module({
  providers: [InstanceLiveness, IdempotencyRepository, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
  exports: [IdempotencyRepository, InstanceLiveness],
})
export class IdempotencyModule {}
