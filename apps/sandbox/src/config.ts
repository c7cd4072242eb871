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
});

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
  logger: boolean;
}

export function resolveOptions(opts: SandboxOptions = {}): ResolvedOptions {
  return {
    credentials: { ...SANDBOX_DEFAULT_CREDENTIALS, ...stripUndefined(opts.credentials ?? {}) },
    adyenWebhookUrl: opts.adyenWebhookUrl,
    notifyRetryDelaysMs: opts.notifyRetryDelaysMs ?? DEFAULT_NOTIFY_RETRY_DELAYS_MS,
    refundSettleDelayMs: opts.refundSettleDelayMs ?? DEFAULT_REFUND_SETTLE_DELAY_MS,
    adyenPrefixes: opts.adyenPrefixes ?? DEFAULT_ADYEN_PREFIXES,
    logger: opts.logger ?? false,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
