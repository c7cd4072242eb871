import { loadConfig } from './config.schema';

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

  it('refuses the sandbox placeholder secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WECHAT_APP_SECRET[\s\S]*SESSION_SECRET/);
  });

  it('parses several Adyen HMAC keys for rotation', () => {
    const a = 'A'.repeat(64);
    const b = 'b'.repeat(64);
    expect(loadConfig({ ADYEN_HMAC_KEYS: `${a}, ${b}` }).ADYEN_HMAC_KEYS).toEqual([a, b]);
    expect(() => loadConfig({ ADYEN_HMAC_KEYS: 'not-hex' })).toThrow(/ADYEN_HMAC_KEYS/);
  });
});
