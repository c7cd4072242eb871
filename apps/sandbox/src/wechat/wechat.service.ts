import type { SandboxContext } from '../context';
import { newOpenid, newSessionKey, newWechatCode } from '../ids';
import type { ProviderReply } from '../provider-call';
import { WECHAT_ERRMSG } from '../provider-call';

export const CODE_TTL_SECONDS = 300;

/** Mints a wx.login code, as the WeChat client would (the H5 bridge and the tests call this). */
export function mintCode(ctx: SandboxContext, openid?: string): { code: string; openid: string; expiresIn: number } {
  const code = newWechatCode();
  const resolved = openid ?? newOpenid();
  ctx.state.wechatCodes.set(code, { openid: resolved, expiresAt: Date.now() + CODE_TTL_SECONDS * 1000 });
  return { code, openid: resolved, expiresIn: CODE_TTL_SECONDS };
}

const wechatError = (errcode: number): ProviderReply => ({
  // WeChat reports errors with HTTP 200 and an errcode in the body.
  status: 200,
  body: { errcode, errmsg: WECHAT_ERRMSG[errcode] ?? 'error' },
});

export function jscode2session(ctx: SandboxContext, q: { appid?: string; secret?: string; js_code?: string; grant_type?: string }): ProviderReply {
  const { wechatAppId, wechatAppSecret } = ctx.options.credentials;
  if (q.appid !== wechatAppId) return wechatError(40013);
  if (q.secret !== wechatAppSecret) return wechatError(40125);
  if (q.grant_type !== 'authorization_code') {
    return { status: 200, body: { errcode: 40002, errmsg: 'invalid grant_type' } };
  }
  const entry = q.js_code ? ctx.state.wechatCodes.get(q.js_code) : undefined;
  if (!entry || entry.expiresAt < Date.now()) return wechatError(40029);
  if (entry.usedAt !== undefined) return wechatError(40163);
  entry.usedAt = Date.now();
  return { status: 200, body: { openid: entry.openid, session_key: newSessionKey() } };
}
