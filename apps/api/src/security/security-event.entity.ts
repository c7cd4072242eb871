import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

/** A refused or suspicious request (wrong admin key, failed sign-in, bad webhook signature); never holds the secret tried. */
@Entity('security_events')
@Index('ix_security_events_at', ['at'])
export class SecurityEvent {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** admin_key_rejected | signin_failed | webhook_signature_invalid */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;

  @InstantColumn()
  at: Date;
}
