import type { SandboxShopperAction } from '@minipay/contracts';
import * as adyen from '../adyen/adyen.service';
import type { SandboxContext } from '../context';
import * as intents from '../intents/intents.service';
import * as wechatpay from '../wechatpay/wechatpay.service';
import { providerReference, type Money, type PaymentAttempt } from '../state';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const isFinal = (a: PaymentAttempt) =>
  a.provider === 'intents' ? a.status !== 'PENDING' : a.provider === 'wechatpay' ? !['NOTPAY', 'USERPAYING'].includes(a.tradeState) : a.status !== 'Pending';
const statusOf = (a: PaymentAttempt) => (a.provider === 'wechatpay' ? a.tradeState : a.status);

export function latestAttemptOrThrow(ctx: SandboxContext, merchantOrderId: string): PaymentAttempt {
  const attempt = ctx.state.latestAttempt(merchantOrderId);
  if (!attempt) throw new ControlError(404, 'PAYMENT_NOT_FOUND', `no payment attempt for merchant order ${merchantOrderId}`);
  return attempt;
}

export function summary(merchantOrderId: string, a: PaymentAttempt) {
  return { provider: a.provider, merchantOrderId, providerReference: providerReference(a), status: statusOf(a) };
}

/** What the shopper does in the WeChat payment sheet, applied to the order's latest attempt. */
export function applyShopperAction(ctx: SandboxContext, merchantOrderId: string, action: SandboxShopperAction | 'paying', reportedAmount?: Money) {
  const attempt = latestAttemptOrThrow(ctx, merchantOrderId);
  if (isFinal(attempt)) {
    throw new ControlError(409, 'PAYMENT_ALREADY_FINAL', `latest attempt ${providerReference(attempt)} is already ${statusOf(attempt)}`);
  }
  if (action === 'paying' && attempt.provider !== 'wechatpay')
    throw new ControlError(400, 'VALIDATION_FAILED', '"paying" (USERPAYING) exists only for wechatpay');
  if (attempt.provider === 'wechatpay') {
    // WeChat refuses to open the pay sheet for a prepay_id older than 2 hours.
    if (action !== 'cancel' && attempt.prepayExpiresAt <= Date.now())
      throw new ControlError(409, 'PREPAY_EXPIRED', `prepay_id of ${attempt.outTradeNo} has expired`);
    wechatpay.settleByShopper(ctx, attempt, action, reportedAmount);
  } else if (action === 'paying') {
    // unreachable: refused above
  } else if (attempt.provider === 'intents') {
    // The intents provider has no "refused" status: a refused payment closes like a cancelled one.
    if (action === 'approve') intents.approveIntent(ctx, attempt, reportedAmount);
    else intents.closeIntentByShopper(attempt);
  } else {
    const outcome = action === 'approve' ? 'Authorised' : action === 'refuse' ? 'Refused' : 'Cancelled';
    adyen.settleByShopper(ctx, attempt, outcome, reportedAmount);
  }
  return summary(merchantOrderId, attempt);
}

/** Sends the attempt's latest notification again (late / duplicate webhook tests). */
export function resendNotification(ctx: SandboxContext, merchantOrderId: string) {
  const attempt = latestAttemptOrThrow(ctx, merchantOrderId);
  if (!attempt.lastNotification) {
    throw new ControlError(409, 'NO_NOTIFICATION', `attempt ${providerReference(attempt)} has sent no notification yet`);
  }
  const record = ctx.notifier.dispatch(attempt.lastNotification, attempt.notifications);
  return { ...summary(merchantOrderId, attempt), notification: record.type };
}

export function describeAttempt(a: PaymentAttempt) {
  const common = {
    provider: a.provider,
    providerReference: providerReference(a),
    status: statusOf(a),
    createdAt: a.createdAt,
    notificationsSent: a.notifications.reduce((n, r) => n + r.delivered, 0),
    notifications: a.notifications,
  };
  if (a.provider === 'wechatpay') {
    return {
      ...common,
      providerId: a.transactionId ?? a.prepayId,
      prepayId: a.prepayId,
      amount: { value: a.total, currency: a.currency },
      reportedAmount: a.reportedAmount,
      refunds: a.refunds.map((r) => ({ refundId: r.refundId, outRefundNo: r.outRefundNo, amount: { value: r.refund, currency: 'CNY' }, status: r.status })),
    };
  }
  if (a.provider === 'intents') {
    return {
      ...common,
      providerId: a.orderId,
      amount: { value: a.amountMinor, currency: a.currency },
      reportedAmount: a.reportedAmount,
      refunds: a.refunds.map((r) => ({
        refundId: r.refundId,
        merchantRefundId: r.merchantRefundId,
        amount: { value: r.amountMinor, currency: r.currency },
        status: r.status,
      })),
    };
  }
  return {
    ...common,
    providerId: a.pspReference,
    amount: a.amount,
    reportedAmount: a.reportedAmount,
    refunds: a.modifications
      .filter((m) => m.kind === 'refund')
      .map((m) => ({ pspReference: m.pspReference, reference: m.reference, amount: m.amount, success: m.success, reason: m.reason })),
    cancels: a.modifications
      .filter((m) => m.kind === 'cancel')
      .map((m) => ({ pspReference: m.pspReference, reference: m.reference, success: m.success, reason: m.reason })),
  };
}
