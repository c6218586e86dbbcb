import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Config } from '../../config/environment.js';
import { createThrottlerRedis, RedisThrottlerStorage } from './redis-throttler.storage.js';

/**
 * Where @nestjs/throttler keeps its counters: in Redis when REDIS_URL is set, so the limits hold
 * across API instances; otherwise `storage` is undefined and the module keeps them in memory.
 * A Nest provider, so the Redis connection is closed when the application shuts down.
 */
export class ThrottlerStorageHolder implements OnApplicationShutdown {
  constructor(readonly storage?: RedisThrottlerStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage?.close();
  }
}

@Module({
  providers: [
    {
      provide: ThrottlerStorageHolder,
      inject: [ConfigService],
      useFactory: async (config: ConfigService<Config, true>) => {
        const url = config.get('REDIS_URL', { infer: true });
        if (!url) return new ThrottlerStorageHolder();
        const storage = new RedisThrottlerStorage(createThrottlerRedis(url));
        await storage.connect();
        return new ThrottlerStorageHolder(storage);
      },
    },
  ],
  exports: [ThrottlerStorageHolder],
})
export class ThrottlingModule {}
