import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loggerOptions } from './logger-options';
import { PinoNestLogger } from './nest-logger';

function capture(level: pino.LevelWithSilent = 'trace'): { nest: PinoNestLogger; lines: () => Record<string, any>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = pino({ ...loggerOptions({ LOG_LEVEL: level }) }, stream);
  return {
    nest: new PinoNestLogger(logger),
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
  };
}

describe('PinoNestLogger', () => {
  afterEach(() => Logger.overrideLogger(false));

  it('maps Nest levels to pino levels and the Logger context to `context`', () => {
    const { nest, lines } = capture();
    Logger.overrideLogger(nest);
    const logger = new Logger('Orders');
    logger.verbose('v');
    logger.debug('d');
    logger.log('l');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(lines().map((line) => [line.level, line.context, line.msg])).toEqual([
      [10, 'Orders', 'v'],
      [20, 'Orders', 'd'],
      [30, 'Orders', 'l'],
      [40, 'Orders', 'w'],
      [50, 'Orders', 'e'],
      [60, 'Orders', 'f'],
    ]);
  });

  it('merges an object first argument and redacts secrets in it', () => {
    const { nest, lines } = capture();
    Logger.overrideLogger(nest);
    new Logger('Errors').error({ code: 'INTERNAL_ERROR', token: 'a-session-token', details: { apiKey: 'k-123' } }, 'request failed');
    expect(lines()).toEqual([
      expect.objectContaining({ context: 'Errors', code: 'INTERNAL_ERROR', token: '[redacted]', details: { apiKey: '[redacted]' }, msg: 'request failed' }),
    ]);
  });

  it('logs an Error as `err`, and Nest exception handlers (message, stack) as an err with that stack', () => {
    const { nest, lines } = capture();
    nest.error(new Error('boom'), 'Ctx');
    nest.error('handler failed', 'Error: handler failed\n    at somewhere (file.js:1:1)', 'ExceptionsHandler');
    const [first, second] = lines();
    expect(first).toEqual(expect.objectContaining({ context: 'Ctx', err: expect.objectContaining({ message: 'boom', type: 'Error' }) }));
    expect(second).toEqual(
      expect.objectContaining({
        context: 'ExceptionsHandler',
        msg: 'handler failed',
        err: expect.objectContaining({ stack: expect.stringContaining('at somewhere') }),
      }),
    );
  });

  it('writes nothing below the level', () => {
    const { nest, lines } = capture('warn');
    nest.log('hidden', 'Ctx');
    nest.warn('shown', 'Ctx');
    expect(lines().map((line) => line.msg)).toEqual(['shown']);
  });
});
