import { randomBytes } from 'node:crypto';
import { cstTimestamp, unixSeconds } from '../clock';
import type { SandboxContext } from '../context';
import { newIntentOrderId, newIntentRefundId, newNonceStr, newPrepayId } from '../ids';
import { formatMajor, intentsExponent, parseMajor } from '../money';
import type { ProviderReply } from '../provider-call';
import type { IntentAttempt, IntentRefund, Money } from '../state';
import { fail, ok } from './envelope';
import type { CreateIntentBody, CreateRefundBody, IntentRefBody, RefundRefBody } from './intents.schemas';
import { paySign } from './signing';

const TOKEN_TTL_SECONDS = 7200;

/** (ours) Step 0 of the intents flow (docs/providers.md §3): client_id + api_key → bearer token valid for 2 hours. */
export function issueToken(ctx: SandboxContext, body: { client_id: string; api_key: string }): ProviderReply {
  const { intentsClientId, intentsApiKey } = ctx.options.credentials;
  if (body.client_id !== intentsClientId || body.api_key !== intentsApiKey) {
    return fail(401, 40100, 'invalid client_id or api_key');
  }
  const token = randomBytes(32).toString('base64url');
  ctx.state.intentTokens.set(token, Date.now() + TOKEN_TTL_SECONDS * 1000);
  return ok({ access_token: token, expires_in: TOKEN_TTL_SECONDS });
}

export function isTokenValid(ctx: SandboxContext, authorization: string | undefined): boolean {
  const m = /^Bearer (.+)$/.exec(authorization ?? '');
  const expiresAt = m ? ctx.state.intentTokens.get(m[1]!) : undefined;
  return expiresAt !== undefined && expiresAt > Date.now();
}

export function createIntent(ctx: SandboxContext, body: CreateIntentBody): ProviderReply {
  const parsed = parseMajor(body.amount, intentsExponent(body.currency));
  if ('error' in parsed) return fail(400, 40001, `amount: ${parsed.error}`);
  const wechat = body.payment_method.wechat;
  if (wechat.sub_appid !== ctx.options.credentials.wechatAppId) {
    return fail(400, 40004, 'sub_appid is not bound to this merchant');
  }
  // (ours) A create repeated with the same merchant_order_id and the same payment is a retry (its first
  // reply may have been lost to a timeout): answer it with the original intent, not a second one. The same
  // merchant_order_id with different content is a conflict.
  const existing = ctx.state.intentByMerchantOrderId(body.merchant_order_id);
  if (existing) {
    const sameRequest =
      existing.status === 'PENDING' &&
      existing.amountMinor === parsed.minor &&
      existing.currency === body.currency &&
      existing.subOpenid === wechat.sub_openid &&
      existing.subAppid === wechat.sub_appid;
    if (!sameRequest) return fail(409, 40901, 'merchant_order_id already exists');
    return ok({
      order_id: existing.orderId,
      merchant_order_id: existing.merchantOrderId,
      amount: existing.amount,
      currency: existing.currency,
      create_time: existing.createTime,
      next_action: existing.nextAction,
      status: existing.status,
    });
  }
  const sdk = { appId: wechat.sub_appid, timeStamp: String(unixSeconds()), nonceStr: newNonceStr(), package: `prepay_id=${newPrepayId()}` };
  const nextAction = {
    type: 'call_sdk',
    data: { ...sdk, paySign: paySign(ctx.keys.privateKey, sdk), signType: 'RSA' },
  };
  const now = new Date();
  const intent: IntentAttempt = {
    provider: 'intents',
    seq: ctx.state.nextSeq(),
    orderId: newIntentOrderId(),
    merchantOrderId: body.merchant_order_id,
    amount: body.amount,
    amountMinor: parsed.minor,
    currency: body.currency,
    description: body.description,
    subAppid: wechat.sub_appid,
    subOpenid: wechat.sub_openid,
    notifyUrl: body.notify_url,
    status: 'PENDING',
    createTime: cstTimestamp(now),
    nextAction,
    refunds: [],
    notifications: [],
    createdAt: now.toISOString(),
  };
  ctx.state.intents.set(intent.orderId, intent);
  return ok({
    order_id: intent.orderId,
    merchant_order_id: intent.merchantOrderId,
    amount: intent.amount,
    currency: intent.currency,
    create_time: intent.createTime,
    next_action: nextAction,
    status: intent.status,
  });
}

function findIntent(ctx: SandboxContext, ref: IntentRefBody): IntentAttempt | undefined {
  return (
    (ref.order_id ? ctx.state.intents.get(ref.order_id) : undefined) ??
    (ref.merchant_order_id ? ctx.state.intentByMerchantOrderId(ref.merchant_order_id) : undefined)
  );
}

/** The query view; reports the control surface's amount override when one is set. */
export function intentView(intent: IntentAttempt) {
  const reported = intent.reportedAmount;
  return {
    order_id: intent.orderId,
    merchant_order_id: intent.merchantOrderId,
    amount: reported ? formatMajor(reported.value, intentsExponent(reported.currency)) : intent.amount,
    currency: reported ? reported.currency : intent.currency,
    status: intent.status,
    create_time: intent.createTime,
    ...(intent.payTime ? { pay_time: intent.payTime } : {}),
  };
}

export function queryIntent(ctx: SandboxContext, ref: IntentRefBody): ProviderReply {
  const intent = findIntent(ctx, ref);
  return intent ? ok(intentView(intent)) : fail(404, 40401, 'payment intent not found');
}

/** (ours) Close an unpaid intent. Closing a paid one answers 409 with the paid intent, so the caller learns it was paid. */
export function cancelIntent(ctx: SandboxContext, ref: IntentRefBody): ProviderReply {
  const intent = findIntent(ctx, ref);
  if (!intent) return fail(404, 40401, 'payment intent not found');
  if (intent.status === 'SUCCEEDED') return fail(409, 40902, 'payment intent already succeeded', intentView(intent));
  intent.status = 'CANCELLED';
  return ok(intentView(intent));
}

function refundView(r: IntentRefund) {
  return {
    refund_id: r.refundId,
    merchant_refund_id: r.merchantRefundId,
    order_id: r.orderId,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    create_time: r.createTime,
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

/** (ours) Refunds are idempotent on merchant_refund_id and settle asynchronously with a refund_success notification. */
export function createRefund(ctx: SandboxContext, body: CreateRefundBody): ProviderReply {
  const existing = [...ctx.state.intentRefunds.values()].find((r) => r.merchantRefundId === body.merchant_refund_id);
  if (existing) {
    if (existing.orderId !== body.order_id || existing.amount !== body.amount) {
      return fail(409, 40904, 'merchant_refund_id already used for a different refund');
    }
    return ok(refundView(existing));
  }
  const intent = ctx.state.intents.get(body.order_id);
  if (!intent) return fail(404, 40401, 'payment intent not found');
  if (intent.status !== 'SUCCEEDED') return fail(409, 40903, `payment intent is ${intent.status}, not refundable`);
  const parsed = parseMajor(body.amount, intentsExponent(intent.currency));
  if ('error' in parsed) return fail(400, 40001, `amount: ${parsed.error}`);
  const refunded = intent.refunds.reduce((sum, r) => sum + r.amountMinor, 0);
  if (refunded + parsed.minor > intent.amountMinor) return fail(400, 40003, 'refund amount exceeds the refundable amount');

  const refund: IntentRefund = {
    refundId: newIntentRefundId(),
    merchantRefundId: body.merchant_refund_id,
    orderId: intent.orderId,
    amount: body.amount,
    amountMinor: parsed.minor,
    currency: intent.currency,
    reason: body.reason,
    status: 'PROCESSING',
    createTime: cstTimestamp(),
  };
  intent.refunds.push(refund);
  ctx.state.intentRefunds.set(refund.refundId, refund);
  ctx.later(ctx.options.refundSettleDelayMs, () => {
    refund.status = 'SUCCEEDED';
    notify(ctx, intent, 'refund_success', {
      order_id: intent.orderId,
      merchant_order_id: intent.merchantOrderId,
      refund_id: refund.refundId,
      merchant_refund_id: refund.merchantRefundId,
    });
  });
  return ok(refundView(refund));
}

export function queryRefund(ctx: SandboxContext, ref: RefundRefBody): ProviderReply {
  const refund =
    (ref.refund_id ? ctx.state.intentRefunds.get(ref.refund_id) : undefined) ??
    [...ctx.state.intentRefunds.values()].find((r) => r.merchantRefundId === ref.merchant_refund_id);
  return refund ? ok(refundView(refund)) : fail(404, 40401, 'refund not found');
}

/** The shopper paid in WeChat. */
export function approveIntent(ctx: SandboxContext, intent: IntentAttempt, reportedAmount?: Money): void {
  intent.status = 'SUCCEEDED';
  intent.payTime = cstTimestamp();
  if (reportedAmount) intent.reportedAmount = reportedAmount;
  notify(ctx, intent, 'payment_success', { order_id: intent.orderId, merchant_order_id: intent.merchantOrderId });
}

/** The intents provider has no failure status and sends no notification for it: the intent just closes. */
export function closeIntentByShopper(intent: IntentAttempt): void {
  intent.status = 'CANCELLED';
}

function notify(ctx: SandboxContext, intent: IntentAttempt, type: string, data: Record<string, string>): void {
  const n = { provider: 'intents' as const, type, url: intent.notifyUrl, body: { notify_type: type, data } };
  intent.lastNotification = n;
  // Without a notify_url the provider sends nothing; the merchant has to query.
  if (intent.notifyUrl) ctx.notifier.dispatch(n, intent.notifications);
}
