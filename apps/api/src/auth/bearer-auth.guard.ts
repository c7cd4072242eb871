import { CanActivate, ExecutionContext, Injectable, createParamDecorator } from '@nestjs/common';
import { DomainError } from '../common/errors/domain-error';
import { SessionTokens } from './session-token';
import type { AuthenticatedRequest } from '../common/http/authenticated-request';

export type { AuthenticatedRequest };

/** Requires `Authorization: Bearer <our session token>`; puts the user id on the request. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly tokens: SessionTokens) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_\-.]{1,2048})$/.exec(header) : null;
    const claims = match ? this.tokens.verify(match[1]) : null;
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'A valid session token is required; log in again');
    request.userId = claims.sub;
    return true;
  }
}

/** The authenticated user's id (use with BearerAuthGuard). */
export const CurrentUserId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const userId = context.switchToHttp().getRequest<AuthenticatedRequest>().userId;
  if (!userId) throw new DomainError('UNAUTHENTICATED', 'A valid session token is required; log in again');
  return userId;
});
