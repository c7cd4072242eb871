import { createHmac } from 'node:crypto';

export interface AdyenNotificationRequestItem {
  eventCode: string;
  success: 'true' | 'false';
  pspReference: string;
  originalReference?: string;
  merchantAccountCode: string;
  merchantReference: string;
  amount: { value: number; currency: string };
  eventDate: string;
  reason?: string;
  paymentMethod?: string;
  additionalData?: Record<string, string>;
}

/**
 * Adyen's HmacValidator signing string: eight fields joined by ':' with no escaping (a ':' inside a
 * reference stays as is), a missing field as "", an amount of 0 as "0".
 */
export function adyenSigningString(item: AdyenNotificationRequestItem): string {
  return [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    String(item.amount.value),
    item.amount.currency,
    item.eventCode,
    item.success,
  ].join(':');
}

/** base64 HMAC-SHA256 keyed with the HEX-DECODED key, as Adyen's libraries compute it. */
export function adyenHmacOfString(hexKey: string, signingString: string): string {
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(signingString, 'utf8').digest('base64');
}

export function adyenNotificationHmac(hexKey: string, item: AdyenNotificationRequestItem): string {
  return adyenHmacOfString(hexKey, adyenSigningString(item));
}
