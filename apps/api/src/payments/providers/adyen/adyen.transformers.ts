import type { Money, PaymentStatus, RequestPaymentParams } from '@minipay/contracts';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { CurrencyNotSupportedError, MoneyConversionError } from '../money';
import { type NotificationEvent, WebhookPayloadError } from '../payment-provider';
import { fromAdyenAmount, toAdyenAmount } from './adyen-currency';
import type { NotificationRequestItem, PaymentsReply, ResultCode } from './adyen.wire';

/**
 * Adyen's wire ↔ our model (Hyperswitch's split of a connector from its transformers): result codes,
 * notification events, amounts and the wx.requestPayment data. Pure functions; the adapter keeps the calls.
 * Wire facts: docs/providers.md §4.
 */

/** What wx.requestPayment reports when we only want the current state (Adyen has no plain "get payment"). */
export const QUERY_PAYMENT_STATUS = 'requestPayment:query';

/**
 * One verified notification item → our event. Items of another merchant account (the HMAC key belongs to the
 * webhook, which the company's other accounts may share) are ignored before their amounts are read.
 */
export function notificationEventOf(item: NotificationRequestItem, merchantAccount: string): NotificationEvent {
  const success = item.success === 'true';
  // Adyen's documented dedupe key: the same pspReference + eventCode + success is the same event.
  const eventKey = `${item.pspReference}:${item.eventCode}:${item.success}`;
  // The HMAC key belongs to the webhook, which may be shared by the company's other merchant accounts (whose
  // currencies we may not take): theirs are ignored before their amounts are read.
  if (item.merchantAccountCode !== merchantAccount) {
    return { kind: 'ignored', eventKey, why: `merchant account ${item.merchantAccountCode} is not ours` };
  }
  let amount;
  try {
    amount = fromAdyenAmount(item.amount);
  } catch (error) {
    if (error instanceof MoneyConversionError) throw new WebhookPayloadError(error.message);
    throw error;
  }
  switch (item.eventCode) {
    case 'AUTHORISATION': {
      const status: PaymentStatus = success ? 'SUCCEEDED' : /cancel/i.test(item.reason ?? '') ? 'CANCELLED' : 'FAILED';
      return {
        kind: 'payment',
        eventKey,
        reference: item.merchantReference,
        providerPaymentId: item.pspReference,
        status,
        amount,
        failureReason: status === 'FAILED' ? (item.reason ?? 'Refused') : undefined,
      };
    }
    case 'REFUND':
      return {
        kind: 'refund',
        eventKey,
        providerPaymentId: item.originalReference,
        providerRefundId: item.pspReference,
        refundReference: item.merchantReference,
        status: success ? 'SUCCEEDED' : 'FAILED',
        amount,
      };
    case 'REFUND_FAILED':
    case 'REFUNDED_REVERSED':
      // A refund Adyen had accepted (or even reported successful) did not reach the shopper after all, or the
      // money came back: the refund is undone, and the amount is the merchant's again.
      return {
        kind: 'refund',
        eventKey,
        providerPaymentId: item.originalReference,
        providerRefundId: item.pspReference,
        refundReference: item.merchantReference,
        status: item.eventCode === 'REFUND_FAILED' ? 'FAILED' : 'REVERSED',
        amount,
      };
    case 'CANCELLATION':
      // A failed cancel (already authorised) changes nothing: the AUTHORISATION event carries the truth.
      if (!success) return { kind: 'ignored', eventKey, why: `cancellation refused: ${item.reason ?? 'no reason'}` };
      return {
        kind: 'payment',
        eventKey,
        // merchantReference is the modification's reference; the payment is found by originalReference.
        reference: item.merchantReference.replace(/^cancel-/, ''),
        providerPaymentId: item.originalReference,
        status: 'CANCELLED',
      };
    default:
      return { kind: 'ignored', eventKey, why: `unhandled eventCode ${item.eventCode}` };
  }
}

/** Our minor units → Adyen's; a currency or fraction Adyen cannot take is a 422 before any call, never a guess. */
export function toWireAmount(operation: string, amount: Money) {
  try {
    return toAdyenAmount(amount);
  } catch (error) {
    if (error instanceof MoneyConversionError) throw new CurrencyNotSupportedError(operation, error);
    throw error;
  }
}

/** Adyen's amount in a reply → ours; one we cannot read exactly makes the reply unusable. */
export function fromWireAmount(operation: string, amount: { value: number; currency: string }): Money {
  try {
    return fromAdyenAmount(amount);
  } catch (error) {
    if (error instanceof MoneyConversionError) throw new ProviderRejectedError(operation, 'CURRENCY', error.message);
    throw error;
  }
}

/**
 * The wx.requestPayment parameters of a /payments reply, untouched. Newer API versions put the WeChat data in
 * `action.data`; the older shape is `redirect.data`. appId is not a wx.requestPayment parameter.
 */
export function requestPaymentOf(reply: PaymentsReply): RequestPaymentParams {
  const sdk = reply.action?.data ?? reply.redirect?.data;
  if (!sdk) throw new ProviderRejectedError('adyen.create', 'NO_ACTION', `no wx.requestPayment data in the reply (resultCode ${reply.resultCode})`);
  const { appId: _appId, ...requestPayment } = sdk;
  return requestPayment satisfies RequestPaymentParams;
}

/**
 * Exhaustive: a result code added to ResultCode without a decision here is a compile error, never a silent
 * "pending".
 */
export function mapResultCode(code: ResultCode): PaymentStatus {
  switch (code) {
    case 'Authorised':
      return 'SUCCEEDED';
    case 'Refused':
    case 'Error':
      return 'FAILED';
    case 'Cancelled':
      return 'CANCELLED';
    case 'Pending':
    case 'Received':
    case 'RedirectShopper':
    case 'PresentToShopper':
    case 'IdentifyShopper':
    case 'ChallengeShopper':
    case 'AuthenticationFinished':
    case 'AuthenticationNotRequired':
      return 'PENDING';
    case 'PartiallyAuthorised':
      // Not a WeChat outcome; never paid in full, so not SUCCEEDED: the AUTHORISATION notification (with its
      // amount, checked against the order) settles it.
      return 'PENDING';
  }
}

export function parseReply<T>(operation: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProviderRejectedError(operation, 'UNEXPECTED_REPLY', 'reply does not match the Adyen Checkout format');
  return parsed.data;
}
