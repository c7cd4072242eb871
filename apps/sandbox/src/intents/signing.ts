import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { unixSeconds } from '../clock';

/**
 * (ours) Intents notification signature: x-signature = base64 HMAC-SHA256(webhookSecret, `${timestamp}.${rawBody}`),
 * x-timestamp = unix seconds. Like stripe-node's generateTestHeaderString, tests use it to sign their own payloads.
 */
export function signIntentsNotification(
  secret: string,
  rawBody: string,
  timestampSeconds: number = unixSeconds(),
): { 'x-timestamp': string; 'x-signature': string } {
  const timestamp = String(timestampSeconds);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('base64');
  return { 'x-timestamp': timestamp, 'x-signature': signature };
}

export interface PaySignKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
}

let cachedKeys: PaySignKeys | undefined;

/**
 * The RSA key the sandbox signs wx.requestPayment parameters with, as WeChat Pay v3 merchants do.
 * Generated once per process: RSA generation is slow and tests start many sandboxes.
 */
export function paySignKeys(): PaySignKeys {
  if (!cachedKeys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    cachedKeys = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }
  return cachedKeys;
}

/** WeChat Pay v3: paySign = base64 RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`. */
export function paySign(privateKey: KeyObject, p: { appId: string; timeStamp: string; nonceStr: string; package: string }): string {
  return createSign('RSA-SHA256').update(`${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`).sign(privateKey, 'base64');
}
