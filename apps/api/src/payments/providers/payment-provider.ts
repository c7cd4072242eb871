import type { Money, PaymentStatus, ProviderName, RequestPaymentParams } from '@minipay/contracts';
import { DomainError } from '../../common/errors/domain-error';

/**
 * The one interface every payment provider adapter implements. Each adapter owns its wire types,
 * authentication, money conversion and status mapping: nothing outside it sees a provider's field names.
 * Methods name the payment's life (Medusa's provider shape): create → query → cancel / refund, and a
 * notification hook that turns a provider's webhook into verified, typed events.
 */
export abstract class PaymentProvider {
  abstract readonly name: ProviderName;

  /** Creates the provider's payment for one attempt; idempotent on `reference`. */
  abstract createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;

  /** The provider's current view of an attempt (the source of truth for our state). */
  abstract queryPayment(input: PaymentLocator): Promise<PaymentSnapshot>;

  /** Closes an unpaid attempt. If the provider says it was paid meanwhile, the snapshot says SUCCEEDED. */
  abstract cancelPayment(input: PaymentLocator): Promise<PaymentSnapshot>;

  /** Starts a refund; its outcome may arrive later through a notification or a refund query. */
  abstract refundPayment(input: RefundInput): Promise<RefundSnapshot>;

  abstract queryRefund(input: RefundLocator): Promise<RefundSnapshot>;

  /**
   * Verifies a notification's authenticity from the RAW body and headers, then parses it.
   * Throws WebhookVerificationError (→ 401) or WebhookPayloadError (→ 400). Pure: no I/O.
   */
  abstract parseNotification(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now?: Date): ProviderNotification;

  /**
   * Throws CurrencyNotSupportedError (422 CURRENCY_NOT_SUPPORTED) when this adapter cannot charge `amount` exactly
   * in the provider's unit (docs/providers.md §7). Pure, no I/O: callers may check before creating an order or an
   * attempt. createPayment and refundPayment refuse such an amount anyway, before any call; this default accepts
   * everything, adapters with a currency table override it.
   */
  assertChargeable(_amount: Money): void {}
}

export interface CreatePaymentInput {
  reference: string;
  merchantOrderId: string;
  amount: Money;
  description: string;
  openid: string;
  notifyUrl: string;
  /** Sent as the provider's idempotency key where it has one. */
  idempotencyKey: string;
}

export interface CreatedPayment {
  providerPaymentId: string;
  requestPayment: RequestPaymentParams;
  status: PaymentStatus;
  /** Opaque data the adapter needs on later calls (kept server-side). */
  providerData?: Record<string, string>;
}

export interface PaymentLocator {
  reference: string;
  providerPaymentId: string | null;
  providerData: Record<string, string> | null;
  /** What wx.requestPayment reported, when the shopper's client told us (a hint for the provider only). */
  clientResult?: string;
}

export interface PaymentSnapshot {
  /** False when the provider has no payment for this reference (e.g. a create that never arrived). */
  found: boolean;
  status: PaymentStatus;
  providerPaymentId?: string;
  amount?: Money;
  paidAt?: Date;
  failureReason?: string;
}

export interface RefundInput {
  payment: PaymentLocator;
  refundReference: string;
  amount: Money;
  reason: string;
}

export interface RefundLocator {
  payment: PaymentLocator;
  refundReference: string;
  providerRefundId: string | null;
}

/** REVERSED: a refund that had succeeded came back to the merchant (Adyen REFUNDED_REVERSED). */
export type RefundStatus = 'PENDING' | 'SUCCEEDED' | 'FAILED' | 'REVERSED';

export interface RefundSnapshot {
  status: RefundStatus;
  providerRefundId?: string;
  amount?: Money;
  failureReason?: string;
}

export type NotificationEvent =
  | {
      kind: 'payment';
      /** The provider's identity of this event: the inbox's dedupe key. */
      eventKey: string;
      reference: string;
      providerPaymentId?: string;
      /** Set when the event itself states an outcome (Adyen); absent when it must be confirmed by a query. */
      status?: PaymentStatus;
      amount?: Money;
      failureReason?: string;
    }
  | {
      kind: 'refund';
      eventKey: string;
      reference?: string;
      providerPaymentId?: string;
      refundReference?: string;
      providerRefundId?: string;
      status?: RefundStatus;
      amount?: Money;
    }
  | { kind: 'ignored'; eventKey: string; why: string };

export interface ProviderNotification {
  events: NotificationEvent[];
  /** What to answer the provider once the events are stored (Adyen wants "[accepted]"). */
  acknowledgement: { contentType: string; body: string };
}

export class WebhookVerificationError extends Error {
  constructor(readonly reason: string) {
    super(`webhook signature rejected: ${reason}`);
    this.name = 'WebhookVerificationError';
  }
}

export class WebhookPayloadError extends Error {
  constructor(readonly reason: string) {
    super(`webhook payload rejected: ${reason}`);
    this.name = 'WebhookPayloadError';
  }
}

/** DI token for the adapter chosen by PAYMENT_PROVIDER. */
export const ACTIVE_PAYMENT_PROVIDER = Symbol('ACTIVE_PAYMENT_PROVIDER');
/** DI token for every configured adapter, keyed by name (webhooks of any provider are accepted). */
export const PAYMENT_PROVIDERS = Symbol('PAYMENT_PROVIDERS');
export type PaymentProviderMap = ReadonlyMap<ProviderName, PaymentProvider>;

/** The adapter that owns an existing payment (which may predate a change of PAYMENT_PROVIDER). */
export function providerOf(providers: PaymentProviderMap, name: ProviderName): PaymentProvider {
  const provider = providers.get(name);
  // Every adapter is always registered; this guards a payment row from a provider removed since.
  if (!provider) throw new ProviderNotConfiguredError(name);
  return provider;
}

export class ProviderNotConfiguredError extends DomainError {
  constructor(provider: string) {
    super('PROVIDER_UNAVAILABLE', `Provider ${provider} is not configured`, { details: { provider }, retryable: true });
  }
}
