import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

/**
 * The order's timeline: every transition, provider call and notification that touched it, so an operator can
 * see why the order is in its state. Never holds secrets.
 */
@Entity('order_events')
@Index('ix_order_events_order', ['orderId', 'at'])
export class OrderEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'order_id', type: 'varchar', length: 36 })
  orderId: string;

  /** e.g. transition, provider_call, notification, review. */
  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'varchar', length: 300 })
  summary: string;

  @Column({ type: 'simple-json', nullable: true })
  data: Record<string, unknown> | null;

  @InstantColumn()
  at: Date;
}
