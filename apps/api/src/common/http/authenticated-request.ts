import type { FastifyRequest } from 'fastify';

/** A request whose session token was verified (by auth's BearerAuthGuard): rate limits key on `userId`. */
export interface AuthenticatedRequest extends FastifyRequest {
  userId?: string;
}
