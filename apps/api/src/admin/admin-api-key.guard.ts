import { timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/errors/domain-error';
import { AppSettings } from '../config/app-config';

/** Operator endpoints require `X-Admin-Key: <ADMIN_API_KEY>` (compared in constant time). */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly key: Buffer;

  constructor(settings: AppSettings) {
    this.key = Buffer.from(settings.values.ADMIN_API_KEY, 'utf8');
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<FastifyRequest>().headers['x-admin-key'];
    const candidate = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
    if (candidate.length !== this.key.length || !timingSafeEqual(candidate, this.key)) {
      throw new DomainError('UNAUTHENTICATED', 'A valid X-Admin-Key header is required');
    }
    return true;
  }
}
