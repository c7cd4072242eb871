import Redis from 'ioredis';
import { MemoryFailureCounter, RedisFailureCounter } from '../../security/failure-counter';
import { SharedThrottlerStorage } from './redis';

describe('rate-limit counters when Redis is down', () => {
  // A client that never connects, whose every command fails as it does while Redis is unreachable.
  const redis = new Redis({ lazyConnect: true });
  const down = () => Promise.reject(new Error('Command timed out'));
  Object.assign(redis, { call: down, get: down, eval: down });

  it('keeps limiting in memory instead of failing the request', async () => {
    const storage = new SharedThrottlerStorage(redis);
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push(await storage.increment('client', 60_000, 2, 60_000, 'login'));
    expect(hits.map((h) => h.isBlocked)).toEqual([false, false, true]);
  });

  it('keeps counting admin-key failures in memory', async () => {
    const counter = new RedisFailureCounter(redis);
    expect(await counter.add('ip', 60_000)).toBe(1);
    expect(await counter.add('ip', 60_000)).toBe(2);
    expect(await counter.count('ip')).toBe(2);
  });
});

describe('MemoryFailureCounter', () => {
  it('counts in a window that starts at the first failure and then resets', async () => {
    const counter = new MemoryFailureCounter();
    expect(await counter.add('a', 50)).toBe(1);
    expect(await counter.add('a', 50)).toBe(2);
    expect(await counter.count('b')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await counter.count('a')).toBe(0);
    expect(await counter.add('a', 50)).toBe(1);
  });
});
