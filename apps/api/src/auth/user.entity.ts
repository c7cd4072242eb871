import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../common/database/columns';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Per mini-program appid; the only WeChat identity we key on. */
  @Column({ type: 'varchar', length: 128, unique: true })
  openid: string;

  /** WeChat's session_key, encrypted (auth/session-key-cipher.ts): server-side only, never returned or logged. */
  @Column({ name: 'session_key', type: 'varchar', length: 128, nullable: true })
  sessionKey: string | null;

  @InstantColumn({ name: 'created_at' })
  createdAt: Date;

  @InstantColumn({ name: 'updated_at' })
  updatedAt: Date;
}
