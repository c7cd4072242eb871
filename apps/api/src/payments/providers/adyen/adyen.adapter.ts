// Deep imports of just the Checkout client: the package root loads every Adyen API (~0.4 s of cold start).
import type { Types } from '@adyen/api-library';
import Client from '@adyen/api-library/lib/src/client';
import { EnvironmentEnum } from '@adyen/api-library/lib/src/config';
import CheckoutAPI from '@adyen/api-library/lib/src/services/checkout';
import { Injectable } from '@nestjs/common';
import type { Money, PaymentStatus, RequestPaymentParams } from '@minipay/contracts';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerHttpOptions } from '../../../common/http/provider-http';
import { AppSettings } from '../../../config/app-config';
import {
  CreatedPayment,
  CreatePaymentInput,
  NotificationEvent,
  PaymentLocator,
  PaymentProvider,
  PaymentSnapshot,
  ProviderNotification,
  RefundInput,
  RefundLocator,
  RefundSnapshot,
  WebhookPayloadError,
  WebhookVerificationError,
} from '../payment-provider';
import { CurrencyNotSupportedError, MoneyConversionError } from '../money';
import { fromAdyenAmount, toAdyenAmount } from './adyen-currency';
import { verifyAdyenSignature, type AdyenSignedFields } from './adyen-hmac';
import { AdyenHttpClient } from './adyen-http-client';
import { DetailsReply, ModificationReply, NotificationBody, NotificationRequestItem, PaymentsReply, ResultCode } from './adyen.wire';

/** What wx.requestPayment reports when we only want the current state (Adyen has no plain "get payment"). */
export const QUERY_PAYMENT_STATUS = 'requestPayment:query';

/**
 * Adapter for Adyen Checkout, WeChat Pay Mini Program, API-only (seed 003), through the official
 * `@adyen/api-library` with our own HTTP client (timeouts, retries, loopback sandbox).
 */
@Injectable()
export class AdyenPaymentProvider extends PaymentProvider {
  readonly name = 'adyen' as const;
  private readonly checkout: CheckoutAPI;
  private readonly http: AdyenHttpClient;

  constructor(private readonly settings: AppSettings) {
    super();
    const c = settings.values;
    this.http = new AdyenHttpClient(c.ADYEN_CHECKOUT_URL, providerHttpOptions(c));
    // TEST only selects the library's URL template: our client sends every call to ADYEN_CHECKOUT_URL,
    // which is what decides test vs live (a live URL carries the merchant's prefix).
    const client = new Client({ apiKey: c.ADYEN_API_KEY, environment: EnvironmentEnum.TEST, connectionTimeoutMillis: c.PROVIDER_TIMEOUT_MS }, this.http);
    this.checkout = new CheckoutAPI(client);
  }

  override assertChargeable(amount: Money): void {
    this.wireAmount('adyen.create', amount);
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const c = this.settings.values;
    // The typings require returnUrl (for browser redirects); the Mini Program flow has none (seed 003 sends
    // only these fields): the shopper pays in wx.requestPayment and we ask /payments/details afterwards.
    const request: Omit<Types.checkout.PaymentRequest, 'returnUrl'> = {
      merchantAccount: c.ADYEN_MERCHANT_ACCOUNT,
      amount: this.wireAmount('adyen.create', input.amount),
      reference: input.reference,
      paymentMethod: {
        type: 'wechatpayMiniProgram' as Types.checkout.WeChatPayMiniProgramDetails.TypeEnum,
        openid: input.openid,
        appId: c.WECHAT_APP_ID,
      },
    };
    let raw: unknown;
    try {
      const typed = await this.checkout.PaymentsApi.payments(request as Types.checkout.PaymentRequest, { idempotencyKey: input.idempotencyKey });
      // Read the wire reply, not the library's model of it, which drops `action.paymentData`.
      raw = this.http.takeRawReply(input.idempotencyKey) ?? typed;
    } finally {
      this.http.takeRawReply(input.idempotencyKey);
    }
    const reply = parseReply('adyen.create', PaymentsReply, raw);
    if (reply.resultCode === 'Refused' || reply.resultCode === 'Error') {
      throw new ProviderRejectedError('adyen.create', reply.resultCode, reply.refusalReason ?? reply.resultCode);
    }
    // Newer API versions put the WeChat data in `action.data`; the seed's (older) shape is `redirect.data`.
    const sdk = reply.action?.data ?? reply.redirect?.data;
    if (!sdk) throw new ProviderRejectedError('adyen.create', 'NO_ACTION', `no wx.requestPayment data in the reply (resultCode ${reply.resultCode})`);
    // appId is not a wx.requestPayment parameter: pass through only what it takes, untouched.
    const { appId: _appId, ...requestPayment } = sdk;
    return {
      providerPaymentId: reply.pspReference,
      requestPayment: requestPayment satisfies RequestPaymentParams,
      status: 'PENDING',
      // /payments/details needs the action's paymentData (kept server-side). Should a reply carry none, the
      // pspReference is sent instead (the sandbox resolves either).
      providerData: { paymentData: reply.action?.paymentData ?? reply.pspReference },
    };
  }

  /**
   * Adyen has no plain "get payment": the current state comes from `/payments/details` with the stored
   * paymentData and the client's wx.requestPayment errMsg as `details.paymentStatus` (or the neutral
   * 'requestPayment:query' when no client spoke). Adyen answers from its own state, not from that hint.
   * Without a pspReference (the create timed out) there is nothing to look up: found=false makes the
   * service re-send the create with the SAME Idempotency-Key, which replays the original reply instead of
   * opening a second payment.
   */
  async queryPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const paymentData = input.providerData?.paymentData ?? input.providerPaymentId;
    if (!paymentData) return { found: false, status: 'PENDING' };
    const raw = await this.checkout.PaymentsApi.paymentsDetails({
      details: { paymentStatus: input.clientResult ?? QUERY_PAYMENT_STATUS },
      paymentData,
    });
    const reply = parseReply('adyen.details', DetailsReply, raw);
    const resultCode = ResultCode.safeParse(reply.resultCode);
    if (!resultCode.success) throw new ProviderRejectedError('adyen.details', reply.resultCode, `unknown resultCode ${reply.resultCode}`);
    const status = mapResultCode(resultCode.data);
    return {
      found: true,
      status,
      providerPaymentId: reply.pspReference ?? input.providerPaymentId ?? undefined,
      amount: reply.amount ? this.ourAmount('adyen.details', reply.amount) : undefined,
      failureReason: status === 'FAILED' ? (reply.refusalReason ?? reply.resultCode) : undefined,
    };
  }

  /**
   * Adyen accepts a cancel ("received") and decides it later (CANCELLATION notification). The snapshot is
   * therefore read back with a details call: if the shopper paid meanwhile it says SUCCEEDED; otherwise the
   * attempt is closed on our side (a late AUTHORISATION success may still correct CANCELLED → SUCCEEDED).
   */
  async cancelPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const psp = input.providerPaymentId;
    if (!psp) return { found: false, status: 'CANCELLED' };
    const raw = await this.checkout.ModificationsApi.cancelAuthorisedPaymentByPspReference(
      psp,
      { merchantAccount: this.settings.values.ADYEN_MERCHANT_ACCOUNT, reference: `cancel-${input.reference}` },
      { idempotencyKey: `cancel-${input.reference}` },
    );
    parseReply('adyen.cancel', ModificationReply, raw);
    const after = await this.queryPayment(input);
    if (after.status === 'SUCCEEDED' || after.status === 'FAILED') return after;
    return { ...after, found: true, status: 'CANCELLED' };
  }

  /** Accepted now; the outcome arrives as a REFUND notification. */
  async refundPayment(input: RefundInput): Promise<RefundSnapshot> {
    const psp = input.payment.providerPaymentId;
    if (!psp) throw new ProviderRejectedError('adyen.refund', 'NO_PSP_REFERENCE', `attempt ${input.payment.reference} has no pspReference`);
    const raw = await this.checkout.ModificationsApi.refundCapturedPayment(
      psp,
      {
        merchantAccount: this.settings.values.ADYEN_MERCHANT_ACCOUNT,
        amount: this.wireAmount('adyen.refund', input.amount),
        reference: input.refundReference,
      },
      { idempotencyKey: input.refundReference },
    );
    const reply = parseReply('adyen.refund', ModificationReply, raw);
    return { status: 'PENDING', providerRefundId: reply.pspReference, amount: input.amount };
  }

  /** Adyen has no refund query: a refund stays PENDING until its REFUND notification arrives. */
  async queryRefund(input: RefundLocator): Promise<RefundSnapshot> {
    return { status: 'PENDING', providerRefundId: input.providerRefundId ?? undefined };
  }

  parseNotification(rawBody: Buffer, _headers: Record<string, string | string[] | undefined>): ProviderNotification {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body is not JSON');
    }
    const rawItems = (json as { notificationItems?: unknown })?.notificationItems;
    if (!Array.isArray(rawItems) || rawItems.length === 0) throw new WebhookPayloadError('no notificationItems');
    // Every item is verified before any is used: one forged item rejects the whole delivery.
    for (const [index, wrapper] of rawItems.entries()) {
      const item = (wrapper as { NotificationRequestItem?: AdyenSignedFields & { additionalData?: Record<string, unknown> } })?.NotificationRequestItem;
      if (!item || typeof item !== 'object') throw new WebhookPayloadError(`item ${index} has no NotificationRequestItem`);
      const signature = item.additionalData?.hmacSignature;
      if (typeof signature !== 'string' || signature === '') throw new WebhookVerificationError(`item ${index} has no hmacSignature`);
      if (!verifyAdyenSignature(item, signature, this.settings.values.ADYEN_HMAC_KEYS)) throw new WebhookVerificationError(`item ${index} signature mismatch`);
    }
    const parsed = NotificationBody.safeParse(json);
    if (!parsed.success) throw new WebhookPayloadError('not an Adyen standard notification');
    return {
      acknowledgement: { contentType: 'text/plain', body: '[accepted]' },
      events: parsed.data.notificationItems.map(({ NotificationRequestItem: item }) => this.eventOf(item)),
    };
  }

  private eventOf(item: NotificationRequestItem): NotificationEvent {
    const success = item.success === 'true';
    // Adyen's documented dedupe key: the same pspReference + eventCode + success is the same event.
    const eventKey = `${item.pspReference}:${item.eventCode}:${item.success}`;
    // The HMAC key belongs to the webhook, which may be shared by the company's other merchant accounts (whose
    // currencies we may not take): theirs are ignored before their amounts are read.
    if (item.merchantAccountCode !== this.settings.values.ADYEN_MERCHANT_ACCOUNT) {
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

  private wireAmount(operation: string, amount: { value: number; currency: string }) {
    try {
      return toAdyenAmount(amount);
    } catch (error) {
      // Before any call: a currency or fraction Adyen cannot take is a 422, never a guess.
      if (error instanceof MoneyConversionError) throw new CurrencyNotSupportedError(operation, error);
      throw error;
    }
  }

  private ourAmount(operation: string, amount: { value: number; currency: string }) {
    try {
      return fromAdyenAmount(amount);
    } catch (error) {
      if (error instanceof MoneyConversionError) throw new ProviderRejectedError(operation, 'CURRENCY', error.message);
      throw error;
    }
  }
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

function parseReply<T>(operation: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProviderRejectedError(operation, 'UNEXPECTED_REPLY', 'reply does not match the Adyen Checkout format');
  return parsed.data;
}
