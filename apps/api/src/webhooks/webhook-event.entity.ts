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

  @Column({ name: 'raw_body', type: 'text' })
  rawBody: string;

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
}
