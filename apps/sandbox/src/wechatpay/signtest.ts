import type { SandboxContext } from '../context';
import { ControlError } from '../control/shopper';
import { encryptResource, signtestHeaders } from './crypto';

/**
 * WeChat Pay sends notifications whose Wechatpay-Signature starts with `WECHATPAY/SIGNTEST/` to check that the
 * merchant verifies signatures; a merchant that answers 2xx to one does not. The body is well formed and
 * correctly encrypted, so only the signature check can catch it.
 */
export async function sendSigntestProbe(ctx: SandboxContext, body: { url?: string; merchantOrderId?: string }) {
  const latest = body.merchantOrderId ? ctx.state.latestAttempt(body.merchantOrderId) : undefined;
  const url = body.url ?? (latest?.provider === 'wechatpay' ? latest.notifyUrl : undefined);
  if (!url) throw new ControlError(400, 'VALIDATION_FAILED', 'give a url, or the merchantOrderId of a wechatpay order');
  const resource = {
    mchid: ctx.options.credentials.wechatpayMchid,
    appid: ctx.options.credentials.wechatAppId,
    out_trade_no: latest?.provider === 'wechatpay' ? latest.outTradeNo : 'SIGNTEST',
    trade_state: 'SUCCESS',
    amount: { total: latest?.provider === 'wechatpay' ? latest.total : 1, currency: 'CNY' },
  };
  const text = JSON.stringify({
    id: 'SIGNTEST-' + Date.now(),
    create_time: new Date().toISOString(),
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource: { original_type: 'transaction', ...encryptResource(ctx.options.credentials.wechatpayApiV3Key, JSON.stringify(resource), 'transaction') },
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signtestHeaders(ctx.wechatpayKeys.signer()) },
    body: text,
    signal: AbortSignal.timeout(5000),
  });
  const reply = await res.text();
  return { url, status: res.status, body: reply.slice(0, 500), verified: res.status >= 400 };
}
