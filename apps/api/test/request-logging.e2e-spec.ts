import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './support/http';
import { startStack } from './support/stack';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  context?: string;
  req?: Record<string, unknown>;
  res?: Record<string, unknown>;
  responseTime?: number;
  err?: { message?: string };
}

/** Fastify's pino logger writes the request lines, Nest's log calls go to the same file, and neither leaks a header. */
describe('request logging', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minipay-request-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs one line per completed request (id, method, path without query, status), no header, and no liveness probe', async () => {
    const logFile = join(dir, 'api.log');
    const stack = await startStack({ LOG_LEVEL: 'info', LOG_FILE: logFile });
    const bearer = 'Bearer secret-bearer-token-0123456789';
    const adminKey = 'a-wrong-admin-key-that-must-not-be-logged';
    try {
      // No Express-style middleware layer: @fastify/middie (and its per-request hook) is not registered at all.
      expect(stack.app.getHttpAdapter().getInstance().hasPlugin('@fastify/middie')).toBe(false);
      expect((await call(stack.apiUrl, 'GET', '/catalog/products?token=query-secret-0123', { headers: { authorization: bearer } })).status).toBe(200);
      expect((await call(stack.apiUrl, 'GET', '/admin/security-events', { headers: { 'x-admin-key': adminKey } })).status).toBe(401);
      expect((await call(stack.apiUrl, 'GET', '/no-such-route', { headers: { cookie: 'session=cookie-secret-0123456789' } })).status).toBe(404);
      for (let i = 0; i < 3; i++) expect((await call(stack.apiUrl, 'GET', '/health/live')).status).toBe(200);
    } finally {
      // close() returns only once the asynchronous destination has written everything out.
      await stack.close();
    }
    const text = readFileSync(logFile, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as LogLine);
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => [line.req?.method, line.req?.url, line.res?.statusCode])).toEqual([
      ['GET', '/catalog/products', 200],
      ['GET', '/admin/security-events', 401],
      ['GET', '/no-such-route', 404],
    ]);
    for (const line of completed) {
      // Exactly these fields: no headers, no remote address, no query string.
      expect(Object.keys(line.req!).sort()).toEqual(['id', 'method', 'url']);
      expect(Object.keys(line.res!)).toEqual(['statusCode']);
      expect(line.req!.id).toBe(line.reqId);
      expect(typeof line.responseTime).toBe('number');
    }
    // One line per request: Fastify's "incoming request" line is not written.
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);
    expect(text).not.toContain('/health/live');
    for (const secret of ['secret-bearer-token', 'query-secret', adminKey, 'cookie-secret']) expect(text).not.toContain(secret);
    // Nest's own log calls reach the same logger, with their context.
    expect(lines).toContainEqual(expect.objectContaining({ context: 'NestApplication', msg: 'Nest application successfully started' }));
  });

  it('writes nothing below the configured level', async () => {
    const logFile = join(dir, 'warn.log');
    const stack = await startStack({ LOG_LEVEL: 'warn', LOG_FILE: logFile });
    try {
      expect((await call(stack.apiUrl, 'GET', '/catalog/products')).status).toBe(200);
    } finally {
      await stack.close();
    }
    const text = readFileSync(logFile, 'utf8');
    expect(text).not.toContain('request completed');
    expect(text).not.toContain('Nest application successfully started');
  });
});
