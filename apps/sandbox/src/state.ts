/** Everything the sandbox remembers, in memory; `reset()` forgets it all. */

export type ProviderName = 'intents' | 'adyen' | 'wechatpay';

export interface Money {
  /** Integer minor units. */
  value: number;
  currency: string;
}

export type NotificationOutcome = 'pending' | 'delivered' | 'failed' | 'dropped' | 'undeliverable';

/** One logical notification (a duplicate-fault copy or a resend is counted inside it). */
export interface NotificationRecord {
  type: string;
  url?: string;
  createdAt: string;
  /** HTTP POSTs made for it, retries and copies included. */
  attempts: number;
  /** POSTs the receiver answered with 2xx. */
  delivered: number;
  outcome: NotificationOutcome;
  lastStatus?: number;
  lastError?: string;
}

export type IntentStatus = 'PENDING' | 'SUCCEEDED' | 'CANCELLED';
export type IntentRefundStatus = 'PROCESSING' | 'SUCCEEDED';

export interface IntentRefund {
  refundId: string;
  merchantRefundId: string;
  orderId: string;
  amount: string;
  amountMinor: number;
  currency: string;
  reason?: string;
  status: IntentRefundStatus;
  createTime: string;
}

export interface IntentAttempt {
  provider: 'intents';
  seq: number;
  orderId: string;
  merchantOrderId: string;
  /** The amount string exactly as the merchant sent it. */
  amount: string;
  amountMinor: number;
  currency: string;
  description: string;
  subAppid: string;
  subOpenid: string;
  notifyUrl?: string;
  status: IntentStatus;
  createTime: string;
  payTime?: string;
  /** Set by the control surface to make the provider report a different amount (mismatch tests). */
  reportedAmount?: Money;
  nextAction: unknown;
  refunds: IntentRefund[];
  notifications: NotificationRecord[];
  lastNotification?: OutboundNotification;
  createdAt: string;
}

export type AdyenStatus = 'Pending' | 'Authorised' | 'Refused' | 'Cancelled';

export interface AdyenModification {
  kind: 'refund' | 'cancel';
  pspReference: string;
  reference?: string;
  amount: Money;
  success: boolean;
  reason?: string;
  createdAt: string;
}

export interface AdyenPayment {
  provider: 'adyen';
  seq: number;
  pspReference: string;
  merchantReference: string;
  merchantAccount: string;
  amount: Money;
  reportedAmount?: Money;
  openid: string;
  appId: string;
  paymentData: string;
  status: AdyenStatus;
  refusalReason?: string;
  modifications: AdyenModification[];
  notifications: NotificationRecord[];
  lastNotification?: OutboundNotification;
  createdAt: string;
}

export type WechatpayTradeState = 'NOTPAY' | 'USERPAYING' | 'SUCCESS' | 'CLOSED' | 'PAYERROR' | 'REFUND' | 'REVOKED';
export type WechatpayRefundStatus = 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';

export interface WechatpayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  /** fen */
  refund: number;
  total: number;
  reason?: string;
  notifyUrl?: string;
  status: WechatpayRefundStatus;
  createTime: string;
  successTime?: string;
}

/** A WeChat Pay v3 JSAPI order, keyed by the merchant's out_trade_no. */
export interface WechatpayTransaction {
  provider: 'wechatpay';
  seq: number;
  outTradeNo: string;
  appid: string;
  mchid: string;
  description: string;
  notifyUrl: string;
  /** fen */
  total: number;
  currency: string;
  openid: string;
  prepayId: string;
  /** A prepay_id is valid for 2 hours (epoch ms). */
  prepayExpiresAt: number;
  tradeState: WechatpayTradeState;
  transactionId?: string;
  successTime?: string;
  reportedAmount?: Money;
  refunds: WechatpayRefund[];
  notifications: NotificationRecord[];
  lastNotification?: OutboundNotification;
  createdAt: string;
}

export type PaymentAttempt = IntentAttempt | AdyenPayment | WechatpayTransaction;

/** What the notifier needs to (re)send a notification; signing happens per POST. */
export interface OutboundNotification {
  provider: ProviderName;
  type: string;
  /** Intents: the intent's notify_url. Adyen: resolved at send time from the configured webhook URL. */
  url?: string;
  body: unknown;
}

export interface CallLogEntry {
  scope: string;
  operation: string;
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface WechatCode {
  openid: string;
  expiresAt: number;
  usedAt?: number;
}

export interface IdempotentReply {
  fingerprint: string;
  status: number;
  body: unknown;
}

export class SandboxState {
  wechatCodes = new Map<string, WechatCode>();
  /** Stable session per openid would be overkill: every login mints a new session_key, like WeChat. */
  intentTokens = new Map<string, number>();
  intents = new Map<string, IntentAttempt>();
  intentRefunds = new Map<string, IntentRefund>();
  adyenPayments = new Map<string, AdyenPayment>();
  adyenIdempotency = new Map<string, IdempotentReply>();
  wechatpayTransactions = new Map<string, WechatpayTransaction>();
  wechatpayRefunds = new Map<string, WechatpayRefund>();
  /** Outcomes the next WeChat Pay refunds settle with (control surface); empty = SUCCESS. */
  wechatpayRefundOutcomes: WechatpayRefundStatus[] = [];
  calls: CallLogEntry[] = [];
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  intentByMerchantOrderId(merchantOrderId: string): IntentAttempt | undefined {
    for (const intent of this.intents.values()) if (intent.merchantOrderId === merchantOrderId) return intent;
    return undefined;
  }

  adyenByPaymentData(paymentData: string): AdyenPayment | undefined {
    for (const p of this.adyenPayments.values()) if (p.paymentData === paymentData) return p;
    return undefined;
  }

  /**
   * Every attempt for an order, oldest first. The API gives each attempt its own provider reference
   * `${merchantOrderId}-${n}`, so both the bare id and any `${id}-…` reference belong to the order.
   */
  attemptsFor(merchantOrderId: string): PaymentAttempt[] {
    const matches = (ref: string) => ref === merchantOrderId || ref.startsWith(merchantOrderId + '-');
    const all: PaymentAttempt[] = [
      ...[...this.intents.values()].filter((i) => matches(i.merchantOrderId)),
      ...[...this.adyenPayments.values()].filter((p) => matches(p.merchantReference)),
      ...[...this.wechatpayTransactions.values()].filter((t) => matches(t.outTradeNo)),
    ];
    return all.sort((a, b) => a.seq - b.seq);
  }

  latestAttempt(merchantOrderId: string): PaymentAttempt | undefined {
    return this.attemptsFor(merchantOrderId).at(-1);
  }

  logCall(entry: CallLogEntry): CallLogEntry {
    this.calls.push(entry);
    return entry;
  }

  reset(): void {
    this.wechatCodes.clear();
    this.intentTokens.clear();
    this.intents.clear();
    this.intentRefunds.clear();
    this.adyenPayments.clear();
    this.adyenIdempotency.clear();
    this.wechatpayTransactions.clear();
    this.wechatpayRefunds.clear();
    this.wechatpayRefundOutcomes = [];
    this.calls = [];
  }
}

export const providerReference = (a: PaymentAttempt) =>
  a.provider === 'intents' ? a.merchantOrderId : a.provider === 'wechatpay' ? a.outTradeNo : a.merchantReference;
