import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SANDBOX_WECHATPAY } from './wechatpay-sandbox-keys';

/**
 * Every setting the API reads, validated once at boot. Nothing else reads process.env.
 * Defaults point at the local sandbox with its published test credentials, so `pnpm dev` works offline;
 * NODE_ENV=production refuses those placeholders.
 */
const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();
const positiveMs = z.coerce.number().int().positive();
/** A PEM setting: the PEM text itself (`\n` escapes allowed, for one-line env files) or the path of a PEM file. */
const pemOrPath = z
  .string()
  .min(1)
  .transform((value, ctx) => {
    if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
    try {
      return readFileSync(value, 'utf8');
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is neither PEM text nor a readable PEM file path' });
      return z.NEVER;
    }
  });

/** The sandbox's published test credentials. They also live in apps/sandbox (its own defaults). */
export const SANDBOX_TEST_SECRETS = {
  WECHAT_APP_SECRET: 'sandbox-wechat-appsecret-0001',
  INTENTS_API_KEY: 'sandbox-intents-api-key-0001',
  INTENTS_WEBHOOK_SECRET: 'sandbox-intents-webhook-secret-0001',
  ADYEN_API_KEY: 'sandbox-adyen-api-key-0001',
  ADYEN_HMAC_KEYS: 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6',
  SESSION_SECRET: 'dev-only-session-secret-change-me-0001',
  ADMIN_API_KEY: 'dev-only-admin-api-key-0001',
  /** `kid:base64(32 bytes)`; the key is 32 bytes of 0x01, known to everyone. */
  SESSION_KEY_ENCRYPTION_KEYS: 'dev:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=',
  WECHATPAY_MERCHANT_PRIVATE_KEY: SANDBOX_WECHATPAY.MERCHANT_PRIVATE_KEY,
  WECHATPAY_APIV3_KEY: SANDBOX_WECHATPAY.APIV3_KEY,
  CONSOLE_BOOTSTRAP_PASSWORD: 'dev-only-console-password-0001',
} as const;

/** The sandbox's WeChat Pay identities: refused too when WECHATPAY_BASE_URL is not on loopback. */
const SANDBOX_WECHATPAY_IDENTITIES = {
  WECHATPAY_MCHID: SANDBOX_WECHATPAY.MCHID,
  WECHATPAY_MERCHANT_SERIAL_NO: SANDBOX_WECHATPAY.MERCHANT_SERIAL_NO,
  WECHATPAY_PUBLIC_KEY_ID: SANDBOX_WECHATPAY.PUBLIC_KEY_ID,
} as const;

/**
 * URL settings that are not a provider's or WeChat's address: where we are reached, and our own infrastructure.
 * Every other setting named *_URL is a provider endpoint (WECHAT_API_BASE_URL, INTENTS_BASE_URL, ADYEN_CHECKOUT_URL,
 * and whatever provider is added later) and counts for the placeholder rule below.
 */
const NON_PROVIDER_URL_SETTINGS = new Set(['PUBLIC_BASE_URL', 'DATABASE_URL', 'REDIS_URL']);

/** True for 127.0.0.0/8, ::1 and localhost: addresses that cannot leave this machine. */
export function isLoopbackUrl(value: string): boolean {
  let host: string;
  try {
    host = new URL(value).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The names of provider URL settings (every *_URL but ours) that point off this machine. */
export function remoteProviderUrls(config: Record<string, unknown>): string[] {
  return Object.entries(config)
    .filter(([name, value]) => /_URL$/.test(name) && !NON_PROVIDER_URL_SETTINGS.has(name) && typeof value === 'string' && !isLoopbackUrl(value))
    .map(([name]) => name);
}

/** A browser origin: scheme, host and port only (what an `Origin` header carries). */
const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin such as https://shop.example.com (scheme, host and optional port; no path, no wildcard)')
  .transform((value) => value.replace(/\/$/, ''));

/** `kid:base64key` where the key is 32 bytes (AES-256). */
const encryptionKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,16}:[A-Za-z0-9+/]+={0,2}$/, 'each entry must be kid:base64key (kid: 1-16 of A-Z a-z 0-9 _ -)')
  .refine((entry) => Buffer.from(entry.slice(entry.indexOf(':') + 1), 'base64').length === 32, 'each key must be 32 bytes (44 base64 characters)');

/** Configs whose PUBLIC_BASE_URL was not set but defaulted (checked after the defaults are filled in). */
const defaultedPublicBaseUrl = new WeakSet<object>();

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /** Write logs to this file instead of stdout (used by the secret-hygiene test). */
    LOG_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    API_HOST: z.string().min(1).default('127.0.0.1'),
    API_PORT: port.default(3000),
    /** Where providers reach our webhooks; defaults to this API on loopback. */
    PUBLIC_BASE_URL: url.optional(),
    /** Browser origins allowed to call the API; unset → the local H5 and console origins (development) or none (production). */
    CORS_ORIGINS: z
      .string()
      .optional()
      .transform((value) =>
        value === undefined
          ? undefined
          : value
              .split(',')
              .map((o) => o.trim())
              .filter(Boolean),
      )
      .pipe(z.array(origin).optional()),
    /** The mini program's browser build and the operator console in `pnpm dev` (their local origins are the CORS defaults). */
    H5_PORT: port.default(10086),
    CONSOLE_PORT: port.default(10087),
    /** The operator console's origin: the only one allowed credentialed cross-origin requests. */
    CONSOLE_ORIGIN: origin.optional(),
    /** Behind a load balancer: `true`, a hop count, or comma-separated proxy addresses/CIDRs (Fastify trustProxy). */
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((value): boolean | number | string[] => {
        const v = value.trim();
        if (v === 'true' || v === 'false') return v === 'true';
        if (/^\d+$/.test(v)) return Number(v);
        return v
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
      }),
    /** Shared rate-limit counters for several instances; unset → in memory per instance. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prefix of every key this deployment writes to Redis (several deployments, or test runs, can share one Redis). */
    REDIS_KEY_PREFIX: z.string().min(1).max(64).default('minipay:'),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),

    SANDBOX_PORT: port.default(4010),
    SANDBOX_HOST: z.string().default('127.0.0.1'),

    WECHAT_API_BASE_URL: url.optional(),
    WECHAT_APP_ID: z
      .string()
      .regex(/^wx[0-9a-zA-Z]{16}$/, 'must look like wx followed by 16 characters')
      .default('wx5f3b0c8a9d2e4f61'),
    WECHAT_APP_SECRET: z.string().min(8).default(SANDBOX_TEST_SECRETS.WECHAT_APP_SECRET),

    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(SANDBOX_TEST_SECRETS.SESSION_SECRET),
    SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(30 * 24 * 3600)
      .default(7200),
    ADMIN_API_KEY: z.string().min(16).default(SANDBOX_TEST_SECRETS.ADMIN_API_KEY),
    /** AES-256-GCM keys for WeChat's session_key at rest: `kid:base64key`, comma-separated; the first encrypts, all decrypt. */
    SESSION_KEY_ENCRYPTION_KEYS: z
      .string()
      .default(SANDBOX_TEST_SECRETS.SESSION_KEY_ENCRYPTION_KEYS)
      .transform((value) =>
        value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(encryptionKey).min(1))
      .refine((keys) => new Set(keys.map((k) => k.split(':')[0])).size === keys.length, 'key ids must be unique'),
    /** The merchant console's first operator (role operator), created at boot when no operator of that name exists. */
    CONSOLE_BOOTSTRAP_USER: z.string().trim().min(1).max(64).default('admin'),
    CONSOLE_BOOTSTRAP_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(200).default(SANDBOX_TEST_SECRETS.CONSOLE_BOOTSTRAP_PASSWORD),
    CONSOLE_SESSION_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 24 * 3600)
      .default(8 * 3600),

    PAYMENT_PROVIDER: z.enum(['intents', 'adyen', 'wechatpay']).default('intents'),
    PROVIDER_TIMEOUT_MS: positiveMs.default(10_000),
    PROVIDER_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
    PROVIDER_RETRY_BASE_MS: z.coerce.number().int().min(0).default(200),

    INTENTS_BASE_URL: url.optional(),
    INTENTS_CLIENT_ID: z.string().min(1).default('sandbox-intents-client'),
    INTENTS_API_KEY: z.string().min(8).default(SANDBOX_TEST_SECRETS.INTENTS_API_KEY),
    INTENTS_WEBHOOK_SECRET: z.string().min(16).default(SANDBOX_TEST_SECRETS.INTENTS_WEBHOOK_SECRET),
    /** The provider's document does not say whether `amount` is in major or minor units; major is what its examples suggest (docs/providers.md §3). */
    INTENTS_AMOUNT_UNIT: z.enum(['major', 'minor']).default('major'),
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),

    ADYEN_CHECKOUT_URL: url.optional(),
    ADYEN_API_KEY: z.string().min(8).default(SANDBOX_TEST_SECRETS.ADYEN_API_KEY),
    ADYEN_MERCHANT_ACCOUNT: z.string().min(1).default('MinipaySandboxECOM'),
    ADYEN_HMAC_KEYS: z
      .string()
      .default(SANDBOX_TEST_SECRETS.ADYEN_HMAC_KEYS)
      .transform((value) =>
        value
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'each key must be 64 hex characters')).min(1)),

    /** WeChat Pay API v3 (direct). The base URL is the sandbox unless set (production: https://api.mch.weixin.qq.com). */
    WECHATPAY_BASE_URL: url.optional(),
    WECHATPAY_MCHID: z
      .string()
      .regex(/^\d{6,12}$/, 'must be the numeric merchant id')
      .default(SANDBOX_WECHATPAY.MCHID),
    WECHATPAY_MERCHANT_SERIAL_NO: z
      .string()
      .regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the hex serial of the merchant API certificate')
      .default(SANDBOX_WECHATPAY.MERCHANT_SERIAL_NO),
    WECHATPAY_MERCHANT_PRIVATE_KEY: pemOrPath.default(SANDBOX_WECHATPAY.MERCHANT_PRIVATE_KEY),
    WECHATPAY_APIV3_KEY: z
      .string()
      .refine((v) => Buffer.byteLength(v, 'utf8') === 32, 'must be exactly 32 bytes')
      .default(SANDBOX_WECHATPAY.APIV3_KEY),
    /** Unset: the sandbox's public key. Set to empty (both): platform-certificate mode (keys fetched from /v3/certificates). */
    WECHATPAY_PUBLIC_KEY_ID: z.string().optional(),
    WECHATPAY_PUBLIC_KEY: z.string().optional(),
    /** Currency of the catalog seeded into a fresh database; CNY by default with PAYMENT_PROVIDER=wechatpay. */
    CATALOG_CURRENCY: z.enum(['HKD', 'CNY']).optional(),

    ORDER_TTL_SECONDS: z.coerce.number().int().min(300, 'must be at least 300 (5 minutes)').default(1800),
    RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(1).default(60),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    CATALOG_CACHE_MS: z.coerce.number().int().min(0).default(5000),
    /** Unprocessed notifications are retried by a sweeper, first after this delay, doubling up to an hour. */
    WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
    /** Raw notification bodies are pruned after this many days; the inbox row keeps its identity and outcome. */
    WEBHOOK_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(500),
    JOBS_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),

    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(64 * 1024),
    THROTTLE_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    THROTTLE_ORDERS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    THROTTLE_PAY_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** Each pay/result call queries the provider. */
    THROTTLE_PAY_RESULT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    /** Wrong X-Admin-Key values per client IP per minute before every admin request from it is refused (429). */
    THROTTLE_ADMIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  })
  .transform((c) => {
    const sandbox = `http://${c.SANDBOX_HOST}:${c.SANDBOX_PORT}`;
    const production = c.NODE_ENV === 'production';
    const consoleOrigin = c.CONSOLE_ORIGIN ?? (production ? undefined : `http://127.0.0.1:${c.CONSOLE_PORT}`);
    const developmentOrigins = production
      ? []
      : [`http://127.0.0.1:${c.H5_PORT}`, `http://localhost:${c.H5_PORT}`, `http://127.0.0.1:${c.CONSOLE_PORT}`, `http://localhost:${c.CONSOLE_PORT}`];
    const config = {
      ...c,
      CONSOLE_ORIGIN: consoleOrigin,
      // The console's origin is always allowed (it is the one that needs credentials).
      CORS_ORIGINS: [...new Set([...(c.CORS_ORIGINS ?? developmentOrigins), ...(consoleOrigin ? [consoleOrigin] : [])])],
      PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://127.0.0.1:${c.API_PORT}`).replace(/\/$/, ''),
      WECHAT_API_BASE_URL: (c.WECHAT_API_BASE_URL ?? sandbox).replace(/\/$/, ''),
      INTENTS_BASE_URL: (c.INTENTS_BASE_URL ?? `${sandbox}/mch-api/v1`).replace(/\/$/, ''),
      ADYEN_CHECKOUT_URL: (c.ADYEN_CHECKOUT_URL ?? `${sandbox}/adyen/checkout`).replace(/\/$/, ''),
      WECHATPAY_BASE_URL: (c.WECHATPAY_BASE_URL ?? sandbox).replace(/\/$/, ''),
      // Unset → the sandbox's public key; empty → none (certificate mode).
      WECHATPAY_PUBLIC_KEY_ID: c.WECHATPAY_PUBLIC_KEY_ID === undefined ? SANDBOX_WECHATPAY.PUBLIC_KEY_ID : c.WECHATPAY_PUBLIC_KEY_ID.trim() || undefined,
      WECHATPAY_PUBLIC_KEY:
        c.WECHATPAY_PUBLIC_KEY === undefined ? SANDBOX_WECHATPAY.PUBLIC_KEY : c.WECHATPAY_PUBLIC_KEY.trim() ? readPem(c.WECHATPAY_PUBLIC_KEY) : undefined,
      CATALOG_CURRENCY: c.CATALOG_CURRENCY ?? (c.PAYMENT_PROVIDER === 'wechatpay' ? 'CNY' : 'HKD'),
    };
    if (c.PUBLIC_BASE_URL === undefined) defaultedPublicBaseUrl.add(config);
    return config;
  })
  .superRefine((c, ctx) => {
    checkWechatpay(c, ctx);
    const production = c.NODE_ENV === 'production';
    // In production the loopback default would send providers' notifications nowhere.
    if (production && defaultedPublicBaseUrl.has(c)) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'is required in production (where providers send notifications)' });
    }
    // The placeholders are public: they are acceptable only while every provider we talk to is on this machine
    // (the sandbox), whatever NODE_ENV says. Any *_URL setting not listed as ours counts as a provider's.
    const remote = remoteProviderUrls(c);
    if (!production && remote.length === 0) return;
    const why = production ? 'set a real secret in production' : `set a real secret: ${remote.join(', ')} ${remote.length > 1 ? 'are' : 'is'} not on loopback`;
    for (const [name, placeholder] of Object.entries(SANDBOX_TEST_SECRETS)) {
      const value = (c as Record<string, unknown>)[name];
      const values = Array.isArray(value) ? value : [value];
      if (values.includes(placeholder)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is the sandbox placeholder; ${why}` });
      }
    }
  });

export type AppConfig = z.infer<typeof ConfigSchema>;

function readPem(value: string): string | undefined {
  if (value.includes('-----BEGIN')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch {
    return `unreadable:${value}`;
  }
}

/** WeChat Pay keys are parsed at boot, so a bad key fails the start, not the first payment. */
function checkWechatpay(
  c: { WECHATPAY_BASE_URL: string; WECHATPAY_MERCHANT_PRIVATE_KEY: string; WECHATPAY_PUBLIC_KEY_ID?: string; WECHATPAY_PUBLIC_KEY?: string } & Record<
    string,
    unknown
  >,
  ctx: z.RefinementCtx,
): void {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  try {
    if (createPrivateKey(c.WECHATPAY_MERCHANT_PRIVATE_KEY).asymmetricKeyType !== 'rsa') issue('WECHATPAY_MERCHANT_PRIVATE_KEY', 'must be an RSA key');
  } catch {
    issue('WECHATPAY_MERCHANT_PRIVATE_KEY', 'is not a PEM private key');
  }
  const id = c.WECHATPAY_PUBLIC_KEY_ID;
  const key = c.WECHATPAY_PUBLIC_KEY;
  if (Boolean(id) !== Boolean(key))
    issue(
      id ? 'WECHATPAY_PUBLIC_KEY' : 'WECHATPAY_PUBLIC_KEY_ID',
      'WECHATPAY_PUBLIC_KEY_ID and WECHATPAY_PUBLIC_KEY go together (leave both empty for certificate mode)',
    );
  if (id && !id.startsWith('PUB_KEY_ID_')) issue('WECHATPAY_PUBLIC_KEY_ID', 'must start with PUB_KEY_ID_');
  if (key) {
    try {
      if (key.startsWith('unreadable:')) throw new Error('unreadable');
      if (key.includes('BEGIN CERTIFICATE')) new X509Certificate(key);
      else createPublicKey(key);
    } catch {
      issue('WECHATPAY_PUBLIC_KEY', 'is neither PEM text nor a readable PEM file path of a public key');
    }
  }
  if (isLoopbackUrl(c.WECHATPAY_BASE_URL)) return;
  // The secrets among them are refused by the general placeholder rule; these are the sandbox's identities.
  const placeholders: Record<string, string> = { ...SANDBOX_WECHATPAY_IDENTITIES, WECHATPAY_PUBLIC_KEY: SANDBOX_WECHATPAY.PUBLIC_KEY };
  for (const [name, placeholder] of Object.entries(placeholders)) {
    if (c[name] === placeholder) issue(name, `is the sandbox placeholder, but WECHATPAY_BASE_URL is not the local sandbox; set the real value`);
  }
}

/** Validates the environment; the message names every missing or invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
