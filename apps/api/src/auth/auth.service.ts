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
   * Rows written before session_key was encrypted hold it in clear. Nothing reads it yet and every login writes a
   * fresh one, so clearing those is safe (and idempotent when several instances boot together).
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
        .values({ id: randomUUID(), openid: session.openid, sessionKey: this.sessionKeys.encrypt(session.sessionKey, session.openid), createdAt: now, updatedAt: now })
        .orUpdate(['session_key', 'updated_at'], ['openid'])
        .execute();
      return users.findOneByOrFail({ openid: session.openid });
    });
    return this.tokens.issue(user.id);
  }
}
