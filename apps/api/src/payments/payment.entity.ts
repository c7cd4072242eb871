import type { PaymentStatus, ProviderName, RequestPaymentParams } from '@minipay/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn, MinorUnitsColumn } from '../common/database/columns';

/** One attempt to collect an order's amount at a provider. An order may have several (after a cancel). */
// uq_payments_order_attempt also serves every by-order read (an order's attempts in attempt order);
// ix_payments_query_due is the reconciliation sweep's: pending attempts in next_query_at order, one range read.
@Entity('payments')
@Index('uq_payments_order_attempt', ['orderId', 'attempt'], { unique: true })
@Index('ix_payments_query_due', ['status', 'nextQueryAt'])
export class Payment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'varchar', length: 16 })
  provider: ProviderName;

  @Column({ type: 'integer' })
  attempt: number;

  /** Our reference for this attempt at the provider: `${merchantOrderId}-${attempt}`. */
  @Column({ type: 'varchar', length: 40, unique: true })
  reference: string;

  /** The provider's id (intents order_id, Adyen pspReference); null until create answered. */
  @Index('ix_payments_provider_payment_id')
  @Column({ name: 'provider_payment_id', type: 'varchar', length: 64, nullable: true })
  providerPaymentId: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: PaymentStatus;

  @MinorUnitsColumn({ name: 'amount_value' })
  amountValue: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  /** What wx.requestPayment needs, kept so a pending attempt can be resumed without a new provider order. */
  @Column({ name: 'request_payment', type: 'simple-json', nullable: true })
  requestPayment: RequestPaymentParams | null;

  /** Provider state the adapter needs later (e.g. Adyen paymentData). Server-side only. */
  @Column({ name: 'provider_data', type: 'simple-json', nullable: true })
  providerData: Record<string, string> | null;

  /**
   * What the provider reported it collected when the attempt succeeded. Usually the attempt's amount; when it
   * differs, the order goes to review and this (not amountValue) is what can be refunded.
   */
  @MinorUnitsColumn({ name: 'captured_value', nullable: true })
  capturedValue: number | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 200, nullable: true })
  failureReason: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;

  /** When reconciliation should next ask the provider about this pending attempt. */
  @InstantColumn({ name: 'next_query_at', nullable: true })
  nextQueryAt: Date | null;

  @Column({ name: 'query_attempts', type: 'integer', default: 0 })
  queryAttempts: number;
}
