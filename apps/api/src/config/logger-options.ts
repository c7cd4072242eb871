import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from './config.schema';

/**
 * Structured logs that never contain secrets: requests are logged as method + route + status only (no
 * headers, so no bearer tokens, signatures or API keys), and known secret-bearing keys are redacted anywhere.
 */
export function loggerOptions(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FILE'>): Params {
  const options: pino.LoggerOptions & { autoLogging: { ignore: (req: { url?: string; originalUrl?: string }) => boolean } } = {
    level: config.LOG_LEVEL,
    // Behind Nest's middleware layer `req.url` is rewritten; the original URL is what was requested.
    autoLogging: { ignore: (req) => (req.originalUrl ?? req.url) === '/health/live' },
    serializers: {
      req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url?.split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'token',
        '*.token',
        'sessionKey',
        '*.sessionKey',
        'session_key',
        '*.session_key',
        'secret',
        '*.secret',
        'apiKey',
        '*.apiKey',
        'hmacSignature',
        '*.hmacSignature',
        'paySign',
        '*.paySign',
      ],
      censor: '[redacted]',
    },
  };
  return {
    // Every route: Fastify's middleware layer matches `{*splat}`, not the default `{/*splat}`.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    // Liveness probes arrive every few seconds from every load balancer: not worth a log line each.
    exclude: [{ method: RequestMethod.GET, path: 'health/live' }],
    pinoHttp: config.LOG_FILE ? [options, pino.destination({ dest: config.LOG_FILE, sync: true })] : options,
  };
}
