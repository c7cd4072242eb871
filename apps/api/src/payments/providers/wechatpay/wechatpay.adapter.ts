import { Injectable, Logger } from '@nestjs/common';
import type { Money } from '@minipay/contracts';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { providerHttpOptions } from '../../../common/http/provider-http';
import { AppSettings } from '../../../config/app-config';
import type {
  CreatedPayment,
  CreatePaymentInput,
  NotificationEvent,
  PaymentLocator,
  PaymentSnapshot,
  ProviderNotification,
  RefundInput,
  RefundLocator,
  RefundSnapshot,
} from '../payment-provider';
import { PaymentProvider, WebhookPayloadError, WebhookVerificationError } from '../payment-provider';
import { CurrencyNotSupportedError, MoneyConversionError } from '../money/money-errors';
import { AeadDecryptionError, decryptResource } from './wechatpay-aead';
import { verifyReply, wechatpayFetch, type WechatpayHttpConfig, type WechatpayReply } from './wechatpay-http';
import { newNonce, paySign, parsePrivateKey } from './wechatpay-signing';
import { parsePlatformCertificate, PUBLIC_KEY_ID_PREFIX, verifyWechatpaySignature, WechatpayKeySet, WechatpaySignatureError } from './wechatpay-verify';
import {
  API_PATHS,
  CertificatesReply,
  ErrorReply,
  fromFen,
  type JsapiPrepayBody,
  mapRefundStatus,
  mapTradeState,
  NotificationEnvelope,
  PrepayReply,
  type RefundBody,
  RefundReply,
  RefundResource,
  toFen,
  Transaction,
  WECHATPAY_CURRENCY,
} from './wechatpay.wire';

/** Platform certificates are re-downloaded this often, and whenever an unknown serial shows up. */
const CERTIFICATE_REFRESH_MS = 12 * 3600_000;

/**
 * WeChat Pay API v3, direct merchant, JSAPI (mini program) payments (docs/providers.md, WeChat Pay v3).
 * This class is the HTTP glue; signing, verification and decryption are the pure functions beside it.
 */
@Injectable()
export class WechatpayPaymentProvider extends PaymentProvider {
  readonly name = 'wechatpay' as const;
  private readonly logger = new Logger('WechatpayProvider');
  private readonly http: WechatpayHttpConfig;
  private readonly keys: WechatpayKeySet;
  private certificatesLoadedAt = 0;
  private certificateLoad: Promise<void> | null = null;

  constructor(private readonly settings: AppSettings) {
    super();
    const c = settings.values;
    this.http = {
      baseUrl: c.WECHATPAY_BASE_URL,
      mchid: c.WECHATPAY_MCHID,
      serialNo: c.WECHATPAY_MERCHANT_SERIAL_NO,
      privateKey: parsePrivateKey(c.WECHATPAY_MERCHANT_PRIVATE_KEY, 'WECHATPAY_MERCHANT_PRIVATE_KEY'),
      http: providerHttpOptions(c),
    };
    this.keys =
      c.WECHATPAY_PUBLIC_KEY_ID && c.WECHATPAY_PUBLIC_KEY
        ? new WechatpayKeySet({ id: c.WECHATPAY_PUBLIC_KEY_ID, key: WechatpayKeySet.publicKeyFromPem(c.WECHATPAY_PUBLIC_KEY, 'WECHATPAY_PUBLIC_KEY') })
        : new WechatpayKeySet();
  }

  /** Public-key mode when a WeChat Pay public key is configured, else platform-certificate mode. */
  get mode(): 'public_key' | 'certificate' {
    return this.keys.hasPublicKey ? 'public_key' : 'certificate';
  }

  async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
    const c = this.settings.values;
    const total = this.fen(input.amount, 'wechatpay.create');
    const body: JsapiPrepayBody = {
      appid: c.WECHAT_APP_ID,
      mchid: c.WECHATPAY_MCHID,
      description: input.description.slice(0, 127),
      out_trade_no: input.reference,
      notify_url: input.notifyUrl,
      amount: { total, currency: WECHATPAY_CURRENCY },
      payer: { openid: input.openid },
    };
    const reply = await this.call('wechatpay.create', 'POST', API_PATHS.jsapi, body);
    if (reply.status !== 200) throw this.rejection('wechatpay.create', reply);
    const { prepay_id } = PrepayReply.parse(reply.json);
    const sdk = { appId: c.WECHAT_APP_ID, timeStamp: String(Math.floor(Date.now() / 1000)), nonceStr: newNonce(), package: `prepay_id=${prepay_id}` };
    // appId is signed but is not a wx.requestPayment parameter (the mini program's own appid is used).
    const requestPayment = {
      timeStamp: sdk.timeStamp,
      nonceStr: sdk.nonceStr,
      package: sdk.package,
      signType: 'RSA' as const,
      paySign: paySign(sdk, this.http.privateKey),
    };
    // A refund must repeat the order total, so it is kept with the payment.
    // WeChat's own id of the payment, transaction_id, exists only once it is paid; the prepay_id is its id now.
    // Snapshots and events therefore name no providerPaymentId: out_trade_no (our reference) is the key.
    return { providerPaymentId: prepay_id, status: 'PENDING', requestPayment, providerData: { total: String(total) } };
  }

  async queryPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const path = `${API_PATHS.byOutTradeNo(input.reference)}?mchid=${encodeURIComponent(this.http.mchid)}`;
    const reply = await this.call('wechatpay.query', 'GET', path);
    if (reply.status === 404) return { found: false, status: 'PENDING' };
    if (reply.status !== 200) throw this.rejection('wechatpay.query', reply);
    const tx = Transaction.parse(reply.json);
    this.assertOurs(tx, (reason) => new ProviderRejectedError('wechatpay.query', 'MISMATCH', reason, reply.status));
    return {
      found: true,
      status: mapTradeState(tx.trade_state),
      amount: tx.amount?.total === undefined ? undefined : fromFen(tx.amount.total, tx.amount.currency ?? WECHATPAY_CURRENCY),
      paidAt: tx.success_time ? new Date(tx.success_time) : undefined,
      failureReason: tx.trade_state === 'PAYERROR' ? (tx.trade_state_desc ?? 'PAYERROR') : undefined,
    };
  }

  /**
   * Close answers 204 with no body. Anything else (already paid, the shopper is paying right now — 429
   * FREQUENCY_LIMITED —, already closed) is settled by asking for the order's state.
   */
  async cancelPayment(input: PaymentLocator): Promise<PaymentSnapshot> {
    const reply = await this.call('wechatpay.cancel', 'POST', API_PATHS.close(input.reference), { mchid: this.http.mchid });
    if (reply.status === 204) return { found: true, status: 'CANCELLED' };
    if (reply.status === 404) return { found: false, status: 'CANCELLED' };
    this.logger.log({ operation: 'wechatpay.cancel', code: errorCode(reply) }, 'close refused; querying the order');
    return this.queryPayment(input);
  }

  async refundPayment(input: RefundInput): Promise<RefundSnapshot> {
    const refund = this.fen(input.amount, 'wechatpay.refund');
    const total = await this.orderTotal(input.payment);
    const body: RefundBody = {
      out_trade_no: input.payment.reference,
      out_refund_no: input.refundReference,
      reason: input.reason ? input.reason.slice(0, 80) : undefined,
      notify_url: `${this.settings.values.PUBLIC_BASE_URL}/webhooks/wechatpay`,
      amount: { refund, total, currency: WECHATPAY_CURRENCY },
    };
    const reply = await this.call('wechatpay.refund', 'POST', API_PATHS.refunds, body);
    if (reply.status !== 200) throw this.rejection('wechatpay.refund', reply);
    return refundSnapshot(RefundReply.parse(reply.json));
  }

  async queryRefund(input: RefundLocator): Promise<RefundSnapshot> {
    const reply = await this.call('wechatpay.refund_query', 'GET', API_PATHS.refund(input.refundReference));
    if (reply.status !== 200) throw this.rejection('wechatpay.refund_query', reply);
    return refundSnapshot(RefundReply.parse(reply.json));
  }

  parseNotification(rawBody: Buffer, headers: Record<string, string | string[] | undefined>, now = new Date()): ProviderNotification {
    const c = this.settings.values;
    try {
      verifyWechatpaySignature(headers, rawBody, this.keys, now, c.WEBHOOK_TOLERANCE_SECONDS);
    } catch (error) {
      if (!(error instanceof WechatpaySignatureError)) throw error;
      const serial = headerValue(headers['wechatpay-serial']);
      // A serial we do not know may be a rotated platform certificate: fetch them so WeChat's retry verifies.
      if (this.mode === 'certificate' && serial && !serial.startsWith(PUBLIC_KEY_ID_PREFIX)) void this.loadCertificates(true).catch(() => undefined);
      throw new WebhookVerificationError(error.reason);
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new WebhookPayloadError('body is not JSON');
    }
    const envelope = NotificationEnvelope.safeParse(json);
    if (!envelope.success) throw new WebhookPayloadError('not a WeChat Pay v3 notification');
    const { id, event_type, resource } = envelope.data;
    let plaintext: string;
    try {
      plaintext = decryptResource(c.WECHATPAY_APIV3_KEY, resource);
    } catch (error) {
      // A resource that fails its GCM tag was not encrypted by WeChat Pay with our key: as bad as a forged signature.
      if (error instanceof AeadDecryptionError) throw new WebhookVerificationError('resource does not decrypt (AEAD tag mismatch)');
      throw error;
    }
    const decrypted = parseJson(plaintext);
    const acknowledgement = { contentType: 'application/json', body: '' };
    return { acknowledgement, events: [this.toEvent(id, event_type, decrypted)] };
  }

  private toEvent(id: string, eventType: string, decrypted: unknown): NotificationEvent {
    if (eventType === 'TRANSACTION.SUCCESS') {
      const parsed = Transaction.safeParse(decrypted);
      if (!parsed.success) throw new WebhookPayloadError('TRANSACTION resource is not a transaction');
      const tx = parsed.data;
      this.assertOurs(tx, (reason) => new WebhookPayloadError(reason));
      return {
        kind: 'payment',
        // The payment's identity, not the notification's: a re-sent notification must dedupe on the payment.
        eventKey: `TRANSACTION.SUCCESS:${tx.transaction_id ?? tx.out_trade_no}`,
        reference: tx.out_trade_no,
        status: mapTradeState(tx.trade_state),
        amount: tx.amount?.total === undefined ? undefined : fromFen(tx.amount.total, tx.amount.currency ?? WECHATPAY_CURRENCY),
      };
    }
    if (eventType.startsWith('REFUND.')) {
      const parsed = RefundResource.safeParse(decrypted);
      if (!parsed.success) throw new WebhookPayloadError('REFUND resource is not a refund');
      const r = parsed.data;
      if (r.mchid !== this.http.mchid) throw new WebhookPayloadError('refund of another merchant (mchid)');
      return {
        kind: 'refund',
        eventKey: `${eventType}:${r.refund_id}`,
        reference: r.out_trade_no,
        refundReference: r.out_refund_no,
        providerRefundId: r.refund_id,
        status: mapRefundStatus(r.refund_status),
        amount: fromFen(r.amount.refund),
      };
    }
    return { kind: 'ignored', eventKey: `${eventType}:${id}`, why: `unhandled event_type ${eventType}` };
  }

  /** A payment of another merchant or mini program is never ours to settle. */
  private assertOurs(tx: Transaction, fail: (reason: string) => Error): void {
    if (tx.mchid !== this.http.mchid) throw fail('transaction of another merchant (mchid)');
    if (tx.appid !== this.settings.values.WECHAT_APP_ID) throw fail('transaction of another app (appid)');
  }

  /** The domestic v3 API takes CNY only (docs/providers.md §5): refused before an order or attempt exists. */
  override assertChargeable(amount: Money): void {
    this.fen(amount, 'wechatpay.create');
  }

  private fen(amount: Money, operation: string): number {
    if (amount.currency !== WECHATPAY_CURRENCY || !Number.isSafeInteger(amount.value) || amount.value < 0) {
      const why =
        amount.currency !== WECHATPAY_CURRENCY ? `WeChat Pay (direct, API v3) takes CNY only, not ${amount.currency}` : 'amount must be a whole number of fen';
      throw new CurrencyNotSupportedError(operation, new MoneyConversionError(amount.currency, why));
    }
    return toFen(amount);
  }

  private async orderTotal(payment: PaymentLocator): Promise<number> {
    const kept = Number(payment.providerData?.total);
    if (Number.isSafeInteger(kept) && kept > 0) return kept;
    const snapshot = await this.queryPayment(payment);
    if (!snapshot.amount) throw new ProviderRejectedError('wechatpay.refund', 'NO_TOTAL', 'the order total is unknown', 404);
    return snapshot.amount.value;
  }

  /** A signed call whose 2xx reply is verified; in certificate mode the certificates are loaded first. */
  private async call(operation: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<WechatpayReply> {
    if (this.mode === 'certificate') await this.loadCertificates(false);
    const reply = await wechatpayFetch(this.http, operation, method, path, body);
    verifyReply(operation, reply, this.keys, this.settings.values.WEBHOOK_TOLERANCE_SECONDS);
    this.logger.debug({ operation, status: reply.status, attempts: reply.attempts }, 'provider call');
    return reply;
  }

  /**
   * Platform-certificate mode: GET /v3/certificates, decrypt each certificate with the APIv3 key, and verify the
   * reply with the certificates it brings (the download is the trust root, as in WeChat's SDKs). Cached and
   * refreshed every 12 hours, before any expiry, and on an unknown serial.
   */
  loadCertificates(force: boolean): Promise<void> {
    const now = Date.now();
    const soonestExpiry = Math.min(...this.keys.certificateList.map((cert) => cert.notAfter.getTime()), Infinity);
    const fresh = this.certificatesLoadedAt > 0 && now - this.certificatesLoadedAt < CERTIFICATE_REFRESH_MS && soonestExpiry - now > CERTIFICATE_REFRESH_MS;
    if (fresh && !force) return Promise.resolve();
    this.certificateLoad ??= this.downloadCertificates().finally(() => {
      this.certificateLoad = null;
    });
    return this.certificateLoad;
  }

  private async downloadCertificates(): Promise<void> {
    const reply = await wechatpayFetch(this.http, 'wechatpay.certificates', 'GET', API_PATHS.certificates);
    if (reply.status !== 200) throw this.rejection('wechatpay.certificates', reply);
    const parsed = CertificatesReply.parse(reply.json);
    const certificates = parsed.data.map((entry) => {
      const cert = parsePlatformCertificate(decryptResource(this.settings.values.WECHATPAY_APIV3_KEY, entry.encrypt_certificate));
      if (cert.serialNo !== entry.serial_no.toUpperCase())
        throw new ProviderRejectedError('wechatpay.certificates', 'SERIAL_MISMATCH', 'certificate serial differs from serial_no', 200);
      return cert;
    });
    const candidate = new WechatpayKeySet();
    candidate.setCertificates(certificates);
    verifyReply('wechatpay.certificates', reply, candidate, this.settings.values.WEBHOOK_TOLERANCE_SECONDS);
    this.keys.setCertificates(certificates);
    this.certificatesLoadedAt = Date.now();
    this.logger.log({ serials: certificates.map((cert) => cert.serialNo) }, 'platform certificates loaded');
  }

  private rejection(operation: string, reply: WechatpayReply): ProviderRejectedError {
    const error = ErrorReply.safeParse(reply.json);
    const code = error.success ? error.data.code : String(reply.status);
    const message = error.success ? (error.data.message ?? code) : `HTTP ${reply.status}`;
    return new ProviderRejectedError(operation, code, message, reply.status);
  }
}

function refundSnapshot(r: RefundReply): RefundSnapshot {
  const status = mapRefundStatus(r.status);
  return {
    status,
    providerRefundId: r.refund_id,
    amount: fromFen(r.amount.refund, r.amount.currency ?? WECHATPAY_CURRENCY),
    failureReason: status === 'FAILED' ? `refund ${r.status}` : undefined,
  };
}

function errorCode(reply: WechatpayReply): string {
  const error = ErrorReply.safeParse(reply.json);
  return error.success ? error.data.code : String(reply.status);
}

const headerValue = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new WebhookPayloadError('decrypted resource is not JSON');
  }
}
