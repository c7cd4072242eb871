import { unixSeconds } from '../clock';
import type { SandboxContext } from '../context';
import { newNonceStr, newPrepayId, newPspReference } from '../ids';
import { paySign } from '../intents/signing';
import type { ProviderReply } from '../provider-call';
import type { AdyenModification, AdyenPayment, AdyenStatus, Money } from '../state';
import type { ModificationBody, PaymentDetailsBody, PaymentRequestBody } from './adyen.schemas';
import { adyenError } from './errors';
import { adyenNotificationHmac, type AdyenNotificationRequestItem } from './hmac';

const PAYMENT_METHOD = 'wechatpayMiniProgram';

const invalidMerchantAccount = () => adyenError(403, '901', 'Invalid Merchant Account', 'security');

export function createPayment(ctx: SandboxContext, body: PaymentRequestBody, baseUrl: string): ProviderReply {
  const { adyenMerchantAccount, wechatAppId } = ctx.options.credentials;
  if (body.merchantAccount !== adyenMerchantAccount) return invalidMerchantAccount();
  // Adyen only settles Mini Program payments for the AppID registered with it (docs/providers.md §4).
  if (body.paymentMethod.appId !== wechatAppId) {
    return adyenError(422, '130', 'paymentMethod.appId is not configured for this merchant account');
  }
  const pspReference = newPspReference();
  // Opaque to the merchant, who sends it back with /payments/details; here it just names the payment.
  const paymentData = Buffer.from(JSON.stringify({ v: 1, psp: pspReference, n: newNonceStr() })).toString('base64');
  const sdk = { appId: body.paymentMethod.appId, timeStamp: String(unixSeconds()), nonceStr: newNonceStr(), package: `prepay_id=${newPrepayId()}` };
  const payment: AdyenPayment = {
    provider: 'adyen',
    seq: ctx.state.nextSeq(),
    pspReference,
    merchantReference: body.reference,
    merchantAccount: body.merchantAccount,
    amount: { value: body.amount.value, currency: body.amount.currency },
    openid: body.paymentMethod.openid,
    appId: body.paymentMethod.appId,
    paymentData,
    status: 'Pending',
    modifications: [],
    notifications: [],
    createdAt: new Date().toISOString(),
  };
  ctx.state.adyenPayments.set(pspReference, payment);
  return {
    status: 200,
    body: {
      pspReference,
      resultCode: 'Pending',
      merchantReference: body.reference,
      action: {
        type: 'redirect',
        paymentMethodType: PAYMENT_METHOD,
        method: 'GET',
        url: `${baseUrl}/__sandbox/adyen/redirect/${pspReference}`,
        paymentData,
        data: { ...sdk, signType: 'RSA', paySign: paySign(ctx.keys.privateKey, sdk) },
      },
    },
  };
}

/**
 * The result reflects the sandbox's state, whatever paymentStatus says: the wx.requestPayment errMsg is
 * only the client's hint ("fail cancel" is reported even for signature errors).
 * paymentData may be the opaque string from the action or, because the official library drops
 * action.paymentData when it deserialises a redirect action, the payment's pspReference.
 */
export function paymentDetails(ctx: SandboxContext, body: PaymentDetailsBody): ProviderReply {
  const payment = body.paymentData ? (ctx.state.adyenByPaymentData(body.paymentData) ?? ctx.state.adyenPayments.get(body.paymentData)) : undefined;
  if (!payment) return adyenError(422, '14_018', 'Invalid payload provided: unknown paymentData');
  return {
    status: 200,
    body: {
      pspReference: payment.pspReference,
      resultCode: payment.status,
      merchantReference: payment.merchantReference,
      amount: payment.reportedAmount ?? payment.amount,
      ...(payment.status === 'Refused' ? { refusalReason: payment.refusalReason ?? 'Refused' } : {}),
      paymentMethod: { type: PAYMENT_METHOD },
    },
  };
}

function findForModification(ctx: SandboxContext, psp: string, body: ModificationBody): AdyenPayment | ProviderReply {
  if (body.merchantAccount !== ctx.options.credentials.adyenMerchantAccount) return invalidMerchantAccount();
  const payment = ctx.state.adyenPayments.get(psp);
  return payment ?? adyenError(422, '167', 'Original pspReference required for this operation');
}

/** Accepted now, decided later: the outcome arrives only as a REFUND notification, as with Adyen. */
export function refundPayment(ctx: SandboxContext, psp: string, body: ModificationBody): ProviderReply {
  const found = findForModification(ctx, psp, body);
  if (!('provider' in found)) return found;
  const payment = found;
  if (!body.amount) return adyenError(422, '130', 'Required field amount is missing');
  const amount = body.amount;
  const mod: AdyenModification = {
    kind: 'refund',
    pspReference: newPspReference(),
    reference: body.reference,
    amount,
    success: false,
    createdAt: new Date().toISOString(),
  };
  payment.modifications.push(mod);
  ctx.later(ctx.options.refundSettleDelayMs, () => {
    const refunded = payment.modifications.filter((m) => m.kind === 'refund' && m.success).reduce((sum, m) => sum + m.amount.value, 0);
    if (payment.status !== 'Authorised') mod.reason = 'Payment is not authorised';
    else if (amount.currency !== payment.amount.currency) mod.reason = 'Currency mismatch';
    else if (refunded + amount.value > payment.amount.value) mod.reason = 'Refund amount exceeds the captured amount';
    mod.success = !mod.reason;
    notify(ctx, payment, {
      eventCode: 'REFUND',
      success: mod.success,
      pspReference: mod.pspReference,
      originalReference: payment.pspReference,
      merchantReference: mod.reference ?? payment.merchantReference,
      amount,
      reason: mod.reason,
    });
  });
  return {
    status: 201,
    body: {
      merchantAccount: body.merchantAccount,
      paymentPspReference: payment.pspReference,
      pspReference: mod.pspReference,
      reference: body.reference,
      amount,
      status: 'received',
    },
  };
}

export function cancelPayment(ctx: SandboxContext, psp: string, body: ModificationBody): ProviderReply {
  const found = findForModification(ctx, psp, body);
  if (!('provider' in found)) return found;
  const payment = found;
  const mod: AdyenModification = {
    kind: 'cancel',
    pspReference: newPspReference(),
    reference: body.reference,
    amount: payment.amount,
    success: false,
    createdAt: new Date().toISOString(),
  };
  payment.modifications.push(mod);
  // Decided when processed, not when requested: the shopper may still pay in between.
  ctx.later(ctx.options.refundSettleDelayMs, () => {
    if (payment.status === 'Pending') payment.status = 'Cancelled';
    if (payment.status === 'Authorised') mod.reason = 'Payment already authorised';
    else if (payment.status === 'Refused') mod.reason = 'Payment was refused';
    mod.success = !mod.reason;
    notify(ctx, payment, {
      eventCode: 'CANCELLATION',
      success: mod.success,
      pspReference: mod.pspReference,
      originalReference: payment.pspReference,
      merchantReference: mod.reference ?? payment.merchantReference,
      amount: payment.amount,
      reason: mod.reason,
    });
  });
  return {
    status: 201,
    body: {
      merchantAccount: body.merchantAccount,
      paymentPspReference: payment.pspReference,
      pspReference: mod.pspReference,
      reference: body.reference,
      status: 'received',
    },
  };
}

export type ShopperOutcome = Extract<AdyenStatus, 'Authorised' | 'Refused' | 'Cancelled'>;

/** The shopper's action in WeChat, reported by Adyen as an AUTHORISATION notification. */
export function settleByShopper(ctx: SandboxContext, payment: AdyenPayment, outcome: ShopperOutcome, reportedAmount?: Money): void {
  payment.status = outcome;
  if (reportedAmount) payment.reportedAmount = reportedAmount;
  if (outcome === 'Refused') payment.refusalReason = 'Refused';
  notify(ctx, payment, {
    eventCode: 'AUTHORISATION',
    success: outcome === 'Authorised',
    pspReference: payment.pspReference,
    merchantReference: payment.merchantReference,
    amount: payment.reportedAmount ?? payment.amount,
    reason: outcome === 'Authorised' ? undefined : outcome,
  });
}

function notify(
  ctx: SandboxContext,
  payment: AdyenPayment,
  e: { eventCode: string; success: boolean; pspReference: string; originalReference?: string; merchantReference: string; amount: Money; reason?: string },
): void {
  const { adyenMerchantAccount, adyenHmacKey } = ctx.options.credentials;
  const item: AdyenNotificationRequestItem = {
    eventCode: e.eventCode,
    success: e.success ? 'true' : 'false',
    pspReference: e.pspReference,
    ...(e.originalReference ? { originalReference: e.originalReference } : {}),
    merchantAccountCode: adyenMerchantAccount,
    merchantReference: e.merchantReference,
    amount: { value: e.amount.value, currency: e.amount.currency },
    eventDate: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    ...(e.reason ? { reason: e.reason } : {}),
    paymentMethod: PAYMENT_METHOD,
  };
  item.additionalData = { hmacSignature: adyenNotificationHmac(adyenHmacKey, item) };
  const n = {
    provider: 'adyen' as const,
    type: `${e.eventCode}:${item.success}`,
    body: { live: 'false', notificationItems: [{ NotificationRequestItem: item }] },
  };
  payment.lastNotification = n;
  ctx.notifier.dispatch(n, payment.notifications);
}
