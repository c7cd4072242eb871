import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { silentChildLoggerFactory } from '../config/logger-options';

const LIVE = { status: 'ok' } as const;

const LIVE_SCHEMA = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] } },
  required: ['status'],
} as const;

/**
 * Liveness (`GET /health/live`): the process serves HTTP. Load balancers call it every few seconds, so it is a
 * plain Fastify route instead of a Nest handler: no router proxy, guards, pipes or interceptors, no log line
 * (silent logger, no per-request child logger). The instance-wide hooks still run on it: the request id, helmet's
 * headers, CORS. Readiness (`GET /health`, the database answers) stays in Nest (HealthController, terminus).
 */
export function registerLiveness(fastify: FastifyInstance, logger: pino.Logger): void {
  fastify.route({
    method: 'GET',
    url: '/health/live',
    schema: { response: { 200: LIVE_SCHEMA } },
    childLoggerFactory: silentChildLoggerFactory(logger),
    handler: () => LIVE,
  });
}

/** The route's entry in the OpenAPI document (Swagger only sees Nest handlers). */
export function livenessDocument(): OpenAPIObject['paths'] {
  return {
    '/health/live': {
      get: {
        tags: ['health'],
        summary: 'Liveness: the process serves HTTP (no I/O; for load balancers)',
        operationId: 'liveness',
        responses: {
          '200': {
            description: 'Alive',
            content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } } },
          },
        },
      },
    },
  };
}
