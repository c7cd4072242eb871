import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

/**
 * The transactional outbox: written in the same transaction as the PAID transition, delivered afterwards by
 * the relay. A crash between the commit and the delivery loses nothing: the row is still there on restart.
 */
// ix_outbox_due is the relay's: undelivered messages in next_attempt_at order, one range read, no sort.
@Entity('outbox_messages')
@Index('uq_outbox_topic_order', ['topic', 'orderId'], { unique: true })
@Index('ix_outbox_due', ['deliveredAt', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  topic: string;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  @Column({ type: 'simple-json' })
  payload: Record<string, unknown>;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  /** Set by the relay instance working on it; another instance may take it over after this instant. */
  @Index('ix_outbox_claimed_until')
  @InstantColumn({ name: 'claimed_until', nullable: true })
  claimedUntil: Date | null;

  @InstantColumn({ name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /**
   * When the relay may next try this message: a claim while it is being delivered, then backoff after a
   * failure, so a message that keeps failing never blocks the ones behind it.
   */
  @Index('ix_outbox_next_attempt_at')
  @InstantColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'last_error', type: 'varchar', length: 200, nullable: true })
  lastError: string | null;
}
