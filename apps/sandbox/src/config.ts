import { SANDBOX_WECHATPAY_APIV3_KEY, SANDBOX_WECHATPAY_MCHID, SANDBOX_WECHATPAY_MERCHANT_SERIAL_NO, SANDBOX_WECHATPAY_PUBLIC_KEY_ID } from './wechatpay/keys';

/** Credentials the sandbox accepts; the API's dev defaults use exactly these values. */
export interface SandboxCredentials {
  wechatAppId: string;
  wechatAppSecret: string;
  intentsClientId: string;
  intentsApiKey: string;
  intentsWebhookSecret: string;
  adyenApiKey: string;
  adyenMerchantAccount: string;
  /** Hex-encoded, as Adyen's Customer Area shows it. */
  adyenHmacKey: string;
  wechatpayMchid: string;
  wechatpayMerchantSerialNo: string;
  /** 32 bytes: the AEAD_AES_256_GCM key of notification resources and certificates. */
  wechatpayApiV3Key: string;
  wechatpayPublicKeyId: string;
}

export const SANDBOX_DEFAULT_CREDENTIALS: SandboxCredentials = Object.freeze({
  wechatAppId: 'wx5f3b0c8a9d2e4f61',
  wechatAppSecret: 'sandbox-wechat-appsecret-0001',
  intentsClientId: 'sandbox-intents-client',
  intentsApiKey: 'sandbox-intents-api-key-0001',
  intentsWebhookSecret: 'sandbox-intents-webhook-secret-0001',
  adyenApiKey: 'sandbox-adyen-api-key-0001',
  adyenMerchantAccount: 'MinipaySandboxECOM',
  adyenHmacKey: 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6',
  wechatpayMchid: SANDBOX_WECHATPAY_MCHID,
  wechatpayMerchantSerialNo: SANDBOX_WECHATPAY_MERCHANT_SERIAL_NO,
  wechatpayApiV3Key: SANDBOX_WECHATPAY_APIV3_KEY,
  wechatpayPublicKeyId: SANDBOX_WECHATPAY_PUBLIC_KEY_ID,
});

/**
 * How WeChat Pay signs: with the WeChat Pay public key (`PUB_KEY_ID_…`, merchants registered since late 2024;
 * /v3/certificates answers 404) or with a platform certificate downloaded from /v3/certificates.
 */
export type WechatpayMode = 'public_key' | 'certificate';

/** WeChat Pay's notification retry schedule: 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m, 30m, 60m, 3h, 3h, 3h, 6h, 6h. */
export const WECHATPAY_NOTIFY_RETRY_DELAYS_MS = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600].map((s) => s * 1000);

export interface SandboxOptions {
  host?: string;
  /** 0 = a random free port. */
  port?: number;
  logger?: boolean;
  credentials?: Partial<SandboxCredentials>;
  /** Where Adyen standard notifications are POSTed; without one they are recorded as undeliverable. */
  adyenWebhookUrl?: string;
  /** Delays between notification delivery attempts; one attempt more than entries. */
  notifyRetryDelaysMs?: number[];
  /** How long an intents refund stays PROCESSING before it succeeds (ours). */
  refundSettleDelayMs?: number;
  /** Adyen Checkout route prefixes; each serves `/v{N}/...`. */
  adyenPrefixes?: string[];
  wechatpayMode?: WechatpayMode;
  /** WeChat Pay's schedule by default; when `notifyRetryDelaysMs` is given (tests), that compressed one. */
  wechatpayNotifyRetryDelaysMs?: number[];
}

export const DEFAULT_NOTIFY_RETRY_DELAYS_MS = [200, 500, 1000, 2000, 5000];
export const DEFAULT_REFUND_SETTLE_DELAY_MS = 50;
/** `/adyen/checkout` is the documented one; the others let a base URL copied from Adyen's hosts work too. */
export const DEFAULT_ADYEN_PREFIXES = ['/adyen/checkout', '/adyen', '/checkout', ''];

export interface ResolvedOptions {
  credentials: SandboxCredentials;
  adyenWebhookUrl?: string;
  notifyRetryDelaysMs: number[];
  refundSettleDelayMs: number;
  adyenPrefixes: string[];
  wechatpayMode: WechatpayMode;
  wechatpayNotifyRetryDelaysMs: number[];
  logger: boolean;
}

export function resolveOptions(opts: SandboxOptions = {}): ResolvedOptions {
  return {
    credentials: { ...SANDBOX_DEFAULT_CREDENTIALS, ...stripUndefined(opts.credentials ?? {}) },
    adyenWebhookUrl: opts.adyenWebhookUrl,
    notifyRetryDelaysMs: opts.notifyRetryDelaysMs ?? DEFAULT_NOTIFY_RETRY_DELAYS_MS,
    refundSettleDelayMs: opts.refundSettleDelayMs ?? DEFAULT_REFUND_SETTLE_DELAY_MS,
    adyenPrefixes: opts.adyenPrefixes ?? DEFAULT_ADYEN_PREFIXES,
    wechatpayMode: opts.wechatpayMode ?? 'public_key',
    wechatpayNotifyRetryDelaysMs: opts.wechatpayNotifyRetryDelaysMs ?? opts.notifyRetryDelaysMs ?? WECHATPAY_NOTIFY_RETRY_DELAYS_MS,
    logger: opts.logger ?? false,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
