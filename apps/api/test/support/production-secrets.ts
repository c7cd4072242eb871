import { generateKeyPairSync } from 'node:crypto';
import { SANDBOX_TEST_SECRETS } from '../../src/config/config.schema';

/** A well-formed real-looking value for each secret whose sandbox placeholder production refuses. */
const SHAPED: Record<string, () => string> = {
  ADYEN_HMAC_KEYS: () => 'C'.repeat(64),
  SESSION_KEY_ENCRYPTION_KEYS: () => `prod1:${Buffer.alloc(32, 5).toString('base64')}`,
  WECHATPAY_MERCHANT_PRIVATE_KEY: () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  WECHATPAY_APIV3_KEY: () => 'p'.repeat(32),
};

/**
 * Every secret set to a non-placeholder value, so a test can boot with NODE_ENV=production. Built from
 * SANDBOX_TEST_SECRETS, so a secret added later is covered without touching the tests.
 */
export function productionSecrets(): Record<string, string> {
  return Object.fromEntries(Object.keys(SANDBOX_TEST_SECRETS).map((name) => [name, SHAPED[name]?.() ?? `real-${name.toLowerCase()}-value-0123456789abcdef`]));
}
