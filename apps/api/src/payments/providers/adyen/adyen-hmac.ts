import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fields of a NotificationRequestItem that Adyen's HMAC covers. */
export interface AdyenSignedFields {
  pspReference?: string;
  originalReference?: string;
  merchantAccountCode?: string;
  merchantReference?: string;
  amount?: { value?: number | string; currency?: string };
  eventCode?: string;
  success?: string | boolean;
}

/**
 * Adyen's signing string (HmacValidator.getDataToSign for payment webhooks): eight fields joined by ':'
 * with NO escaping (a ':' inside a reference stays as is), a missing field as "" and an amount of 0 as "0".
 */
export function adyenSigningString(item: AdyenSignedFields): string {
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return [
    text(item.pspReference),
    text(item.originalReference),
    text(item.merchantAccountCode),
    text(item.merchantReference),
    text(item.amount?.value),
    text(item.amount?.currency),
    text(item.eventCode),
    text(item.success),
  ].join(':');
}

/** base64 HMAC-SHA256 of the signing string, keyed with the HEX-DECODED key (not the hex text). */
export function adyenHmac(hexKey: string, signingString: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(signingString, 'utf8').digest('base64');
}

export function signAdyenItem(hexKey: string, item: AdyenSignedFields): string {
  return adyenHmac(hexKey, adyenSigningString(item));
}

/**
 * True when `signature` was made with ANY of `hexKeys`: during a key rotation Adyen signs with the new key
 * while notifications already queued carry the old one, so both must verify for a while.
 * Every key is tried (no early exit) and each comparison is constant-time.
 */
export function verifyAdyenSignature(item: AdyenSignedFields, signature: string | undefined, hexKeys: readonly string[]): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature, 'base64');
  const data = adyenSigningString(item);
  let ok = false;
  for (const key of hexKeys) {
    const wanted = Buffer.from(adyenHmac(key, data), 'base64');
    if (given.length === wanted.length && timingSafeEqual(given, wanted)) ok = true;
  }
  return ok;
}
