import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type Redis from 'ioredis';
import type { AuthenticatedRequest } from '../http/authenticated-request';
import type { AppConfig } from '../../config/config.schema';
import { clientAddressKey } from './client-address';
import { SharedThrottlerStorage } from './redis';

/** The rate-limited actions; each has its own per-minute budget from config. */
export type RateLimitedAction = 'login' | 'orders' | 'pay' | 'payResult';

const RATE_LIMIT = 'minipay:rate-limit';

/**
 * Marks a handler as one of the rate-limited actions and guards it. The guard sits on these handlers only (not
 * globally), so every other route — health probes, webhooks, reads — pays nothing for rate limiting.
 */
export const RateLimit = (action: RateLimitedAction) => applyDecorators(SetMetadata(RATE_LIMIT, action), UseGuards(ClientThrottlerGuard));

/**
 * One named throttler per action; each applies only to handlers marked with its name, so an abusive login loop
 * does not eat into a shopper's order budget. Counters are in memory per instance, or in Redis (REDIS_URL) so that
 * every instance behind a load balancer counts against the same budget.
 */
export function throttlerOptions(config: AppConfig, redis?: Redis): ThrottlerModuleOptions {
  const limits: Record<RateLimitedAction, number> = {
    login: config.THROTTLE_LOGIN_PER_MINUTE,
    orders: config.THROTTLE_ORDERS_PER_MINUTE,
    pay: config.THROTTLE_PAY_PER_MINUTE,
    payResult: config.THROTTLE_PAY_RESULT_PER_MINUTE,
  };
  return {
    ...(redis ? { storage: new SharedThrottlerStorage(redis) } : {}),
    throttlers: (Object.keys(limits) as RateLimitedAction[]).map((name) => ({
      name,
      ttl: 60_000,
      limit: limits[name],
      skipIf: (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT, context.getHandler()) !== name,
    })),
  };
}

/**
 * Counts per verified user on authenticated routes (shoppers behind one carrier NAT share an IP; BearerAuthGuard,
 * which runs first, put the user id on the request), else per client IP. Never per raw header: a made-up
 * Authorization value per request would otherwise be a fresh budget each time. The IP is Fastify's `request.ip`,
 * which honours TRUST_PROXY behind a load balancer (IPv6 counted per /64).
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const userId = (request as AuthenticatedRequest).userId;
    if (typeof userId === 'string' && userId.length > 0) return `user:${userId}`;
    return `ip:${clientAddressKey(request.ip)}`;
  }
}
