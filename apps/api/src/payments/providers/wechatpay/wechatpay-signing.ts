import { createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay API v3 request signing and the wx.requestPayment paySign, both SHA256-with-RSA (PKCS#1 v1.5) with
 * the merchant API private key, base64 (docs/providers.md, WeChat Pay v3). Pure functions: the adapter supplies
 * the clock and the nonce.
 */

export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** Lines joined and terminated by `\n`, the last one included: the shape of every v3 signing string. */
export function joinedByLineFeed(...parts: (string | number)[]): string {
  return parts.map((p) => `${p}\n`).join('');
}

/** `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`; the URL is the path with its query, without scheme and host. */
export function requestSigningString(method: string, pathWithQuery: string, timestamp: string, nonce: string, body = ''): string {
  return joinedByLineFeed(method.toUpperCase(), pathWithQuery, timestamp, nonce, body);
}

export function rsaSign(message: string, privateKey: KeyObject | string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export interface AuthorizationParts {
  mchid: string;
  serialNo: string;
  nonce: string;
  timestamp: string;
  signature: string;
}

/** The five fields may come in any order; this is the order of WeChat's SDKs. */
export function authorizationHeader(p: AuthorizationParts): string {
  return `${AUTH_SCHEMA} mchid="${p.mchid}",serial_no="${p.serialNo}",timestamp="${p.timestamp}",nonce_str="${p.nonce}",signature="${p.signature}"`;
}

/** The Authorization header for one request. */
export function signRequest(
  req: { method: string; pathWithQuery: string; body?: string },
  merchant: { mchid: string; serialNo: string; privateKey: KeyObject },
  timestamp: string,
  nonce: string,
): string {
  const signature = rsaSign(requestSigningString(req.method, req.pathWithQuery, timestamp, nonce, req.body ?? ''), merchant.privateKey);
  return authorizationHeader({ mchid: merchant.mchid, serialNo: merchant.serialNo, nonce, timestamp, signature });
}

export interface PaySignInput {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
}

/** paySign = RSA-SHA256 over `appId\ntimeStamp\nnonceStr\npackage\n`; signType is `RSA`. */
export function paySign(p: PaySignInput, privateKey: KeyObject | string): string {
  return rsaSign(joinedByLineFeed(p.appId, p.timeStamp, p.nonceStr, p.package), privateKey);
}

/** 32 upper-case hex characters, like WeChat's own examples. */
export const newNonce = () => randomBytes(16).toString('hex').toUpperCase();

/** A PEM private key (PKCS#8 or PKCS#1); throws a message that names the setting, never the key. */
export function parsePrivateKey(pem: string, setting: string): KeyObject {
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
    return key;
  } catch {
    throw new Error(`${setting} is not an RSA private key in PEM format`);
  }
}
