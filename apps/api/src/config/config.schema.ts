import { z } from 'zod';

/**
 * Every setting the API reads, validated once at boot. Nothing else reads process.env.
 * Defaults point at the local sandbox with its published test credentials, so `pnpm dev` works offline;
 * NODE_ENV=production refuses those placeholders.
 */
const port = z.coerce.number().int().min(0).max(65535);
const url = z.url();
const positiveMs = z.coerce.number().int().positive();

/** The sandbox's published test credentials. They also live in apps/sandbox (its own defaults). */
export const SANDBOX_TEST_SECRETS = {
  WECHAT_APP_SECRET: 'sandbox-wechat-appsecret-0001',
  INTENTS_API_KEY: 'sandbox-intents-api-key-0001',
  INTENTS_WEBHOOK_SECRET: 'sandbox-intents-webhook-secret-0001',
  ADYEN_API_KEY: 'sandbox-adyen-api-key-0001',
  ADYEN_HMAC_KEYS: 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6',
  SESSION_SECRET: 'dev-only-session-secret-change-me-0001',
  ADMIN_API_KEY: 'dev-only-admin-api-key-0001',
  CONSOLE_BOOTSTRAP_PASSWORD: 'dev-only-console-password-0001',
} as const;

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
    CORS_ORIGINS: z.string().default('*'),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./data'),

    SANDBOX_PORT: port.default(4010),
    SANDBOX_HOST: z.string().default('127.0.0.1'),

    WECHAT_API_BASE_URL: url.optional(),
    WECHAT_APP_ID: z.string().regex(/^wx[0-9a-zA-Z]{16}$/, 'must look like wx followed by 16 characters').default('wx5f3b0c8a9d2e4f61'),
    WECHAT_APP_SECRET: z.string().min(8).default(SANDBOX_TEST_SECRETS.WECHAT_APP_SECRET),

    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(SANDBOX_TEST_SECRETS.SESSION_SECRET),
    SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 24 * 3600).default(7200),
    ADMIN_API_KEY: z.string().min(16).default(SANDBOX_TEST_SECRETS.ADMIN_API_KEY),
    /** The merchant console's first operator (role operator), created at boot when no operator of that name exists. */
    CONSOLE_BOOTSTRAP_USER: z.string().trim().min(1).max(64).default('admin'),
    CONSOLE_BOOTSTRAP_PASSWORD: z.string().min(12, 'must be at least 12 characters').max(200).default(SANDBOX_TEST_SECRETS.CONSOLE_BOOTSTRAP_PASSWORD),
    CONSOLE_SESSION_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(8 * 3600),

    PAYMENT_PROVIDER: z.enum(['intents', 'adyen']).default('intents'),
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
      .transform((value) => value.split(',').map((k) => k.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[0-9a-fA-F]{64}$/, 'each key must be 64 hex characters')).min(1)),

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

    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(64 * 1024),
    THROTTLE_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    THROTTLE_ORDERS_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    THROTTLE_PAY_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  })
  .transform((c) => {
    const sandbox = `http://${c.SANDBOX_HOST}:${c.SANDBOX_PORT}`;
    return {
      ...c,
      PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://127.0.0.1:${c.API_PORT}`).replace(/\/$/, ''),
      WECHAT_API_BASE_URL: (c.WECHAT_API_BASE_URL ?? sandbox).replace(/\/$/, ''),
      INTENTS_BASE_URL: (c.INTENTS_BASE_URL ?? `${sandbox}/mch-api/v1`).replace(/\/$/, ''),
      ADYEN_CHECKOUT_URL: (c.ADYEN_CHECKOUT_URL ?? `${sandbox}/adyen/checkout`).replace(/\/$/, ''),
    };
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    for (const [name, placeholder] of Object.entries(SANDBOX_TEST_SECRETS)) {
      const value = (c as Record<string, unknown>)[name];
      const values = Array.isArray(value) ? value : [value];
      if (values.includes(placeholder)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is the sandbox placeholder; set a real secret in production' });
      }
    }
  });

export type AppConfig = z.infer<typeof ConfigSchema>;

/** Validates the environment; the message names every missing or invalid variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
}
