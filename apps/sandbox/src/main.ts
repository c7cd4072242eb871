import { SANDBOX_DEFAULT_CREDENTIALS, type SandboxCredentials } from './config';
import { startSandbox } from './server';

/** Every credential can be overridden with SANDBOX_<UPPER_SNAKE_NAME>, e.g. SANDBOX_ADYEN_HMAC_KEY. */
export const CREDENTIAL_ENV: Record<keyof SandboxCredentials, string> = {
  wechatAppId: 'SANDBOX_WECHAT_APP_ID',
  wechatAppSecret: 'SANDBOX_WECHAT_APP_SECRET',
  intentsClientId: 'SANDBOX_INTENTS_CLIENT_ID',
  intentsApiKey: 'SANDBOX_INTENTS_API_KEY',
  intentsWebhookSecret: 'SANDBOX_INTENTS_WEBHOOK_SECRET',
  adyenApiKey: 'SANDBOX_ADYEN_API_KEY',
  adyenMerchantAccount: 'SANDBOX_ADYEN_MERCHANT_ACCOUNT',
  adyenHmacKey: 'SANDBOX_ADYEN_HMAC_KEY',
  wechatpayMchid: 'SANDBOX_WECHATPAY_MCHID',
  wechatpayMerchantSerialNo: 'SANDBOX_WECHATPAY_MERCHANT_SERIAL_NO',
  wechatpayApiV3Key: 'SANDBOX_WECHATPAY_APIV3_KEY',
  wechatpayPublicKeyId: 'SANDBOX_WECHATPAY_PUBLIC_KEY_ID',
};

function credentialsFromEnv(env: NodeJS.ProcessEnv): Partial<SandboxCredentials> {
  const out: Partial<SandboxCredentials> = {};
  for (const [key, name] of Object.entries(CREDENTIAL_ENV) as [keyof SandboxCredentials, string][]) {
    if (env[name]) out[key] = env[name];
  }
  return out;
}

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${name} must be a port number, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const env = process.env;
  const credentials = credentialsFromEnv(env);
  const adyenWebhookUrl = env.SANDBOX_ADYEN_WEBHOOK_URL || `http://127.0.0.1:${env.API_PORT || 3000}/webhooks/adyen`;
  const sandbox = await startSandbox({
    host: env.SANDBOX_HOST || '127.0.0.1',
    port: intFromEnv('SANDBOX_PORT', 4010),
    logger: env.SANDBOX_LOG === '1',
    credentials,
    adyenWebhookUrl,
    notifyRetryDelaysMs: env.SANDBOX_NOTIFY_RETRY_DELAYS_MS ? env.SANDBOX_NOTIFY_RETRY_DELAYS_MS.split(',').map((s) => Number(s.trim())) : undefined,
    wechatpayMode: env.SANDBOX_WECHATPAY_MODE === 'certificate' ? 'certificate' : 'public_key',
    // WeChat's real schedule (minutes to hours) unless compressed, e.g. SANDBOX_WECHATPAY_NOTIFY_RETRY_DELAYS_MS=1000,2000,5000.
    wechatpayNotifyRetryDelaysMs: env.SANDBOX_WECHATPAY_NOTIFY_RETRY_DELAYS_MS
      ? env.SANDBOX_WECHATPAY_NOTIFY_RETRY_DELAYS_MS.split(',').map((s) => Number(s.trim()))
      : undefined,
  });
  const c = { ...SANDBOX_DEFAULT_CREDENTIALS, ...credentials };
  const u = sandbox.url;
  // Identifiers only: secrets, API keys and the HMAC key are never printed.
  console.log(`sandbox listening on ${u}`);
  console.log(
    [
      `  wechat   GET  ${u}/sns/jscode2session            (appid ${c.wechatAppId})`,
      `  intents  POST ${u}/mch-api/v1/...                (client_id ${c.intentsClientId})`,
      `  adyen    POST ${u}/adyen/checkout/v{N}/payments  (merchantAccount ${c.adyenMerchantAccount})`,
      `           notifications -> ${adyenWebhookUrl}`,
      `  wechatpay     ${u}/v3/pay/transactions/jsapi ...   (mchid ${c.wechatpayMchid}, ${env.SANDBOX_WECHATPAY_MODE === 'certificate' ? 'platform certificate' : 'public key'} mode)`,
      `  control  ${u}/__sandbox`,
      `    POST /__sandbox/wechat/codes {openid?}            mint a wx.login code`,
      `    POST /__sandbox/payments/:merchantOrderId/approve|cancel|refuse|notify`,
      `    GET  /__sandbox/payments/:merchantOrderId          attempts, notifications, refunds`,
      `    POST /__sandbox/faults | /__sandbox/notifications/faults, DELETE /__sandbox/faults`,
      `    GET|DELETE /__sandbox/calls, POST /__sandbox/reset, GET /__sandbox/keys`,
      `    POST /__sandbox/payments/:merchantOrderId/paying   (wechatpay USERPAYING), POST /__sandbox/wechatpay/signtest | refund-outcomes`,
    ].join('\n'),
  );
  const stop = async () => {
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
