import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';

/**
 * Counts failures (wrong admin keys, failed sign-ins) per client in fixed windows. In memory per instance, or in
 * Redis when REDIS_URL is set so every instance sees the same count (an attacker cannot spread guesses across them).
 */
export abstract class FailureCounter {
  /** Failures of this key in its current window. */
  abstract count(key: string): Promise<number>;
  /** Adds one failure (atomically); the window starts at the first failure. Returns the new count. */
  abstract add(key: string, windowMs: number): Promise<number>;
}

/** Bounded so that a flood of distinct clients cannot grow it without limit. */
const MAX_TRACKED = 50_000;

export class MemoryFailureCounter extends FailureCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async count(key: string): Promise<number> {
    const entry = this.windows.get(key);
    if (!entry) return 0;
    if (entry.resetAt <= Date.now()) {
      this.windows.delete(key);
      return 0;
    }
    return entry.count;
  }

  async add(key: string, windowMs: number): Promise<number> {
    const now = Date.now();
    let entry = this.windows.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.windows.size >= MAX_TRACKED) this.evictExpired(now);
      entry = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    return entry.count;
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest (Map keeps insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(key);
    }
  }
}

const ADD_SCRIPT = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

/** Shared through Redis; while Redis cannot be reached, counts in this instance's memory (never fails the request). */
export class RedisFailureCounter extends FailureCounter {
  private readonly local = new MemoryFailureCounter();
  private readonly logger = new Logger('FailureCounter');
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'failures:',
  ) {
    super();
  }

  async count(key: string): Promise<number> {
    try {
      return Number((await this.redis.get(this.prefix + key)) ?? 0);
    } catch (error) {
      this.fallback(error);
      return this.local.count(key);
    }
  }

  async add(key: string, windowMs: number): Promise<number> {
    try {
      return Number(await this.redis.eval(ADD_SCRIPT, 1, this.prefix + key, String(windowMs)));
    } catch (error) {
      this.fallback(error);
      return this.local.add(key, windowMs);
    }
  }

  private fallback(error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ err: { message: (error as Error).message } }, 'redis unavailable: counting failures in memory on this instance');
  }
}
