import type { OrderLine, OrderStatus } from '@minipay/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, MinorUnitsColumn } from '../common/database/columns';

// ix_orders_user_created is GET /orders': a shopper's orders newest first, keyset on (created_at, id), so a page
// is one range read at any depth. ix_orders_expiry_due is the expiry sweep's (OrdersService.dueForExpiry): unpaid
// orders in updated_at order, expires_at checked in the index; its status prefix also serves other by-status reads.
@Entity('orders')
@Index('uq_orders_user_idempotency_key', ['userId', 'idempotencyKey'], { unique: true })
@Index('ix_orders_user_created', ['userId', 'createdAt', 'id'])
@Index('ix_orders_expiry_due', ['status', 'updatedAt', 'expiresAt'])
export class Order {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Our reference at providers (each payment attempt appends "-n"): ≤ 32 characters, unique. */
  @Column({ name: 'merchant_order_id', type: 'varchar', length: 32, unique: true })
  merchantOrderId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 24 })
  status: OrderStatus;

  @MinorUnitsColumn({ name: 'amount_value' })
  amountValue: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @MinorUnitsColumn({ name: 'refunded_value' })
  refundedValue: number;

  /** Refunds requested and not failed (pending + succeeded): the sum can never exceed the paid amount. */
  @MinorUnitsColumn({ name: 'refund_reserved_value' })
  refundReservedValue: number;

  /** Lines as priced at creation (name and unit price frozen, so later catalog edits do not change an order). */
  @Column({ type: 'simple-json' })
  items: OrderLine[];

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  /** Hash of the request that created the order, to tell a replay from a reused key. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ name: 'payment_attempts', type: 'integer', default: 0 })
  paymentAttempts: number;

  /** Set when something needs an operator (e.g. a provider reported a different amount). */
  @Column({ name: 'review_reason', type: 'varchar', length: 200, nullable: true })
  reviewReason: string | null;

  /** The attempt whose success paid this order; any other successful attempt is a second payment to refund. */
  @Column({ name: 'paying_payment_id', type: 'varchar', length: 36, nullable: true })
  payingPaymentId: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;

  @InstantColumn({ name: 'expires_at' })
  expiresAt: Date;

  @InstantColumn({ name: 'paid_at', nullable: true })
  paidAt: Date | null;

  @InstantColumn({ name: 'closed_at', nullable: true })
  closedAt: Date | null;
}
