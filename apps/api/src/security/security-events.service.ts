import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { SecurityEventKind, SecurityEvent as SecurityEventView } from '@minipay/contracts';
import { DataSource } from 'typeorm';
import { SecurityEvent } from './security-event.entity';
import { newRowId } from '../common/database/row-id';

export interface SecurityEventContext {
  /** The client's address as Fastify sees it (request.ip; honours TRUST_PROXY). */
  ip?: string | null;
  /** What happened, for an operator. Never a key, token, password or signature. */
  detail?: string | null;
}

/**
 * Security events: what the console's exceptions screen lists. Other modules call `record` on a refusal; recording
 * never fails the request that caused it (a database hiccup must not turn a 401 into a 500).
 */
@Injectable()
export class SecurityEvents {
  private readonly logger = new Logger('SecurityEvents');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(kind: SecurityEventKind, context: SecurityEventContext = {}): Promise<void> {
    const event: SecurityEvent = {
      id: newRowId(),
      kind,
      clientIp: context.ip ? context.ip.slice(0, 64) : null,
      detail: context.detail ? context.detail.slice(0, 500) : null,
      at: new Date(),
    };
    this.logger.warn({ securityEvent: kind, clientIp: event.clientIp, detail: event.detail }, 'security event');
    try {
      await this.dataSource.getRepository(SecurityEvent).insert(event);
    } catch (error) {
      this.logger.error({ err: error, securityEvent: kind }, 'could not store a security event');
    }
  }

  /** Newest first. */
  async list(limit: number): Promise<SecurityEventView[]> {
    const rows = await this.dataSource.getRepository(SecurityEvent).find({ order: { at: 'DESC', id: 'DESC' }, take: limit });
    return rows.map((row) => ({ id: row.id, kind: row.kind as SecurityEventKind, clientIp: row.clientIp, detail: row.detail, at: row.at.toISOString() }));
  }
}
