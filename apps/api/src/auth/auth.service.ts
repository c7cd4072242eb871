import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { LoginResponse } from '@minipay/contracts';
import { TransactionRunner } from '../common/database/transaction-runner';
import { SessionKeyCipher } from './session-key-cipher';
import { SessionTokens } from './session-token';
import { User } from './user.entity';
import { WechatClient } from './wechat-client';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly wechat: WechatClient,
    private readonly tokens: SessionTokens,
    private readonly tx: TransactionRunner,
    private readonly sessionKeys: SessionKeyCipher,
  ) {}

  /**
   * At boot: rows written before session_key was encrypted hold it in clear; nothing reads it yet and every login
   * writes a fresh one, so those are cleared. Rows encrypted under an older key id are re-encrypted under the
   * current first key, so an old key can be removed from SESSION_KEY_ENCRYPTION_KEYS once every instance has booted
   * with the new one. Both are idempotent when several instances boot together.
   */
  async onApplicationBootstrap(): Promise<void> {
    const result = await this.tx.run((manager) =>
      manager
        .getRepository(User)
        .createQueryBuilder()
        .update()
        .set({ sessionKey: null })
        .where('session_key IS NOT NULL AND session_key NOT LIKE :prefix', { prefix: 'v1.%' })
        .execute(),
    );
    if (result.affected) this.logger.warn({ cleared: result.affected }, 'cleared session_key values stored in clear');
    await this.rotateSessionKeys();
  }

  /** Re-encrypts every stored session_key not under the current first key; returns how many were rewritten and dropped. */
  async rotateSessionKeys(batchSize = 500): Promise<{ rotated: number; dropped: number }> {
    const current = `v1.${this.sessionKeys.primaryKeyId.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
    let rotated = 0;
    let dropped = 0;
    let after = '';
    for (;;) {
      const rows = await this.tx.run((manager) =>
        manager
          .getRepository(User)
          .createQueryBuilder('u')
          .select(['u.id', 'u.openid', 'u.sessionKey'])
          .where("u.session_key IS NOT NULL AND u.session_key NOT LIKE :current ESCAPE '\\' AND u.id > :after", { current, after })
          .orderBy('u.id')
          .take(batchSize)
          .getMany(),
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        let next: string | null;
        try {
          next = this.sessionKeys.encrypt(this.sessionKeys.decrypt(row.sessionKey!, row.openid), row.openid);
        } catch {
          next = null; // under a key no longer configured (or altered): unreadable, and nothing needs it
        }
        // Conditional on the old value, so a login that wrote a fresh session_key meanwhile is kept.
        const updated = await this.tx.run((manager) =>
          manager
            .getRepository(User)
            .createQueryBuilder()
            .update()
            .set({ sessionKey: next })
            .where('id = :id AND session_key = :old', { id: row.id, old: row.sessionKey })
            .execute(),
        );
        if (updated.affected) {
          if (next === null) dropped++;
          else rotated++;
        }
      }
      after = rows[rows.length - 1].id;
    }
    if (rotated || dropped) this.logger.warn({ rotated, dropped, keyId: this.sessionKeys.primaryKeyId }, 're-encrypted stored session_key values');
    return { rotated, dropped };
  }

  /** wx.login code → jscode2session → upsert the user by openid → our own session token. */
  async login(code: string): Promise<LoginResponse> {
    const session = await this.wechat.exchangeCode(code);
    const now = new Date();
    const user = await this.tx.run(async (manager) => {
      const users = manager.getRepository(User);
      // ON CONFLICT keeps two concurrent first logins of one shopper from creating two users.
      await users
        .createQueryBuilder()
        .insert()
        .values({
          id: randomUUID(),
          openid: session.openid,
          sessionKey: this.sessionKeys.encrypt(session.sessionKey, session.openid),
          createdAt: now,
          updatedAt: now,
        })
        .orUpdate(['session_key', 'updated_at'], ['openid'])
        .execute();
      return users.findOneByOrFail({ openid: session.openid });
    });
    return this.tokens.issue(user.id);
  }
}
