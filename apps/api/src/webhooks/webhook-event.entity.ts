import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

/**
 * The inbox: every verified notification, stored raw before we act on it. The unique key on the provider's
 * event identity is what makes duplicates harmless.
 */
@Entity('webhook_events')
@Index('uq_webhook_events_identity', ['provider', 'eventKey'], { unique: true })
export class WebhookEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  provider: string;

  @Column({ name: 'event_key', type: 'varchar', length: 200 })
  eventKey: string;

  /** The verified body as received; null once pruned after WEBHOOK_RETENTION_DAYS (the row keeps its outcome). */
  @Column({ name: 'raw_body', type: 'text', nullable: true })
  rawBody: string | null;

  /** The parsed, verified event, so the sweeper can process it again without the provider resending it. */
  @Column({ name: 'event', type: 'simple-json', nullable: true })
  event: Record<string, unknown> | null;

  @Column({ name: 'payment_reference', type: 'varchar', length: 64, nullable: true })
  paymentReference: string | null;

  @InstantColumn({ name: 'received_at' })
  receivedAt: Date;

  @InstantColumn({ name: 'processed_at', nullable: true })
  processedAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  outcome: string | null;

  @Column({ name: 'deliveries', type: 'integer', default: 1 })
  deliveries: number;

  /** Processing attempts (deliveries and sweeps); each one is on the order's timeline. */
  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts: number;

  /** While set and in the future, one delivery or sweep owns processing this row. */
  @InstantColumn({ name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  /** When the sweeper should next try an unprocessed row (backoff after each failure). */
  @Index('ix_webhook_events_next_attempt_at')
  @InstantColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 200, nullable: true })
  lastError: string | null;
}
