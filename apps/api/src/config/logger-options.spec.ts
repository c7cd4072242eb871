import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createAppLogger } from './logger-options';

describe('the API logger', () => {
  const dir = mkdtempSync(join(tmpdir(), 'minipay-logger-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has every line in LOG_FILE as soon as flush() returns (the destination writes asynchronously)', async () => {
    const file = join(dir, 'flush.log');
    const log = createAppLogger({ LOG_LEVEL: 'info', LOG_FILE: file });
    const destination = (log.logger as unknown as Record<symbol, NodeJS.EventEmitter>)[pino.symbols.streamSym];
    await once(destination, 'ready');
    for (let i = 0; i < 2000; i++) log.logger.info({ i }, 'line');
    log.flush();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2000);
    expect(JSON.parse(lines[1999]).i).toBe(1999);
  });

  it('serializes a request as id, method and path only, and a response as its status', () => {
    const file = join(dir, 'serializers.log');
    const log = createAppLogger({ LOG_LEVEL: 'info', LOG_FILE: file });
    const req = { id: 'req-1', method: 'POST', url: '/orders?token=t-123', headers: { authorization: 'Bearer t-123' }, ip: '10.0.0.1' };
    const res = { statusCode: 201, headers: { 'set-cookie': 'session=s' } };
    log.logger.info({ req, res, authorization: 'Bearer t-123', nested: { secret: 's-456' } }, 'done');
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        log.flush();
        const line = JSON.parse(readFileSync(file, 'utf8').trim());
        expect(line.req).toEqual({ id: 'req-1', method: 'POST', url: '/orders' });
        expect(line.res).toEqual({ statusCode: 201 });
        expect(line.authorization).toBe('[redacted]');
        expect(line.nested.secret).toBe('[redacted]');
        resolve();
      }, 100),
    );
  });

  it('writes request lines (not redacted: built from the serializers alone) to the same file, reduced the same way', () => {
    const file = join(dir, 'requests.log');
    const log = createAppLogger({ LOG_LEVEL: 'info', LOG_FILE: file });
    const req = { id: 'req-2', method: 'POST', url: '/orders/1/pay?token=t-789', headers: { authorization: 'Bearer t-789' } };
    const res = { statusCode: 200, getHeaders: () => ({ 'set-cookie': 'session=s' }) };
    log.requests.info({ reqId: 'req-2', req, res, responseTime: 1.5 }, 'request completed');
    log.logger.info({ secret: 's-1' }, 'app line');
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        log.flush();
        const [request, app] = readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        expect(request).toMatchObject({ reqId: 'req-2', req: { id: 'req-2', method: 'POST', url: '/orders/1/pay' }, res: { statusCode: 200 } });
        expect(JSON.stringify(request)).not.toContain('t-789');
        expect(app.secret).toBe('[redacted]');
        resolve();
      }, 100),
    );
  });
});
