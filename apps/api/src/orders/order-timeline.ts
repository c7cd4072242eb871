import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TransactionRunner } from '../common/database/transaction-runner';
import { OrderEvent } from './order-event.entity';

export type TimelineEventType = 'created' | 'transition' | 'provider_call' | 'notification' | 'review' | 'client_result' | 'fulfilment' | 'refund';

/** Appends to an order's timeline. Callers pass data that is safe to show an operator: never secrets. */
@Injectable()
export class OrderTimeline {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
  ) {}

  /** Inside the caller's transaction when given one, else in a transaction of its own. */
  async record(orderId: string, type: TimelineEventType, summary: string, data?: Record<string, unknown>, manager?: EntityManager): Promise<void> {
    const row: OrderEvent = { id: randomUUID(), orderId, type, summary: summary.slice(0, 300), data: data ?? null, at: new Date() };
    if (manager) await manager.getRepository(OrderEvent).insert(row as QueryDeepPartialEntity<OrderEvent>);
    else await this.tx.run((m) => m.getRepository(OrderEvent).insert(row as QueryDeepPartialEntity<OrderEvent>));
  }

  list(orderId: string): Promise<OrderEvent[]> {
    return this.dataSource.getRepository(OrderEvent).find({ where: { orderId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
