import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.schema';

const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchantPem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const platformPem = platform.publicKey.export({ type: 'spki', format: 'pem' }).toString();
/** Real values for every other secret: with a remote provider, no placeholder of any provider is accepted. */
const OTHER_SECRETS = {
  WECHAT_APP_SECRET: 'real-wechat-secret-xyz',
  INTENTS_API_KEY: 'real-intents-key-xyz',
  INTENTS_WEBHOOK_SECRET: 'real-intents-webhook-secret-xyz',
  ADYEN_API_KEY: 'real-adyen-key-xyz',
  ADYEN_HMAC_KEYS: 'C'.repeat(64),
  SESSION_SECRET: 'a-real-session-secret-of-at-least-32-chars',
  ADMIN_API_KEY: 'a-real-admin-api-key-xyz',
  SESSION_KEY_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  CONSOLE_BOOTSTRAP_PASSWORD: 'a-real-console-password',
};
const REAL = {
  ...OTHER_SECRETS,
  WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com',
  WECHATPAY_MCHID: '1230000109',
  WECHATPAY_MERCHANT_SERIAL_NO: '5157F09EFDC096DE15EBE81A47057A7232F4A1E2',
  WECHATPAY_MERCHANT_PRIVATE_KEY: merchantPem,
  WECHATPAY_APIV3_KEY: 'q'.repeat(32),
  WECHATPAY_PUBLIC_KEY_ID: 'PUB_KEY_ID_0112300001092025010100000000000001',
  WECHATPAY_PUBLIC_KEY: platformPem,
};

describe('WECHATPAY_* settings', () => {
  it('default to the local sandbox in public-key mode; the catalog is CNY only with wechatpay', () => {
    const c = loadConfig({ SANDBOX_PORT: '4555' });
    expect(c.WECHATPAY_BASE_URL).toBe('http://127.0.0.1:4555');
    expect(c.WECHATPAY_PUBLIC_KEY_ID).toMatch(/^PUB_KEY_ID_/);
    expect(c.WECHATPAY_PUBLIC_KEY).toContain('BEGIN PUBLIC KEY');
    expect(c.CATALOG_CURRENCY).toBe('HKD');
    expect(loadConfig({ PAYMENT_PROVIDER: 'wechatpay' }).CATALOG_CURRENCY).toBe('CNY');
    expect(loadConfig({ PAYMENT_PROVIDER: 'wechatpay', CATALOG_CURRENCY: 'HKD' }).CATALOG_CURRENCY).toBe('HKD');
    expect(() => loadConfig({ CATALOG_CURRENCY: 'JPY' })).toThrow(/CATALOG_CURRENCY/);
  });

  it('accept real values for https://api.mch.weixin.qq.com, PEMs as text, as `\\n`-escaped one-liners or as file paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wechatpay-config-'));
    writeFileSync(join(dir, 'apiclient_key.pem'), merchantPem);
    writeFileSync(join(dir, 'pub_key.pem'), platformPem);
    const fromFiles = loadConfig({ ...REAL, WECHATPAY_MERCHANT_PRIVATE_KEY: join(dir, 'apiclient_key.pem'), WECHATPAY_PUBLIC_KEY: join(dir, 'pub_key.pem') });
    expect(fromFiles.WECHATPAY_MERCHANT_PRIVATE_KEY).toBe(merchantPem);
    expect(fromFiles.WECHATPAY_PUBLIC_KEY).toBe(platformPem);
    const oneLine = loadConfig({ ...REAL, WECHATPAY_MERCHANT_PRIVATE_KEY: merchantPem.replace(/\n/g, '\\n') });
    expect(oneLine.WECHATPAY_MERCHANT_PRIVATE_KEY).toBe(merchantPem);
  });

  it('empty public-key settings select platform-certificate mode', () => {
    const c = loadConfig({ ...REAL, WECHATPAY_PUBLIC_KEY_ID: '', WECHATPAY_PUBLIC_KEY: '' });
    expect(c.WECHATPAY_PUBLIC_KEY_ID).toBeUndefined();
    expect(c.WECHATPAY_PUBLIC_KEY).toBeUndefined();
  });

  it.each([
    [
      'a private key that is not PEM',
      { WECHATPAY_MERCHANT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
      /WECHATPAY_MERCHANT_PRIVATE_KEY/,
    ],
    [
      'a missing key file',
      { WECHATPAY_MERCHANT_PRIVATE_KEY: '/nonexistent/apiclient_key.pem' },
      /WECHATPAY_MERCHANT_PRIVATE_KEY: is neither PEM text nor a readable PEM file path/,
    ],
    ['an APIv3 key of 31 bytes', { WECHATPAY_APIV3_KEY: 'q'.repeat(31) }, /WECHATPAY_APIV3_KEY: must be exactly 32 bytes/],
    ['a public key id without its key', { WECHATPAY_PUBLIC_KEY: '' }, /WECHATPAY_PUBLIC_KEY: .*go together/],
    [
      'a public key id of the wrong shape',
      { WECHATPAY_PUBLIC_KEY_ID: '5157F09EFDC096DE15EBE81A47057A7232F4A1E2' },
      /WECHATPAY_PUBLIC_KEY_ID: must start with PUB_KEY_ID_/,
    ],
    [
      'a public key that is not a key',
      { WECHATPAY_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
      /WECHATPAY_PUBLIC_KEY: is neither/,
    ],
    ['a non-numeric mchid', { WECHATPAY_MCHID: 'mch-1' }, /WECHATPAY_MCHID/],
  ])('refuse %s at boot', (_what, override, message) => {
    expect(() => loadConfig({ ...REAL, ...override })).toThrow(message);
  });

  it('refuse the sandbox placeholders when WECHATPAY_BASE_URL is not loopback, naming each', () => {
    let message = '';
    try {
      loadConfig({ ...OTHER_SECRETS, WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'WECHATPAY_MCHID',
      'WECHATPAY_MERCHANT_SERIAL_NO',
      'WECHATPAY_PUBLIC_KEY_ID',
      'WECHATPAY_MERCHANT_PRIVATE_KEY',
      'WECHATPAY_APIV3_KEY',
      'WECHATPAY_PUBLIC_KEY',
    ]) {
      expect(message).toMatch(new RegExp(`${name}: is the sandbox placeholder`));
    }
    expect(() => loadConfig({ ...REAL, WECHATPAY_APIV3_KEY: loadConfig({}).WECHATPAY_APIV3_KEY })).toThrow(/WECHATPAY_APIV3_KEY: is the sandbox placeholder/);
  });

  it('refuse the sandbox merchant key and APIv3 key in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WECHATPAY_MERCHANT_PRIVATE_KEY[\s\S]*WECHATPAY_APIV3_KEY/);
  });
});
