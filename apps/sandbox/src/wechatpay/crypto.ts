import { createCipheriv, createPrivateKey, createPublicKey, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { unixSeconds } from '../clock';

/**
 * The platform side of WeChat Pay API v3's cryptography: checking a merchant's Authorization header, signing
 * replies and notifications, and AEAD_AES_256_GCM-encrypting notification resources and certificates.
 * The API has its own implementation; the two meet only on the wire.
 */

export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
const CLOCK_SKEW_SECONDS = 300;

export const lines = (...parts: string[]) => parts.map((p) => `${p}\n`).join('');

export function rsaSign(message: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
}

export function rsaVerify(message: string, signature: string, key: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(key, signature, 'base64');
  } catch {
    return false;
  }
}

export const privateKey = (pem: string) => createPrivateKey(pem);
export const publicKey = (pem: string) => createPublicKey(pem);

export interface AuthorizationCheck {
  ok: boolean;
  mchid?: string;
  /** Why it failed, in the words WeChat's SIGN_ERROR detail uses. */
  message?: string;
  signMessage?: string;
}

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…` and verifies the signature over `METHOD\nURL\nTS\nNONCE\nBODY\n`. */
export function checkAuthorization(
  header: string | undefined,
  req: { method: string; url: string; body: string },
  merchant: { mchid: string; serialNo: string; publicKey: KeyObject },
  now: number = unixSeconds(),
): AuthorizationCheck {
  if (!header) return { ok: false, message: 'Authorization header is missing' };
  if (!header.startsWith(AUTH_SCHEMA + ' ')) return { ok: false, message: `authorization type must be ${AUTH_SCHEMA}` };
  const fields: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  const { mchid, nonce_str: nonce, timestamp, serial_no: serial, signature } = fields;
  if (!mchid || !nonce || !timestamp || !serial || !signature)
    return { ok: false, message: 'authorization is missing mchid, nonce_str, timestamp, serial_no or signature' };
  const signMessage = lines(req.method, req.url, timestamp, nonce, req.body);
  if (mchid !== merchant.mchid) return { ok: false, mchid, message: 'mchid is not a sandbox merchant', signMessage };
  if (serial !== merchant.serialNo) return { ok: false, mchid, message: `serial_no ${serial} is not the merchant's certificate serial`, signMessage };
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > CLOCK_SKEW_SECONDS)
    return { ok: false, mchid, message: 'timestamp is expired or invalid', signMessage };
  if (!rsaVerify(signMessage, signature, merchant.publicKey)) return { ok: false, mchid, message: 'signature does not match the request', signMessage };
  return { ok: true, mchid, signMessage };
}

export interface Signer {
  serial: string;
  key: KeyObject;
}

/** The four Wechatpay-* headers (and the type) over `TIMESTAMP\nNONCE\nBODY\n`. */
export function wechatpaySignatureHeaders(signer: Signer, body: string, timestamp: number = unixSeconds()): Record<string, string> {
  const nonce = randomBytes(16).toString('hex');
  const ts = String(timestamp);
  return {
    'wechatpay-timestamp': ts,
    'wechatpay-nonce': nonce,
    'wechatpay-serial': signer.serial,
    'wechatpay-signature': rsaSign(lines(ts, nonce, body), signer.key),
    'wechatpay-signature-type': AUTH_SCHEMA,
  };
}

/** A deliberate probe: WeChat sends these to check that merchants refuse a bad signature. */
export function signtestHeaders(signer: Signer, timestamp: number = unixSeconds()): Record<string, string> {
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': randomBytes(16).toString('hex'),
    'wechatpay-serial': signer.serial,
    'wechatpay-signature': SIGNTEST_PREFIX + randomBytes(192).toString('base64'),
    'wechatpay-signature-type': AUTH_SCHEMA,
  };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
}

/** AEAD_AES_256_GCM with the 32-byte APIv3 key; the 16-byte tag is appended to the ciphertext. */
export function encryptResource(apiV3Key: string, plaintext: string, associatedData: string): EncryptedResource {
  const nonce = randomBytes(9).toString('base64url').slice(0, 12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: body.toString('base64'), associated_data: associatedData, nonce };
}
