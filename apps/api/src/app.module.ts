import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module.js';
import { StaffSsoModule } from './auth/sso/staff-sso.module.js';
import { BookingsModule } from './bookings/bookings.module.js';
import { BootstrapService } from './bootstrap.service.js';
import { ClosuresModule } from './closures/closures.module.js';
import { ClockModule } from './common/clock/clock.module.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import { ThrottlerStorageHolder, ThrottlingModule } from './common/throttling/throttling.module.js';
import type { Config } from './config/environment.js';
import { CountersModule } from './counters/counters.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { DeskModule } from './desk/desk.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { VerifiedIdentityModule } from './identity/verified/verified-identity.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OfficesModule } from './offices/offices.module.js';
import { RealtimeModule } from './realtime/realtime.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { RequestsModule } from './requests/requests.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { ServicesModule } from './services/services.module.js';
import { StaffModule } from './staff/staff.module.js';
import { StaffBookingsModule } from './staff-bookings/staff-bookings.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { TimeModule } from './time/time.module.js';
import { WaitlistModule } from './waitlist/waitlist.module.js';
import { WaitlistStaffModule } from './waitlist/staff/waitlist-staff.module.js';

export interface AppModuleOptions {
  /** The environment, already validated by `validateEnvironment` (main.ts, tests). */
  config: Config;
  /** The PostgreSQL to use: DATABASE_URL or the embedded server main.ts started. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The environment was validated once, before start-up; ConfigService serves that result.
        ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, validate: () => config }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, config.DATABASE_POOL_SIZE)),
        ThrottlerModule.forRootAsync({
          // With REDIS_URL the counters live in Redis, shared by every API instance.
          imports: [ThrottlingModule],
          inject: [ConfigService, ThrottlerStorageHolder],
          useFactory: (config: ConfigService<Config, true>, { storage }: ThrottlerStorageHolder) => {
            const limit = config.get('RATE_LIMIT_PER_MINUTE', { infer: true });
            return { throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(limit, 1) }], skipIf: () => limit === 0, storage };
          },
        }),
        ClockModule,
        IdempotencyModule,
        HealthModule,
        AuthModule,
        StaffSsoModule,
        IdentityModule,
        VerifiedIdentityModule,
        StaffModule,
        OfficesModule,
        ServicesModule,
        CountersModule,
        ClosuresModule,
        BookingsModule,
        StaffBookingsModule,
        TicketsModule,
        DeskModule,
        RealtimeModule,
        SurveysModule,
        ReportsModule,
        RetentionModule,
        NotificationsModule,
        NoticesModule,
        RequestsModule,
        TimeModule,
        WaitlistModule,
        WaitlistStaffModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        BootstrapService,
      ],
    };
  }
}
