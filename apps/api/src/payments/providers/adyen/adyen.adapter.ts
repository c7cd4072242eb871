// Deep imports of just the Checkout client: the package root loads every Adyen API (~0.4 s of cold start).
import type { Types } from '@adyen/api-library';
import Client from '@adyen/api-library/lib/src/client';
import { EnvironmentEnum } from '@adyen/api-library/lib/src/config';
import CheckoutAPI from '@adyen/api-library/lib/src/services/checkout';
import { Injectable } from '@nestjs/common';
import type { Money } from '@minipay/contracts';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerHttpOptions } from '../../../common/http/provider-http';
import { AppSettings } from '../../../config/app-config';
import {
  CreatedPayment,
  CreatePaymentInput,
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
import { verifyAdyenSignature, type AdyenSignedFields } from './adyen-hmac';
import { AdyenHttpClient } from './adyen-http-client';
import { fromWireAmount, mapResultCode, notificationEventOf, parseReply, QUERY_PAYMENT_STATUS, requestPaymentOf, toWireAmount } from './adyen.transformers';
import { DetailsReply, ModificationReply, NotificationBody, PaymentsReply, ResultCode } from './adyen.wire';

/**
 * Adapter for Adyen Checkout, WeChat Pay Mini Program, API-only (docs/providers.md §4), through the official
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
    this.http = new AdyenHttpClient(c.ADYEN_CHECKOUT_URL, c.ADYEN_API_KEY, providerHttpOptions(c));
    // TEST only selects the library's URL template: our client sends every call to ADYEN_CHECKOUT_URL,
    // which is what decides test vs live (a live URL carries the merchant's prefix).
    const client = new Client({ apiKey: c.ADYEN_API_KEY, environment: EnvironmentEnum.TEST, connectionTimeoutMillis: c.PROVIDER_TIMEOUT_MS }, this.http);
    this.checkout = new CheckoutAPI(client);
  }

  override assertChargeable(amount: Money): void {
    toWireAmount('adyen.create', amount);
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const c = this.settings.values;
    // The typings require returnUrl (for browser redirects); the Mini Program flow has none (docs/providers.md §4: Adyen sends
    // only these fields): the shopper pays in wx.requestPayment and we ask /payments/details afterwards.
    const request: Omit<Types.checkout.PaymentRequest, 'returnUrl'> = {
      merchantAccount: c.ADYEN_MERCHANT_ACCOUNT,
      amount: toWireAmount('adyen.create', input.amount),
      reference: input.reference,
      paymentMethod: {
        type: 'wechatpayMiniProgram' as Types.checkout.WeChatPayMiniProgramDetails.TypeEnum,
        openid: input.openid,
        appId: c.WECHAT_APP_ID,
      },
    };
    // Straight through our HTTP client, not the library's PaymentsApi: its model of the reply drops
    // `action.paymentData`, which /payments/details needs back.
    const raw = await this.http.post('/payments', request, input.idempotencyKey);
    const reply = parseReply('adyen.create', PaymentsReply, raw);
    if (reply.resultCode === 'Refused' || reply.resultCode === 'Error') {
      throw new ProviderRejectedError('adyen.create', reply.resultCode, reply.refusalReason ?? reply.resultCode);
    }
    return {
      providerPaymentId: reply.pspReference,
      requestPayment: requestPaymentOf(reply),
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
      amount: reply.amount ? fromWireAmount('adyen.details', reply.amount) : undefined,
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
        amount: toWireAmount('adyen.refund', input.amount),
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
      events: parsed.data.notificationItems.map(({ NotificationRequestItem: item }) => notificationEventOf(item, this.settings.values.ADYEN_MERCHANT_ACCOUNT)),
    };
  }
}
