import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * One Redis connection per API instance (when REDIS_URL is set), shared by the throttler storage and the failure
 * counter. Commands fail fast instead of queueing while Redis is away, so a request is not held up by it.
 */
export function connectRedis(url: string, keyPrefix: string): Redis {
  const redis = new Redis(url, { keyPrefix, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000, enableOfflineQueue: true });
  const logger = new Logger('Redis');
  redis.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis connection error'));
  return redis;
}

/** Closes the shared connection when the application shuts down. */
@Injectable()
export class RedisCloser implements OnApplicationShutdown {
  constructor(private readonly redis: Redis | undefined) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
