import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { clientAddressKey } from '../common/throttling/client-address';
import { AppSettings } from '../config/app-config';
import { FailureCounter } from './failure-counter';
import { SecurityEvents } from './security-events.service';

const WINDOW_MS = 60_000;

/**
 * Operator endpoints require `X-Admin-Key: <ADMIN_API_KEY>` (compared in constant time). Wrong keys are counted per
 * client IP (IPv6: per /64; shared across instances with REDIS_URL): past THROTTLE_ADMIN_FAILURES_PER_MINUTE, every admin request
 * from that client is refused with 429 for the rest of the minute, the right key included, so guessing stops
 * paying off. Each refusal within the budget is a security event (without the key tried).
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly key: Buffer;
  private readonly limit: number;

  constructor(
    settings: AppSettings,
    private readonly failures: FailureCounter,
    private readonly events: SecurityEvents,
  ) {
    this.key = Buffer.from(settings.values.ADMIN_API_KEY, 'utf8');
    this.limit = settings.values.THROTTLE_ADMIN_FAILURES_PER_MINUTE;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const given = request.headers['x-admin-key'];
    const candidate = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
    const valid = candidate.length === this.key.length && timingSafeEqual(candidate, this.key);
    const counter = `admin-key:${clientAddressKey(request.ip)}`;
    if (valid) {
      if ((await this.failures.count(counter)) >= this.limit) throw tooMany();
      return true;
    }
    // Counted before answering, atomically, so a burst of parallel guesses gets at most `limit` verdicts.
    const failures = await this.failures.add(counter, WINDOW_MS);
    if (failures > this.limit) throw tooMany();
    const route = request.routeOptions?.url ?? request.url.split('?')[0];
    await this.events.record('admin_key_rejected', {
      ip: request.ip,
      detail: `${request.method} ${route}: ${typeof given === 'string' ? 'wrong' : 'missing'} X-Admin-Key (failure ${failures} of ${this.limit} allowed per minute)`,
    });
    throw new DomainError('UNAUTHENTICATED', 'A valid X-Admin-Key header is required');
  }
}

function tooMany(): DomainError {
  return new DomainError('RATE_LIMITED', 'Too many wrong admin keys from this client; retry in a minute');
}
