import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';

/**
 * One Redis connection per API instance (when REDIS_URL is set), shared by the throttler storage and the failure
 * counter. Commands give up after a second instead of holding a request while Redis is away.
 */
export function connectRedis(url: string, keyPrefix: string): Redis {
  const redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 });
  const logger = new Logger('Redis');
  let lastWarning = 0;
  redis.on('error', (error: Error) => {
    if (Date.now() - lastWarning < 10_000) return; // one line per outage burst, not one per reconnect attempt
    lastWarning = Date.now();
    logger.warn({ err: { message: error.message } }, 'redis connection error');
  });
  return redis;
}

/**
 * The throttler's counters in Redis (@nest-lab/throttler-storage-redis), shared by every instance. While Redis
 * cannot be reached the counts fall back to this instance's memory: limits keep holding per instance, and no
 * request fails because of Redis.
 */
export class SharedThrottlerStorage implements ThrottlerStorage {
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private readonly logger = new Logger('RateLimits');
  private lastWarning = 0;

  constructor(redis: Redis) {
    this.shared = new ThrottlerStorageRedisService(redis);
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn({ err: { message: (error as Error).message } }, 'redis unavailable: counting rate limits in memory on this instance');
      }
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }
}

/** Closes the shared connection when the application shuts down. */
@Injectable()
export class RedisCloser implements OnApplicationShutdown {
  constructor(private readonly redis: Redis | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
