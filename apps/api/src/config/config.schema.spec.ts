import { generateKeyPairSync } from 'node:crypto';
import { isLoopbackUrl, loadConfig, remoteProviderUrls, SANDBOX_TEST_SECRETS } from './config.schema';

describe('loadConfig', () => {
  it('defaults to the local sandbox on SQLite', () => {
    const config = loadConfig({});
    expect(config.API_PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.WECHAT_API_BASE_URL).toBe('http://127.0.0.1:4010');
    expect(config.INTENTS_BASE_URL).toBe('http://127.0.0.1:4010/mch-api/v1');
    expect(config.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3000');
  });

  it('follows SANDBOX_PORT and API_PORT', () => {
    const config = loadConfig({ SANDBOX_PORT: '4555', API_PORT: '3555' });
    expect(config.WECHAT_API_BASE_URL).toBe('http://127.0.0.1:4555');
    expect(config.PUBLIC_BASE_URL).toBe('http://127.0.0.1:3555');
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', ORDER_TTL_SECONDS: '60' })).toThrow(
      /API_PORT[\s\S]*DATABASE_URL[\s\S]*ORDER_TTL_SECONDS/,
    );
  });

  it('refuses an order TTL under five minutes', () => {
    expect(() => loadConfig({ ORDER_TTL_SECONDS: '299' })).toThrow(/ORDER_TTL_SECONDS: must be at least 300/);
  });

  it('parses several Adyen HMAC keys for rotation', () => {
    const a = 'A'.repeat(64);
    const b = 'b'.repeat(64);
    expect(loadConfig({ ADYEN_HMAC_KEYS: `${a}, ${b}` }).ADYEN_HMAC_KEYS).toEqual([a, b]);
    expect(() => loadConfig({ ADYEN_HMAC_KEYS: 'not-hex' })).toThrow(/ADYEN_HMAC_KEYS/);
  });

  it('refuses the sandbox placeholder secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com' })).toThrow(/WECHAT_APP_SECRET[\s\S]*SESSION_SECRET/);
  });

  describe('safe by default: placeholders only while every provider is on loopback', () => {
    const realSecrets = {
      WECHAT_APP_SECRET: 'real-wechat-secret-xyz',
      INTENTS_API_KEY: 'real-intents-key-xyz',
      INTENTS_WEBHOOK_SECRET: 'real-intents-webhook-secret-xyz',
      ADYEN_API_KEY: 'real-adyen-key-xyz',
      ADYEN_HMAC_KEYS: 'C'.repeat(64),
      SESSION_SECRET: 'a-real-session-secret-of-at-least-32-chars',
      ADMIN_API_KEY: 'a-real-admin-api-key-xyz',
      SESSION_KEY_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      WECHATPAY_MERCHANT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WECHATPAY_APIV3_KEY: 'r'.repeat(32),
      CONSOLE_BOOTSTRAP_PASSWORD: 'a-real-console-password',
    };

    it.each(['WECHAT_API_BASE_URL', 'INTENTS_BASE_URL', 'ADYEN_CHECKOUT_URL'])('refuses every placeholder when %s is remote, even in development', (name) => {
      for (const env of ['development', 'test']) {
        let message = '';
        try {
          loadConfig({ NODE_ENV: env, [name]: 'https://provider.example.com/api' });
        } catch (error) {
          message = (error as Error).message;
        }
        for (const secret of Object.keys(SANDBOX_TEST_SECRETS))
          expect(message).toMatch(new RegExp(`${secret}: is the sandbox placeholder; set a real secret: ${name} is not on loopback`));
      }
    });

    it('treats a non-loopback sandbox host as remote too', () => {
      expect(() => loadConfig({ SANDBOX_HOST: '10.0.0.5' })).toThrow(
        /WECHAT_API_BASE_URL, INTENTS_BASE_URL, ADYEN_CHECKOUT_URL, WECHATPAY_BASE_URL are not on loopback/,
      );
    });

    it('covers provider URL settings added later (any *_URL or *_BASE_URL that is not ours)', () => {
      const config = { ...loadConfig({}), WECHATPAY_BASE_URL: 'https://api.mch.weixin.qq.com', SOMEPSP_NOTIFY_URL: 'http://127.0.0.1:4010/x' };
      expect(remoteProviderUrls(config)).toEqual(['WECHATPAY_BASE_URL']);
      expect(remoteProviderUrls(loadConfig({ PUBLIC_BASE_URL: 'https://shop.example.com', REDIS_URL: 'redis://cache:6379' }))).toEqual([]);
    });

    it('accepts remote providers with real secrets, and loopback ones with placeholders', () => {
      expect(() =>
        loadConfig({ ...realSecrets, WECHAT_API_BASE_URL: 'https://api.weixin.qq.com', INTENTS_BASE_URL: 'https://intents.example.com/v1' }),
      ).not.toThrow();
      expect(() => loadConfig({ INTENTS_BASE_URL: 'http://localhost:4010/mch-api/v1', ADYEN_CHECKOUT_URL: 'http://[::1]:4010/adyen' })).not.toThrow();
    });

    it('does not count our own addresses (PUBLIC_BASE_URL, DATABASE_URL, REDIS_URL) as providers', () => {
      expect(() =>
        loadConfig({ PUBLIC_BASE_URL: 'https://shop.example.com', DATABASE_URL: 'postgres://db.internal/minipay', REDIS_URL: 'redis://cache.internal:6379' }),
      ).not.toThrow();
    });

    it('names one placeholder left among real secrets', () => {
      const { ADMIN_API_KEY: _omitted, ...others } = realSecrets;
      expect(() => loadConfig({ ...others, WECHAT_API_BASE_URL: 'https://api.weixin.qq.com' })).toThrow(/ADMIN_API_KEY: is the sandbox placeholder/);
      expect(() => loadConfig({ ...others, WECHAT_API_BASE_URL: 'https://api.weixin.qq.com' })).not.toThrow(/SESSION_SECRET/);
    });

    it('requires PUBLIC_BASE_URL in production', () => {
      expect(() => loadConfig({ ...realSecrets, NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL: is required in production/);
      expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL: is required[\s\S]*WECHAT_APP_SECRET: is the sandbox placeholder/);
      expect(loadConfig({ ...realSecrets, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com/' }).PUBLIC_BASE_URL).toBe(
        'https://api.example.com',
      );
    });

    it('knows loopback addresses', () => {
      expect(['http://127.0.0.1:1', 'http://127.8.9.10', 'http://localhost:3000/x', 'http://[::1]:4010'].every(isLoopbackUrl)).toBe(true);
      expect(['http://10.0.0.1', 'https://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://0.0.0.0:4010', 'not a url'].some(isLoopbackUrl)).toBe(
        false,
      );
    });
  });

  describe('CORS origins', () => {
    it('defaults to the local H5 and console origins in development, the console alone with credentials', () => {
      const config = loadConfig({ H5_PORT: '10500', CONSOLE_PORT: '10501' });
      expect(config.CORS_ORIGINS).toEqual(['http://127.0.0.1:10500', 'http://localhost:10500', 'http://127.0.0.1:10501', 'http://localhost:10501']);
      expect(config.CONSOLE_ORIGIN).toBe('http://127.0.0.1:10501');
    });

    it('allows nothing in production until set', () => {
      const prod = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com' };
      const secrets = Object.fromEntries(
        Object.keys(SANDBOX_TEST_SECRETS).map((k) => [
          k,
          k === 'ADYEN_HMAC_KEYS'
            ? 'D'.repeat(64)
            : k === 'SESSION_KEY_ENCRYPTION_KEYS'
              ? `p:${Buffer.alloc(32, 3).toString('base64')}`
              : k === 'WECHATPAY_MERCHANT_PRIVATE_KEY'
                ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
                : k === 'WECHATPAY_APIV3_KEY'
                  ? 'p'.repeat(32)
                  : `real-${k.toLowerCase()}-value-long-enough-0123456789`,
        ]),
      );
      const config = loadConfig({ ...prod, ...secrets });
      expect(config.CORS_ORIGINS).toEqual([]);
      expect(config.CONSOLE_ORIGIN).toBeUndefined();
      const set = loadConfig({ ...prod, ...secrets, CORS_ORIGINS: 'https://shop.example.com', CONSOLE_ORIGIN: 'https://console.example.com' });
      expect(set.CORS_ORIGINS).toEqual(['https://shop.example.com', 'https://console.example.com']);
    });

    it.each(['*', 'https://shop.example.com/path', 'shop.example.com', 'ftp://x.example.com'])('refuses %j as an origin', (value) => {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    });
  });

  it('parses TRUST_PROXY as a flag, a hop count or a list of proxies', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '192.168.1.1']);
  });

  it('validates the session_key encryption keys', () => {
    expect(() => loadConfig({ SESSION_KEY_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/SESSION_KEY_ENCRYPTION_KEYS(\.0)?: each key must be 32 bytes/);
    const key = Buffer.alloc(32, 9).toString('base64');
    expect(() => loadConfig({ SESSION_KEY_ENCRYPTION_KEYS: `a:${key},a:${key}` })).toThrow(/key ids must be unique/);
    expect(loadConfig({ SESSION_KEY_ENCRYPTION_KEYS: `new:${key}, old:${key}` }).SESSION_KEY_ENCRYPTION_KEYS).toEqual([`new:${key}`, `old:${key}`]);
  });
});
