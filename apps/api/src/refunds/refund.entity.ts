import type { RefundStatus } from '@minipay/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, MinorUnitsColumn } from '../common/database/columns';

// ix_refunds_query_due is the refund reconciliation sweep's: pending refunds in next_query_at order, one range read.
@Entity('refunds')
@Index('uq_refunds_order_idempotency_key', ['orderId', 'idempotencyKey'], { unique: true })
@Index('ix_refunds_query_due', ['status', 'nextQueryAt'])
export class Refund {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('ix_refunds_order_id')
  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ name: 'payment_id', type: 'varchar', length: 36 })
  paymentId: string;

  /** Our reference at the provider: `${merchantOrderId}-R${n}`. */
  @Column({ type: 'varchar', length: 40, unique: true })
  reference: string;

  @Index('ix_refunds_provider_refund_id')
  @Column({ name: 'provider_refund_id', type: 'varchar', length: 64, nullable: true })
  providerRefundId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  @MinorUnitsColumn({ name: 'amount_value' })
  amountValue: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash: string | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 200, nullable: true })
  failureReason: string | null;

  /** When refund reconciliation should next ask the provider (null once final). */
  @InstantColumn({ name: 'next_query_at', nullable: true })
  nextQueryAt: Date | null;

  @Column({ name: 'query_attempts', type: 'integer', default: 0 })
  queryAttempts: number;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
