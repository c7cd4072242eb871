import { CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CONSOLE_CSRF_HEADER, type ConsoleRole } from '@minipay/contracts';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { AppSettings } from '../config/app-config';
import { ConsoleActor, ConsoleAuthService, sameToken } from './console-auth.service';
import { readCookie } from './console-cookies';

export const SESSION_COOKIE = 'minipay_console_session';
export const CSRF_COOKIE = 'minipay_console_csrf';

const ROLES = 'minipay:console-roles';
/** Only these roles may call the handler (default: any signed-in role). */
export const ConsoleRoles = (...roles: ConsoleRole[]) => SetMetadata(ROLES, roles);

type ConsoleRequest = FastifyRequest & { consoleActor?: ConsoleActor };

/** The actor the guard authenticated. */
export const Actor = createParamDecorator((_: unknown, context: ExecutionContext): ConsoleActor => {
  return context.switchToHttp().getRequest<ConsoleRequest>().consoleActor!;
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Console endpoints: a session cookie (the browser), or X-Admin-Key (scripts; acts as an operator named
 * "admin-key"). A state-changing call made with the cookie must also carry the CSRF token twice: in the
 * `X-CSRF-Token` header and in the CSRF cookie, both equal to the session's token (double submit, bound to the
 * session). A cross-site page can make the browser send cookies but can neither read them nor set that header.
 */
@Injectable()
export class ConsoleAuthGuard implements CanActivate {
  private readonly adminKey: string;

  constructor(
    private readonly auth: ConsoleAuthService,
    private readonly reflector: Reflector,
    settings: AppSettings,
  ) {
    this.adminKey = settings.values.ADMIN_API_KEY;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const key = request.headers['x-admin-key'];
    let actor: ConsoleActor | null;
    if (typeof key === 'string') {
      if (!sameToken(key, this.adminKey)) throw new DomainError('UNAUTHENTICATED', 'A valid X-Admin-Key header is required');
      actor = { username: 'admin-key', role: 'operator', csrfToken: null, sessionHash: null };
    } else {
      actor = await this.auth.resolve(readCookie(request, SESSION_COOKIE) ?? '');
      if (!actor) throw new DomainError('UNAUTHENTICATED', 'Sign in to the console first');
      if (!SAFE_METHODS.has(request.method)) {
        const header = request.headers[CONSOLE_CSRF_HEADER];
        const sent = typeof header === 'string' ? header : undefined;
        if (!sameToken(sent, actor.csrfToken) || !sameToken(readCookie(request, CSRF_COOKIE), actor.csrfToken)) {
          throw new DomainError('FORBIDDEN', 'Missing or wrong CSRF token; reload the console and retry');
        }
      }
    }
    const roles = this.reflector.getAllAndOverride<ConsoleRole[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (roles && !roles.includes(actor.role)) {
      throw new DomainError('FORBIDDEN', `This action needs the ${roles.join(' or ')} role; you are a ${actor.role}`);
    }
    request.consoleActor = actor;
    return true;
  }
}
