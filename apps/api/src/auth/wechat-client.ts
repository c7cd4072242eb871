import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { AppSettings } from '../config/app-config';
import { DomainError } from '../common/errors/domain-error';
import { ProviderTimeoutError } from '../common/errors/provider-errors';
import { providerFetch, providerHttpOptions } from '../common/http/provider-http';

const SessionReply = z.object({ openid: z.string().min(1), session_key: z.string().min(1), unionid: z.string().optional() });
const ErrorReply = z.object({ errcode: z.number(), errmsg: z.string().optional() });

export interface WechatSession {
  openid: string;
  sessionKey: string;
  unionid?: string;
}

/**
 * Server-side jscode2session. The appsecret is sent only from here, never from the mini program.
 * WeChat answers HTTP 200 with an errcode for failures; each known errcode becomes a clear error of ours.
 */
@Injectable()
export class WechatClient {
  private readonly logger = new Logger(WechatClient.name);

  constructor(private readonly settings: AppSettings) {}

  async exchangeCode(code: string): Promise<WechatSession> {
    const c = this.settings.values;
    const query = new URLSearchParams({ appid: c.WECHAT_APP_ID, secret: c.WECHAT_APP_SECRET, js_code: code, grant_type: 'authorization_code' });
    let reply;
    try {
      reply = await providerFetch(
        { operation: 'wechat.jscode2session', method: 'GET', url: `${c.WECHAT_API_BASE_URL}/sns/jscode2session?${query}` },
        providerHttpOptions(c),
      );
    } catch (error) {
      if (error instanceof ProviderTimeoutError) throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat did not answer in time; retry', { retryable: true });
      throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat is unavailable; retry', { retryable: true });
    }
    const ok = SessionReply.safeParse(reply.body);
    if (ok.success) return { openid: ok.data.openid, sessionKey: ok.data.session_key, unionid: ok.data.unionid };
    const failed = ErrorReply.safeParse(reply.body);
    if (!failed.success) {
      this.logger.warn({ status: reply.status }, 'unexpected jscode2session reply');
      throw new DomainError('WECHAT_UNAVAILABLE', 'WeChat gave an unexpected answer; retry', { retryable: true });
    }
    throw mapWechatErrcode(failed.data.errcode);
  }
}

export function mapWechatErrcode(errcode: number): DomainError {
  switch (errcode) {
    case 40029:
      return new DomainError('WECHAT_CODE_INVALID', 'The login code is invalid or expired; call wx.login again', { details: { errcode } });
    case 40163:
      return new DomainError('WECHAT_CODE_INVALID', 'The login code was already used; call wx.login again', { details: { errcode } });
    case 45011:
      return new DomainError('WECHAT_RATE_LIMITED', 'Too many logins for this user; retry in a minute', { details: { errcode }, retryable: true });
    case 40226:
      return new DomainError('WECHAT_USER_BLOCKED', 'WeChat blocked this user as high-risk', { details: { errcode } });
    case -1:
      return new DomainError('WECHAT_UNAVAILABLE', 'WeChat is busy; retry', { details: { errcode }, retryable: true });
    default:
      // 40013 (appid) / 40125 (secret) and the like are our misconfiguration, not the shopper's fault.
      return new DomainError('WECHAT_UNAVAILABLE', 'WeChat login is not available right now', { details: { errcode }, retryable: true });
  }
}
