import type { ConsoleRole } from '@minipay/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

/** A merchant console account. Only the argon2id hash of the password is stored. */
@Entity('console_operators')
export class ConsoleOperator {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('uq_console_operators_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 16 })
  role: ConsoleRole;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'last_sign_in_at', nullable: true })
  lastSignInAt: Date | null;
}

/**
 * A signed-in console session. The cookie holds a random token; the table holds only its SHA-256, so a copy of
 * the database signs nobody in. Sign-out deletes the row.
 */
@Entity('console_sessions')
export class ConsoleSessionRow {
  /** SHA-256 (hex) of the session cookie's token. */
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Index('ix_console_sessions_operator_id')
  @Column({ name: 'operator_id', type: 'varchar', length: 36 })
  operatorId: string;

  /** The CSRF token of this session (not a credential on its own: it is useless without the HttpOnly cookie). */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @Index('ix_console_sessions_expires_at')
  @InstantColumn({ name: 'expires_at' })
  expiresAt: Date;
}
