import { Injectable } from '@nestjs/common';
import type { OrderStatus } from '@minipay/contracts';
import { EntityManager, In } from 'typeorm';
import { Sql, type SqlScope, type SqlTransaction } from '../common/database/sql';
import { Order } from './order.entity';
import { CLAIM_ATTEMPT, INSERT_ORDER, orderInsertParams } from './order-rows';
import { sourcesOf } from './order-state';
import { OrderTimeline } from './order-timeline';

export interface TransitionExtras {
  reason: string;
  data?: Record<string, unknown>;
  paidAt?: Date;
  closedAt?: Date;
  /** With → PAID: the attempt whose success paid the order. */
  payingPaymentId?: string;
}

/**
 * The one writer of `orders` rows. Every change is a conditional UPDATE (or runs under the row lock taken by
 * `lock`), so however many webhooks, queries, jobs and API instances race, each change happens once; callers
 * pass their transaction's manager so the change commits with their other writes.
 */
@Injectable()
export class OrderWriter {
  constructor(
    private readonly timeline: OrderTimeline,
    private readonly sql: Sql,
  ) {}

  /** Sent with the transaction's COMMIT (Sql.write): a unique violation surfaces when the transaction ends. */
  insert(tx: SqlTransaction, order: Order, summary: string, data: Record<string, unknown>): void {
    this.sql.write(INSERT_ORDER, orderInsertParams(order), tx);
    this.timeline.append(tx, order.id, 'created', summary, data);
  }

  /**
   * Reads the order and, on PostgreSQL, locks its row until the transaction ends: two attempts settling at the
   * same moment then see each other's outcome instead of both deciding from a stale read. SQLite runs one
   * transaction at a time (see TransactionRunner), which gives the same guarantee.
   */
  async lock(manager: EntityManager, orderId: string): Promise<Order> {
    const repo = manager.getRepository(Order);
    if (manager.connection.options.type !== 'postgres') return repo.findOneByOrFail({ id: orderId });
    const order = await repo.findOne({ where: { id: orderId }, lock: { mode: 'pessimistic_write' } });
    if (!order) throw new Error(`order ${orderId} not found`);
    return order;
  }

  /** Moves the order along ORDER_TRANSITIONS; true for the one caller whose UPDATE changed the row. */
  async transition(manager: EntityManager, orderId: string, to: OrderStatus, extras: TransitionExtras): Promise<boolean> {
    const set: Partial<Order> = { status: to, updatedAt: new Date() };
    if (extras.paidAt) set.paidAt = extras.paidAt;
    if (extras.closedAt) set.closedAt = extras.closedAt;
    if (extras.payingPaymentId) set.payingPaymentId = extras.payingPaymentId;
    const moved = await this.update(manager, set, { id: orderId, status: In(sourcesOf(to)) });
    if (moved) await this.timeline.record(orderId, 'transition', `→ ${to}: ${extras.reason}`, { to, ...extras.data }, manager);
    return moved;
  }

  /** Claims attempt number `attempt` for a new payment; the claim is what stops two /pay calls creating two. */
  async claimAttempt(manager: SqlScope, order: Order, attempt: number): Promise<boolean> {
    return (await this.sql.run(CLAIM_ATTEMPT, [attempt, Date.now(), order.id, order.paymentAttempts], manager)) === 1;
  }

  /**
   * Puts the order in review: no further payment is accepted (409 ORDER_IN_REVIEW) and an operator decides.
   * Reasons accumulate, so a second problem never hides the first.
   */
  async flagReview(manager: EntityManager, order: Order, reason: string, data: Record<string, unknown>): Promise<void> {
    const combined = order.reviewReason ? `${order.reviewReason}; ${reason}` : reason;
    await manager.getRepository(Order).update({ id: order.id }, { reviewReason: combined.slice(0, 200), updatedAt: new Date() });
    order.reviewReason = combined.slice(0, 200);
    await this.timeline.record(order.id, 'review', reason, data, manager);
  }

  /** Reserves `amount` of the paid amount for a refund; false when another refund changed the reservation first. */
  reserveRefund(manager: EntityManager, order: Order, amount: number): Promise<boolean> {
    return this.update(
      manager,
      { refundReservedValue: order.refundReservedValue + amount, updatedAt: new Date() },
      { id: order.id, refundReservedValue: order.refundReservedValue },
    );
  }

  /** Adds (or, for a reversal, subtracts) refunded and reserved amounts in one statement. */
  async adjustRefunds(manager: EntityManager, orderId: string, delta: { refunded?: number; reserved?: number }): Promise<Order> {
    const qb = manager.getRepository(Order).createQueryBuilder().update(Order).where({ id: orderId });
    const set: Record<string, () => string> = { updatedAt: () => String(Date.now()) };
    if (delta.refunded) set.refundedValue = () => `refunded_value + (${Math.trunc(delta.refunded ?? 0)})`;
    if (delta.reserved) set.refundReservedValue = () => `refund_reserved_value + (${Math.trunc(delta.reserved ?? 0)})`;
    await qb.set(set).execute();
    return manager.getRepository(Order).findOneByOrFail({ id: orderId });
  }

  /**
   * After a refund was undone (the provider failed or reversed it), the order goes back to what its remaining
   * refunds say: PAID when none is left, else PARTIALLY_REFUNDED. The only backward move, and only from the
   * refund statuses.
   */
  async restoreAfterRefundUndone(manager: EntityManager, order: Order, reason: string, data: Record<string, unknown>): Promise<void> {
    const to: OrderStatus = order.refundedValue <= 0 ? 'PAID' : 'PARTIALLY_REFUNDED';
    if (to === order.status) return;
    const moved = await this.update(manager, { status: to, updatedAt: new Date() }, { id: order.id, status: In(['PARTIALLY_REFUNDED', 'REFUNDED']) });
    if (moved) await this.timeline.record(order.id, 'transition', `→ ${to}: ${reason}`, { to, ...data }, manager);
  }

  /**
   * Claims an expired order for one expiry round: `updated_at` is the claim token, moved forward by the
   * backoff so an order whose provider keeps failing is retried later and never blocks the others.
   */
  claimForExpiry(manager: EntityManager, order: Order, retryAt: Date): Promise<boolean> {
    return this.update(manager, { updatedAt: retryAt }, { id: order.id, status: 'PENDING_PAYMENT', updatedAt: order.updatedAt });
  }

  private async update(manager: EntityManager, set: Partial<Order>, where: Record<string, unknown>): Promise<boolean> {
    const result = await manager.getRepository(Order).createQueryBuilder().update(Order).set(set).where(where).execute();
    return (result.affected ?? 0) === 1;
  }
}
