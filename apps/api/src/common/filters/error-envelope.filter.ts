import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { ErrorCode, ErrorEnvelope } from '@minipay/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HTTP_STATUS_BY_CODE } from '../errors/domain-error';

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Turns any thrown value into the contract's error envelope with a status that fits. */
export function toEnvelope(exception: unknown): { status: number; body: ErrorEnvelope } {
  if (exception instanceof DomainError) {
    const error: ErrorEnvelope['error'] = { code: exception.code, message: exception.message };
    if (exception.details !== undefined) error.details = exception.details;
    return { status: HTTP_STATUS_BY_CODE[exception.code], body: { error } };
  }
  if (exception instanceof ThrottlerException) {
    return { status: 429, body: { error: { code: 'RATE_LIMITED', message: 'Too many requests; slow down and retry later' } } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    return { status, body: { error: { code, message: exception.message } } };
  }
  // Fastify's own errors (body parsing, size limit, content type) carry a statusCode and an FST_ code.
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const status = fastifyError.statusCode;
    const code = CODE_BY_HTTP_STATUS[status] ?? 'VALIDATION_FAILED';
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(fastifyError.message ?? '')
        ? 'The request body is not valid JSON'
        : (fastifyError.message ?? 'Bad request');
    return { status, body: { error: { code, message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' } } };
}

@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { status, body } = toEnvelope(exception);
    if (status >= 500) {
      // The request's own logger: the line carries its reqId, like the "request completed" line that follows.
      host.switchToHttp().getRequest<FastifyRequest>().log.error({ context: 'Errors', err: exception, code: body.error.code }, 'request failed');
    }
    if (exception instanceof DomainError && exception.retryable) {
      void reply.header('retry-after', '1');
    }
    void reply.status(status).send(body);
  }
}
