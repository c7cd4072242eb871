import { WebhookVerificationError } from '../payment-provider';
import { intentsTestHeaders, signIntentsPayload, verifyIntentsSignature } from './intents-signature';

const secret = 'test-webhook-secret-0123456789';
const body = JSON.stringify({ notify_type: 'payment_success', data: { order_id: 'C1', merchant_order_id: 'MP1-1' } });
const now = new Date('2026-11-25T12:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

function reasonOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('verifyIntentsSignature', () => {
  it('accepts a correctly signed body within the window', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds - 10);
    expect(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now)).not.toThrow();
  });

  it('matches an independently computed vector', () => {
    // base64(HMAC-SHA256("k", "1700000000.{}")), computed with openssl.
    expect(signIntentsPayload('k', '1700000000', '{}')).toBe('xu9HNAM87iNnQUoJOTheygOXdUqnpZcW2nRjqSmLUUY=');
  });

  it('rejects a body with one tampered byte', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds);
    const tampered = Buffer.from(body);
    tampered[tampered.length - 3] ^= 0x01;
    expect(reasonOf(() => verifyIntentsSignature(tampered, headers, secret, 300, now))).toBe('signature mismatch');
  });

  it('rejects a signature made with another secret', () => {
    const headers = intentsTestHeaders('another-secret-entirely', body, nowSeconds);
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe('signature mismatch');
  });

  it('rejects a timestamp older than the replay window', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds - 301);
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe('timestamp outside the replay window');
  });

  it('rejects a timestamp far in the future', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds + 301);
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe('timestamp outside the replay window');
  });

  it('rejects a signature re-used with a different timestamp', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds);
    headers['x-timestamp'] = String(nowSeconds - 1);
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe('signature mismatch');
  });

  it.each(['x-signature', 'x-timestamp'])('rejects a missing %s header', (name) => {
    const headers: Record<string, string> = intentsTestHeaders(secret, body, nowSeconds);
    delete headers[name];
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe(`missing ${name} header`);
  });

  it('rejects a malformed timestamp', () => {
    const headers = { ...intentsTestHeaders(secret, body, nowSeconds), 'x-timestamp': '12abc' };
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), headers, secret, 300, now))).toBe('malformed timestamp');
  });

  it('rejects repeated headers instead of picking one', () => {
    const headers = intentsTestHeaders(secret, body, nowSeconds);
    const doubled = { ...headers, 'x-signature': [headers['x-signature'], headers['x-signature']] };
    expect(reasonOf(() => verifyIntentsSignature(Buffer.from(body), doubled, secret, 300, now))).toBe('missing x-signature header');
  });
});
