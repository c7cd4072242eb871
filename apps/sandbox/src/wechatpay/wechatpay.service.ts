import { randomBytes } from 'node:crypto';
import { cstTimestamp } from '../clock';
import type { SandboxContext } from '../context';
import { randomDigits } from '../ids';
import type { ProviderReply } from '../provider-call';
import type { Money, WechatpayRefund, WechatpayTradeState, WechatpayTransaction } from '../state';
import { encryptResource } from './crypto';
import { SANDBOX_WECHATPAY_PLATFORM_CERT } from './keys';
import type { JsapiBody, RefundBody } from './wechatpay.schemas';

/** A prepay_id is valid for 2 hours (docs/providers.md, WeChat Pay v3). */
export const PREPAY_TTL_MS = 2 * 3600_000;

/** `{code, message, detail?}`: WeChat Pay v3's error body. */
export function wxError(status: number, code: string, message: string, detail?: unknown): ProviderReply {
  return { status, body: { code, message, ...(detail === undefined ? {} : { detail }) } };
}

/** What an injected failure of each HTTP status looks like (SYSTEM_ERROR for every 5xx). */
export function injectedWechatpayFailure(status: number): unknown {
  const byStatus: Record<number, [string, string]> = {
    400: ['PARAM_ERROR', '参数错误 (sandbox injected failure)'],
    401: ['SIGN_ERROR', '签名错误 (sandbox injected failure)'],
    403: ['NO_AUTH', '商户无权限 (sandbox injected failure)'],
    404: ['ORDER_NOT_EXIST', '订单不存在 (sandbox injected failure)'],
    429: ['FREQUENCY_LIMITED', '频率超限 (sandbox injected failure)'],
  };
  const [code, message] = byStatus[status] ?? ['SYSTEM_ERROR', '系统错误 (sandbox injected failure)'];
  return { code, message };
}

const newPrepayId = () => 'wx' + randomDigits(14) + randomBytes(10).toString('hex');
const newTransactionId = () => '4200' + randomDigits(24);
const newRefundId = () => '5030' + randomDigits(25);

const notFound = () => wxError(404, 'ORDER_NOT_EXIST', '订单不存在');

export function jsapiPrepay(ctx: SandboxContext, body: JsapiBody, mchid: string): ProviderReply {
  const { wechatAppId, wechatpayMchid } = ctx.options.credentials;
  if (body.mchid !== mchid) return wxError(400, 'INVALID_REQUEST', 'mchid in the body is not the signing merchant');
  if (body.mchid !== wechatpayMchid) return wxError(400, 'MCH_NOT_EXISTS', '商户号不存在');
  if (body.appid !== wechatAppId) return wxError(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
  if (body.amount.currency !== 'CNY') return wxError(400, 'PARAM_ERROR', '境内商户仅支持人民币 (currency must be CNY)', { field: 'amount.currency' });
  const existing = ctx.state.wechatpayTransactions.get(body.out_trade_no);
  if (existing) {
    const same =
      existing.tradeState === 'NOTPAY' &&
      existing.total === body.amount.total &&
      existing.openid === body.payer.openid &&
      existing.appid === body.appid &&
      existing.description === body.description;
    if (existing.tradeState === 'SUCCESS' || existing.tradeState === 'REFUND') return wxError(400, 'ORDERPAID', '该订单已支付');
    if (existing.tradeState === 'CLOSED') return wxError(400, 'ORDER_CLOSED', '订单已关闭');
    if (!same) return wxError(403, 'OUT_TRADE_NO_USED', '商户订单号重复');
    // The same order placed again (its first reply may have been lost): same prepay_id while it is valid.
    if (existing.prepayExpiresAt <= Date.now()) {
      existing.prepayId = newPrepayId();
      existing.prepayExpiresAt = Date.now() + PREPAY_TTL_MS;
    }
    return { status: 200, body: { prepay_id: existing.prepayId } };
  }
  const tx: WechatpayTransaction = {
    provider: 'wechatpay',
    seq: ctx.state.nextSeq(),
    outTradeNo: body.out_trade_no,
    appid: body.appid,
    mchid: body.mchid,
    description: body.description,
    notifyUrl: body.notify_url,
    total: body.amount.total,
    currency: body.amount.currency,
    openid: body.payer.openid,
    prepayId: newPrepayId(),
    prepayExpiresAt: Date.now() + PREPAY_TTL_MS,
    tradeState: 'NOTPAY',
    refunds: [],
    notifications: [],
    createdAt: new Date().toISOString(),
  };
  ctx.state.wechatpayTransactions.set(tx.outTradeNo, tx);
  return { status: 200, body: { prepay_id: tx.prepayId } };
}

const TRADE_STATE_DESC: Record<WechatpayTradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销',
  USERPAYING: '用户支付中',
  PAYERROR: '支付失败',
};

/** The query view, which a TRANSACTION.SUCCESS resource repeats; the amount override shows here. */
export function transactionView(tx: WechatpayTransaction) {
  const total = tx.reportedAmount?.value ?? tx.total;
  const currency = tx.reportedAmount?.currency ?? tx.currency;
  const paid = tx.tradeState === 'SUCCESS' || tx.tradeState === 'REFUND';
  return {
    appid: tx.appid,
    mchid: tx.mchid,
    out_trade_no: tx.outTradeNo,
    ...(tx.transactionId ? { transaction_id: tx.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: tx.tradeState,
    trade_state_desc: TRADE_STATE_DESC[tx.tradeState],
    ...(paid ? { bank_type: 'OTHERS', success_time: tx.successTime } : {}),
    attach: '',
    payer: { openid: tx.openid },
    amount: paid ? { total, payer_total: total, currency, payer_currency: currency } : { total, currency },
  };
}

export function queryByOutTradeNo(ctx: SandboxContext, outTradeNo: string, mchid: string | undefined): ProviderReply {
  if (!mchid) return wxError(400, 'PARAM_ERROR', '缺少参数 mchid', { field: 'mchid', location: 'query' });
  const tx = ctx.state.wechatpayTransactions.get(outTradeNo);
  if (!tx || tx.mchid !== mchid) return notFound();
  return { status: 200, body: transactionView(tx) };
}

/** 204 on success; a paid order cannot be closed, and one the shopper is paying answers FREQUENCY_LIMITED. */
export function closeOrder(ctx: SandboxContext, outTradeNo: string, mchid: string): ProviderReply {
  const tx = ctx.state.wechatpayTransactions.get(outTradeNo);
  if (!tx || tx.mchid !== mchid) return notFound();
  if (tx.tradeState === 'SUCCESS' || tx.tradeState === 'REFUND') return wxError(400, 'ORDERPAID', '该订单已支付'); // status unconfirmed (docs/providers.md)
  if (tx.tradeState === 'USERPAYING') return wxError(429, 'FREQUENCY_LIMITED', '用户支付中，请稍后再关单');
  tx.tradeState = 'CLOSED';
  return { status: 204, body: undefined };
}

function refundView(r: WechatpayRefund) {
  return {
    refund_id: r.refundId,
    out_refund_no: r.outRefundNo,
    transaction_id: r.transactionId,
    out_trade_no: r.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(r.successTime ? { success_time: r.successTime } : {}),
    create_time: r.createTime,
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.total,
      refund: r.refund,
      payer_total: r.total,
      payer_refund: r.refund,
      settlement_refund: r.refund,
      settlement_total: r.total,
      discount_refund: 0,
      currency: 'CNY',
    },
  };
}

/** Accepted as PROCESSING; settled after the settle delay with a REFUND.* notification. Idempotent on out_refund_no. */
export function createRefund(ctx: SandboxContext, body: RefundBody): ProviderReply {
  const existing = ctx.state.wechatpayRefunds.get(body.out_refund_no);
  if (existing) {
    if (existing.outTradeNo !== body.out_trade_no || existing.refund !== body.amount.refund)
      return wxError(400, 'INVALID_REQUEST', 'out_refund_no 已用于另一笔退款');
    return { status: 200, body: refundView(existing) };
  }
  const tx = body.out_trade_no ? ctx.state.wechatpayTransactions.get(body.out_trade_no) : undefined;
  if (!tx) return wxError(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  if (tx.tradeState !== 'SUCCESS' && tx.tradeState !== 'REFUND') return wxError(403, 'NOT_ENOUGH', '订单未支付，不能退款');
  if (body.amount.currency !== 'CNY') return wxError(400, 'PARAM_ERROR', 'currency must be CNY');
  if (body.amount.total !== tx.total) return wxError(400, 'PARAM_ERROR', '订单金额与原订单金额不一致', { field: 'amount.total' });
  const refunded = tx.refunds.filter((r) => r.status !== 'CLOSED' && r.status !== 'ABNORMAL').reduce((n, r) => n + r.refund, 0);
  if (refunded + body.amount.refund > tx.total) return wxError(403, 'NOT_ENOUGH', '退款金额超过订单可退金额');
  const refund: WechatpayRefund = {
    refundId: newRefundId(),
    outRefundNo: body.out_refund_no,
    outTradeNo: tx.outTradeNo,
    transactionId: tx.transactionId!,
    refund: body.amount.refund,
    total: tx.total,
    reason: body.reason,
    notifyUrl: body.notify_url,
    status: 'PROCESSING',
    createTime: cstTimestamp(),
  };
  tx.refunds.push(refund);
  tx.tradeState = 'REFUND';
  ctx.state.wechatpayRefunds.set(refund.outRefundNo, refund);
  // An ABNORMAL (the shopper's account cannot take it back) or CLOSED outcome can be queued by the control surface.
  const outcome = ctx.state.wechatpayRefundOutcomes.shift() ?? 'SUCCESS';
  ctx.later(ctx.options.refundSettleDelayMs, () => {
    refund.status = outcome;
    if (outcome === 'SUCCESS') refund.successTime = cstTimestamp();
    notifyRefund(ctx, tx, refund);
  });
  return { status: 200, body: refundView(refund) };
}

export function queryRefund(ctx: SandboxContext, outRefundNo: string): ProviderReply {
  const refund = ctx.state.wechatpayRefunds.get(outRefundNo);
  return refund ? { status: 200, body: refundView(refund) } : wxError(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
}

/** Platform certificates, each AEAD-encrypted with the APIv3 key; public-key merchants have none (404). */
export function certificates(ctx: SandboxContext): ProviderReply {
  if (ctx.options.wechatpayMode !== 'certificate') return wxError(404, 'NOT_FOUND', '无可用的平台证书，请使用微信支付公钥验签');
  const cert = ctx.wechatpayKeys.certificate;
  return {
    status: 200,
    body: {
      data: [
        {
          serial_no: cert.serial,
          effective_time: cstTimestamp(cert.notBefore),
          expire_time: cstTimestamp(cert.notAfter),
          encrypt_certificate: encryptResource(ctx.options.credentials.wechatpayApiV3Key, SANDBOX_WECHATPAY_PLATFORM_CERT, 'certificate'),
        },
      ],
    },
  };
}

export type WechatpayShopperOutcome = 'approve' | 'cancel' | 'refuse' | 'paying';

/**
 * The shopper in the WeChat pay sheet. Paying sends TRANSACTION.SUCCESS; closing the sheet leaves the order
 * NOTPAY (the merchant closes it); a failed payment is PAYERROR, which WeChat does not notify.
 */
export function settleByShopper(ctx: SandboxContext, tx: WechatpayTransaction, outcome: WechatpayShopperOutcome, reportedAmount?: Money): void {
  if (outcome === 'paying') {
    tx.tradeState = 'USERPAYING';
    return;
  }
  if (outcome === 'cancel') {
    tx.tradeState = 'NOTPAY';
    return;
  }
  if (outcome === 'refuse') {
    tx.tradeState = 'PAYERROR';
    return;
  }
  tx.tradeState = 'SUCCESS';
  tx.transactionId = newTransactionId();
  tx.successTime = cstTimestamp().replace(/\.\d{3}/, '');
  if (reportedAmount) tx.reportedAmount = reportedAmount;
  notify(ctx, tx, 'TRANSACTION.SUCCESS', '支付成功', 'transaction', transactionView(tx), tx.notifyUrl);
}

function notifyRefund(ctx: SandboxContext, tx: WechatpayTransaction, r: WechatpayRefund): void {
  const resource = {
    mchid: tx.mchid,
    out_trade_no: tx.outTradeNo,
    transaction_id: tx.transactionId,
    out_refund_no: r.outRefundNo,
    refund_id: r.refundId,
    refund_status: r.status,
    ...(r.successTime ? { success_time: r.successTime } : {}),
    user_received_account: '支付用户零钱',
    amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
  };
  const summary = r.status === 'SUCCESS' ? '退款成功' : r.status === 'CLOSED' ? '退款关闭' : '退款异常';
  notify(ctx, tx, `REFUND.${r.status}`, summary, 'refund', resource, r.notifyUrl ?? tx.notifyUrl);
}

function notify(ctx: SandboxContext, tx: WechatpayTransaction, eventType: string, summary: string, originalType: string, resource: unknown, url: string): void {
  const body = {
    id: randomBytes(16)
      .toString('hex')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
    create_time: cstTimestamp().replace(/\.\d{3}/, ''),
    resource_type: 'encrypt-resource',
    event_type: eventType,
    summary,
    resource: { original_type: originalType, ...encryptResource(ctx.options.credentials.wechatpayApiV3Key, JSON.stringify(resource), originalType) },
  };
  const n = { provider: 'wechatpay' as const, type: eventType, url, body };
  tx.lastNotification = n;
  ctx.notifier.dispatch(n, tx.notifications);
}
