import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module.js';
import { BootstrapService } from './bootstrap.service.js';
import { ClockModule } from './common/clock/clock.module.js';
import { ApiExceptionFilter } from './common/errors/api-exception.filter.js';
import type { Config } from './config/environment.js';
import { CountersModule } from './counters/counters.module.js';
import { dataSourceOptions } from './database/data-source-options.js';
import { HealthModule } from './health/health.module.js';
import { OfficesModule } from './offices/offices.module.js';
import { ServicesModule } from './services/services.module.js';
import { StaffModule } from './staff/staff.module.js';

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
          inject: [ConfigService],
          useFactory: (config: ConfigService<Config, true>) => {
            const limit = config.get('RATE_LIMIT_PER_MINUTE', { infer: true });
            return { throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(limit, 1) }], skipIf: () => limit === 0 };
          },
        }),
        ClockModule,
        HealthModule,
        AuthModule,
        StaffModule,
        OfficesModule,
        ServicesModule,
        CountersModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        BootstrapService,
      ],
    };
  }
}
