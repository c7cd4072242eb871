import { createHash } from 'node:crypto';
import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../../config/config.schema';

/** The rate-limited actions; each has its own per-minute budget from config. */
export type RateLimitedAction = 'login' | 'orders' | 'pay';

const RATE_LIMIT = 'minipay:rate-limit';

/**
 * Marks a handler as one of the rate-limited actions and guards it. The guard sits on these handlers only (not
 * globally), so every other route — health probes, webhooks, reads — pays nothing for rate limiting.
 */
export const RateLimit = (action: RateLimitedAction) => applyDecorators(SetMetadata(RATE_LIMIT, action), UseGuards(ClientThrottlerGuard));

/**
 * One named throttler per action; each applies only to handlers marked with its name, so an abusive login loop
 * does not eat into a shopper's order budget. Counters are per instance (in memory).
 */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  const limits: Record<RateLimitedAction, number> = {
    login: config.THROTTLE_LOGIN_PER_MINUTE,
    orders: config.THROTTLE_ORDERS_PER_MINUTE,
    pay: config.THROTTLE_PAY_PER_MINUTE,
  };
  return {
    throttlers: (Object.keys(limits) as RateLimitedAction[]).map((name) => ({
      name,
      ttl: 60_000,
      limit: limits[name],
      skipIf: (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT, context.getHandler()) !== name,
    })),
  };
}

/**
 * Counts per session token when the request carries one (shoppers behind one carrier NAT share an IP), else
 * per client IP. The token is hashed so it never sits in the limiter's memory as is.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const authorization = request.headers?.authorization;
    if (typeof authorization === 'string' && authorization.length > 0) {
      return `token:${createHash('sha256').update(authorization).digest('base64url')}`;
    }
    return `ip:${request.ip ?? 'unknown'}`;
  }
}
