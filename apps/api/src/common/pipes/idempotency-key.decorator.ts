import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IdempotencyKey } from '@minipay/contracts';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';

/** The optional `Idempotency-Key` header, validated (1-64 printable ASCII characters). */
export const IdempotencyKeyHeader = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (value === undefined) return undefined;
  const parsed = IdempotencyKey.safeParse(value);
  if (!parsed.success) throw new DomainError('VALIDATION_FAILED', 'Invalid Idempotency-Key header: 1-64 printable ASCII characters');
  return parsed.data;
});
