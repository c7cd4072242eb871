import type { LoggerService } from '@nestjs/common';
import type pino from 'pino';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's log calls (`new Logger('Orders').warn(...)`, and Nest's own boot and error lines) written to the API's pino
 * logger, so they get the same level, redaction and destination as the request lines.
 *
 * Nest passes the Logger's context as the last argument: it becomes `context`. An object first argument is merged
 * into the line (`logger.error({ err, code }, 'request failed')`), an Error becomes `err`, and a string with a stack
 * (how Nest's exception handlers call `error(message, stack)`) becomes an `err` with that stack.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: pino.Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    let rest = params;
    if (rest.length > 0) {
      const context = rest[rest.length - 1];
      if (typeof context === 'string') fields.context = context;
      rest = rest.slice(0, -1);
    }
    // Nest's Logger pads `error(message)` to `error(message, undefined, context)`.
    while (rest.length > 0 && rest[rest.length - 1] === undefined) rest = rest.slice(0, -1);
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, ...(rest as string[]));
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level](Object.assign(fields, message), ...(rest as string[]));
    } else if (level === 'error' && typeof message === 'string' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(message);
      err.stack = rest[0];
      fields.err = err;
      this.logger[level](fields, message);
    } else {
      this.logger[level](fields, String(message), ...(rest as string[]));
    }
  }
}
