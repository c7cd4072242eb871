import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { LogController } from 'fastify';
import pino from 'pino';
import type { AppConfig } from './config.schema';

/**
 * Structured logs that never contain secrets: requests are logged as id + method + path + status only (no
 * headers, so no bearer tokens, signatures or API keys; no query string), and known secret-bearing keys are
 * redacted anywhere.
 */
export function loggerOptions(config: Pick<AppConfig, 'LOG_LEVEL'>): pino.LoggerOptions {
  return {
    level: config.LOG_LEVEL,
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
}

/** The API's one pino logger: Fastify's request logs and Nest's own log calls both write through it. */
export interface AppLogger {
  logger: pino.Logger;
  /**
   * The "request completed" lines: same destination, level and serializers, without the redaction pass. Those
   * lines are built from the serializers alone (id, method, path, status, time), which cannot carry a secret,
   * and redacting them was the largest part of logging's cost on the hot path (bench/findings.md).
   */
  requests: pino.Logger;
  /** Writes out what the asynchronous destination still holds (on close: nothing logged may be lost). */
  flush(): void;
}

/**
 * Writes are asynchronous (sonic-boom queues them and writes while the request goes on, instead of one blocking
 * write(2) per request on the event loop); `flush()` on close and pino's own exit handler write out the rest.
 * LOG_FILE appends to that file, else stdout.
 */
export function createAppLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FILE'>): AppLogger {
  const destination = pino.destination({ dest: config.LOG_FILE ?? 1, sync: false, mkdir: config.LOG_FILE !== undefined });
  const options = loggerOptions(config);
  const logger = pino(options, destination);
  const { redact: _redact, ...unredacted } = options;
  return {
    logger,
    requests: pino(unredacted, destination),
    flush: () => {
      // sonic-boom refuses a flush before its file is open or after it was closed; nothing is pending then.
      try {
        destination.flushSync();
      } catch {
        /* nothing to write */
      }
    },
  };
}

/**
 * Fastify's own request logging, reduced to ONE line per completed request (Fastify's default is two, "incoming
 * request" and "request completed") that carries the request as well (`req`: id, method, path), as the logs
 * always have. Runs from Fastify's response-finished path: no hook, no middleware.
 */
export class RequestLogController extends LogController {
  constructor(private readonly requests: pino.Logger) {
    super();
  }

  override incomingRequest(): void {
    // Logged once, on completion (with the status and the time taken).
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    // A route that logs nothing (liveness) has a silent logger: that still decides, though the line goes elsewhere.
    else if ((reply.log as pino.Logger).isLevelEnabled('info')) {
      this.requests.info({ reqId: request.id, req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
}

/**
 * For routes that must not log at all (liveness: probes arrive every few seconds from every load balancer, not
 * worth a line each): a route's `childLoggerFactory` that hands out one silent logger instead of building a
 * child logger per request.
 */
export function silentChildLoggerFactory(logger: pino.Logger): () => FastifyBaseLogger {
  const silent = logger.child({}, { level: 'silent' });
  return () => silent;
}
