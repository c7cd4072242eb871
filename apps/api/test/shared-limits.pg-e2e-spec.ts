import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { call } from './support/http';
import { startSecondInstance } from './support/second-instance';
import { startStack, type Stack } from './support/stack';

/**
 * Two API instances on one PostgreSQL and one Redis (REDIS_URL; run by .ci/run with Debian's redis-server): the
 * rate-limit and admin-key failure counters are shared, so spreading requests over the instances buys nothing.
 */
describe('two API instances share their rate limits through Redis', () => {
  let stack: Stack;
  let second: Awaited<ReturnType<typeof startSecondInstance>>;
  const prefix = `minipay-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('set TEST_DATABASE_URL=postgres://… to run the multi-instance suite');
    if (!process.env.REDIS_URL) throw new Error('set REDIS_URL=redis://… to run the shared rate-limit suite');
    stack = await startStack({
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      THROTTLE_LOGIN_PER_MINUTE: '4',
      THROTTLE_ADMIN_FAILURES_PER_MINUTE: '3',
    });
    second = await startSecondInstance(stack);
  });
  afterAll(async () => {
    await second?.app.close();
    await stack?.close();
    // Leave nothing behind in the shared Redis.
    if (process.env.REDIS_URL) {
      const redis = new Redis(process.env.REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('counts logins from one client against one budget, whichever instance answers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const url = i % 2 === 0 ? stack.apiUrl : second.url;
      statuses.push((await call(url, 'POST', '/auth/login', { body: { code: `nope-${i}` }, headers: { authorization: `Bearer made-up-${i}` } })).status);
    }
    // In memory, each instance would have allowed 4 (8 in all).
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });

  it('counts wrong admin keys across instances, and keeps the counters in Redis under the configured prefix', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const url = i % 2 === 0 ? stack.apiUrl : second.url;
      statuses.push((await call(url, 'GET', '/admin/security-events', { headers: { 'x-admin-key': `wrong-key-${i}-${'z'.repeat(16)}` } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((k) => k.startsWith(`${prefix}failures:admin-key:`))).toBe(true);
      expect(keys.some((k) => k.endsWith(':login}:hits'))).toBe(true);
    } finally {
      await redis.quit();
    }
  });
});
