import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateOrderRequest, OrderListQuery } from '@minipay/contracts';
import { Brackets, LessThanOrEqual, Repository } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service';
import { DomainError } from '../common/errors/domain-error';
import { isUniqueViolation, TransactionRunner } from '../common/database/transaction-runner';
import { AppSettings } from '../config/app-config';
import { decodeOrderCursor, encodeOrderCursor } from './order-cursor';
import { newMerchantOrderId } from './merchant-order-id';
import { Sql } from '../common/database/sql';
import { Order } from './order.entity';
import { orderFromRow, SELECT_OWNED_ORDER, type OrderRow } from './order-rows';
import { OrderWriter } from './order-writer';
import { priceOrder } from './pricing';
import { IdempotencyKeyReusedError, OrderNotFoundError } from './order-errors';
import { newRowId } from '../common/database/row-id';

export interface CreatedOrder {
  order: Order;
  /** False when an Idempotency-Key replay returned an existing order. */
  created: boolean;
}

@Injectable()
export class OrdersService {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly catalog: CatalogService,
    private readonly writer: OrderWriter,
    private readonly tx: TransactionRunner,
    private readonly settings: AppSettings,
    private readonly sql: Sql,
  ) {}

  async create(userId: string, request: CreateOrderRequest, idempotencyKey?: string): Promise<CreatedOrder> {
    const requestHash = idempotencyKey ? hashRequest(request) : null;
    if (idempotencyKey) {
      const replay = await this.findReplay(userId, idempotencyKey, requestHash!);
      if (replay) return { order: replay, created: false };
    }
    const products = await this.catalog.findByIds(request.items.map((i) => i.productId));
    const priced = priceOrder(request.items, products);
    const now = new Date();
    const order: Order = Object.assign(new Order(), {
      id: newRowId(),
      merchantOrderId: newMerchantOrderId(now),
      userId,
      status: 'PENDING_PAYMENT',
      amountValue: priced.total.value,
      currency: priced.total.currency,
      refundedValue: 0,
      refundReservedValue: 0,
      items: priced.lines,
      idempotencyKey: idempotencyKey ?? null,
      requestHash,
      paymentAttempts: 0,
      reviewReason: null,
      payingPaymentId: null,
      createdAt: now,
      updatedAt: now,
      expiresAt: new Date(now.getTime() + this.settings.values.ORDER_TTL_SECONDS * 1000),
      paidAt: null,
      closedAt: null,
    });
    try {
      await this.tx.runSql(async (tx) => {
        this.writer.insert(tx, order, `order created for ${priced.total.value} ${priced.total.currency} (minor units)`, {
          items: priced.lines.length,
        });
      });
    } catch (error) {
      // Two requests with one Idempotency-Key raced: the loser answers with the winner's order.
      if (idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.findReplay(userId, idempotencyKey, requestHash!);
        if (replay) return { order: replay, created: false };
      }
      throw error;
    }
    return { order, created: true };
  }

  /** The caller's orders, newest first, one page at a time (keyset on created_at, id). */
  async list(userId: string, query: OrderListQuery): Promise<{ rows: Order[]; nextCursor: string | null }> {
    const after = query.cursor ? decodeOrderCursor(query.cursor) : null;
    if (query.cursor && !after) throw new DomainError('VALIDATION_FAILED', 'Invalid cursor: pass the nextCursor of a previous page');
    const builder = this.orders
      .createQueryBuilder('o')
      .where('o.user_id = :userId', { userId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(query.limit + 1);
    if (after) {
      // "created_at <= at" first, as a range the planner can seek to in ix_orders_user_created (a bare OR of the
      // two cases would read every newer order of the shopper before reaching the page).
      builder
        .andWhere('o.created_at <= :at', { at: after.createdAtMs })
        .andWhere(new Brackets((q) => q.where('o.created_at < :at', { at: after.createdAtMs }).orWhere('o.id < :id', { id: after.id })));
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeOrderCursor({ createdAtMs: last.createdAt.getTime(), id: last.id }) : null;
    return { rows: page, nextCursor };
  }

  /**
   * Unpaid orders past their TTL whose expiry is due. updated_at doubles as the retry time of an order whose
   * expiry failed (OrderWriter.claimForExpiry): failing orders move behind the others instead of filling
   * every batch.
   */
  dueForExpiry(now: Date, limit: number): Promise<Order[]> {
    return this.orders.find({
      where: { status: 'PENDING_PAYMENT', expiresAt: LessThanOrEqual(now), updatedAt: LessThanOrEqual(now) },
      order: { updatedAt: 'ASC' },
      take: limit,
    });
  }

  /** The caller's order; another user's order is indistinguishable from a missing one (404). */
  async findOwned(userId: string, orderId: string): Promise<Order> {
    const [row] = await this.sql.rows<OrderRow>(SELECT_OWNED_ORDER, [orderId, userId]);
    if (!row) throw new OrderNotFoundError();
    return orderFromRow(row);
  }

  async findById(orderId: string): Promise<Order> {
    const order = await this.orders.findOneBy({ id: orderId });
    if (!order) throw new OrderNotFoundError();
    return order;
  }

  private async findReplay(userId: string, idempotencyKey: string, requestHash: string): Promise<Order | null> {
    const existing = await this.orders.findOneBy({ userId, idempotencyKey });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw new IdempotencyKeyReusedError('request body');
    }
    return existing;
  }
}

/** A stable hash of what the client asked for (order of lines does not matter). */
function hashRequest(request: CreateOrderRequest): string {
  const lines = [...request.items].sort((a, b) => a.productId.localeCompare(b.productId)).map((l) => [l.productId, l.quantity]);
  return createHash('sha256').update(JSON.stringify(lines)).digest('hex');
}
