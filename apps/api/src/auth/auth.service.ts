import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoginResponse } from '@minipay/contracts';
import { TransactionRunner } from '../common/database/transaction-runner';
import { SessionTokens } from './session-token';
import { User } from './user.entity';
import { WechatClient } from './wechat-client';

@Injectable()
export class AuthService {
  constructor(
    private readonly wechat: WechatClient,
    private readonly tokens: SessionTokens,
    private readonly tx: TransactionRunner,
  ) {}

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
        .values({ id: randomUUID(), openid: session.openid, sessionKey: session.sessionKey, createdAt: now, updatedAt: now })
        .orUpdate(['session_key', 'updated_at'], ['openid'])
        .execute();
      return users.findOneByOrFail({ openid: session.openid });
    });
    return this.tokens.issue(user.id);
  }
}
