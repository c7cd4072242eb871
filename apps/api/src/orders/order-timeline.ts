import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Sql, sqlStatement, type SqlScope, type SqlTransaction } from '../common/database/sql';
import { TransactionRunner } from '../common/database/transaction-runner';
import { OrderEvent } from './order-event.entity';
import { newRowId } from '../common/database/row-id';

/** Every order change appends here, so it is prepared once (common/database/sql.ts) rather than built per call. */
const INSERT_EVENT = sqlStatement('order_events_insert', 'INSERT INTO order_events (id, order_id, type, summary, data, at) VALUES ($1, $2, $3, $4, $5, $6)');

export type TimelineEventType = 'created' | 'transition' | 'provider_call' | 'notification' | 'review' | 'client_result' | 'fulfilment' | 'refund';

/** Appends to an order's timeline. Callers pass data that is safe to show an operator: never secrets. */
@Injectable()
export class OrderTimeline {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tx: TransactionRunner,
    private readonly sql: Sql,
  ) {}

  /** Inside the caller's transaction when given one, else in a transaction of its own. */
  async record(orderId: string, type: TimelineEventType, summary: string, data?: Record<string, unknown>, manager?: SqlScope): Promise<void> {
    const params = [newRowId(), orderId, type, summary.slice(0, 300), data ? JSON.stringify(data) : null, Date.now()];
    if (manager) await this.sql.run(INSERT_EVENT, params, manager);
    else await this.tx.run((m) => this.sql.run(INSERT_EVENT, params, m));
  }

  /** Appends within a hand-written transaction, sent with its other writes (Sql.write: not awaited, checked at commit). */
  append(tx: SqlTransaction, orderId: string, type: TimelineEventType, summary: string, data?: Record<string, unknown>): void {
    this.sql.write(INSERT_EVENT, [newRowId(), orderId, type, summary.slice(0, 300), data ? JSON.stringify(data) : null, Date.now()], tx);
  }

  list(orderId: string): Promise<OrderEvent[]> {
    return this.dataSource.getRepository(OrderEvent).find({ where: { orderId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
