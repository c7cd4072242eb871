import { createPublicKey, createVerify, X509Certificate, type KeyObject } from 'node:crypto';
import { joinedByLineFeed } from './wechatpay-signing';

/**
 * Verification of what WeChat Pay signs (2xx replies and notifications): the `Wechatpay-Timestamp`, `-Nonce`,
 * `-Signature` and `-Serial` headers, SHA256-with-RSA over `TIMESTAMP\nNONCE\nBODY\n` on the RAW body, a 300 s
 * window, and the key chosen by the serial: `PUB_KEY_ID_…` → the WeChat Pay public key, anything else → a platform
 * certificate (docs/providers.md, WeChat Pay v3). Pure: the caller passes the clock and the keys.
 */

export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
export const PUBLIC_KEY_ID_PREFIX = 'PUB_KEY_ID_';

export class WechatpaySignatureError extends Error {
  constructor(readonly reason: string) {
    super(`WeChat Pay signature rejected: ${reason}`);
    this.name = 'WechatpaySignatureError';
  }
}

export type HeaderBag = Record<string, string | string[] | undefined> | Headers;

function header(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export interface SignedHeaders {
  timestamp: string;
  nonce: string;
  signature: string;
  serial: string;
}

export function signedHeaders(headers: HeaderBag): SignedHeaders {
  const timestamp = header(headers, 'wechatpay-timestamp');
  const nonce = header(headers, 'wechatpay-nonce');
  const signature = header(headers, 'wechatpay-signature');
  const serial = header(headers, 'wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) throw new WechatpaySignatureError('missing Wechatpay-* signature headers');
  return { timestamp, nonce, signature, serial };
}

/** Anything that can name a public key by its serial. */
export interface VerificationKeys {
  keyFor(serial: string, now: Date): KeyObject | undefined;
}

export function responseSigningString(timestamp: string, nonce: string, body: string): string {
  return joinedByLineFeed(timestamp, nonce, body);
}

export function rsaVerify(message: string, signature: string, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** Throws WechatpaySignatureError unless the body is signed by WeChat Pay within the window; returns the serial. */
export function verifyWechatpaySignature(headers: HeaderBag, body: string | Buffer, keys: VerificationKeys, now: Date, toleranceSeconds = 300): string {
  const h = signedHeaders(headers);
  // WeChat sends deliberately invalid signatures to check that merchants verify: they must never pass.
  if (h.signature.startsWith(SIGNTEST_PREFIX)) throw new WechatpaySignatureError('signature probe (WECHATPAY/SIGNTEST/)');
  if (!/^\d{1,12}$/.test(h.timestamp)) throw new WechatpaySignatureError('Wechatpay-Timestamp is not a number of seconds');
  if (Math.abs(now.getTime() / 1000 - Number(h.timestamp)) > toleranceSeconds) throw new WechatpaySignatureError('timestamp outside the replay window');
  const key = keys.keyFor(h.serial, now);
  if (!key) throw new WechatpaySignatureError(`no verification key for serial ${h.serial}`);
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!rsaVerify(responseSigningString(h.timestamp, h.nonce, text), h.signature, key)) throw new WechatpaySignatureError('signature mismatch');
  return h.serial;
}

export interface PlatformCertificate {
  serialNo: string;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

/** Parses a platform certificate (PEM) into its serial (upper-case hex, as WeChat writes it), key and validity. */
export function parsePlatformCertificate(pem: string): PlatformCertificate {
  const cert = new X509Certificate(pem);
  return { serialNo: cert.serialNumber.toUpperCase(), publicKey: cert.publicKey, notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}

/**
 * The combined key set: the WeChat Pay public key (merchants registered since late 2024 have only this) and the
 * platform certificates downloaded from /v3/certificates (older merchants), routed by serial.
 */
export class WechatpayKeySet implements VerificationKeys {
  private certificates = new Map<string, PlatformCertificate>();

  constructor(private readonly publicKey?: { id: string; key: KeyObject }) {}

  static publicKeyFromPem(pem: string, setting: string): KeyObject {
    try {
      const key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
      return key;
    } catch {
      throw new Error(`${setting} is not an RSA public key in PEM format`);
    }
  }

  get hasPublicKey(): boolean {
    return this.publicKey !== undefined;
  }

  setCertificates(certificates: PlatformCertificate[]): void {
    this.certificates = new Map(certificates.map((c) => [c.serialNo, c]));
  }

  get certificateList(): PlatformCertificate[] {
    return [...this.certificates.values()];
  }

  keyFor(serial: string, now: Date): KeyObject | undefined {
    if (serial.startsWith(PUBLIC_KEY_ID_PREFIX)) return this.publicKey && this.publicKey.id === serial ? this.publicKey.key : undefined;
    const cert = this.certificates.get(serial.toUpperCase());
    if (!cert || now < cert.notBefore || now > cert.notAfter) return undefined;
    return cert.publicKey;
  }
}
