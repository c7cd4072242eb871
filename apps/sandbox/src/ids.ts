import { randomBytes, randomInt } from 'node:crypto';

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALNUM_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export const randomDigits = (n: number) => randomFrom('0123456789', n);
export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** WeChat openids look like `o` + 27 url-safe characters. */
export const newOpenid = () => 'o' + randomFrom(URL_SAFE, 27);
/** A wx.login code: 32 url-safe characters (real ones are similar opaque strings). */
export const newWechatCode = () => randomFrom(URL_SAFE, 32);
/** 18 random bytes encode to exactly 24 base64 characters, like a real session_key. */
export const newSessionKey = () => randomBytes(18).toString('base64');
/** Intents (docs/providers.md §3): `C991289984923795789123` — `C` + 21 digits. */
export const newIntentOrderId = () => 'C' + randomDigits(21);
/** (ours) refund ids mirror the order id shape with an `R` prefix. */
export const newIntentRefundId = () => 'R' + randomDigits(21);
/** Adyen pspReferences are 16 upper-case alphanumerics. */
export const newPspReference = () => randomFrom(ALNUM_UPPER, 16);
export const newNonceStr = () => randomFrom('abcdefghijklmnopqrstuvwxyz0123456789', 16);
export const newPrepayId = () => 'wx' + randomDigits(10) + randomHex(10);
export const newRid = () => randomHex(16);
