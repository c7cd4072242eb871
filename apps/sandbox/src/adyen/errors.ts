import type { ProviderReply } from '../provider-call';

/**
 * Adyen's error shape, `{ status, errorCode, message, errorType }`: the official library turns it into
 * an HttpClientException carrying statusCode and errorCode. Codes used here:
 * 000 unauthorised, 702 malformed JSON, 130 invalid/missing field, 901 invalid merchant account,
 * 704 idempotency key reused with another body, 167 unknown original pspReference, 14_018 unknown paymentData.
 */
export function adyenError(status: number, errorCode: string, message: string, errorType = 'validation'): ProviderReply {
  return { status, body: { status, errorCode, message, errorType } };
}

export const unauthorized = () => adyenError(401, '000', 'HTTP Status Response - Unauthorized', 'security');

export const injectedAdyenFailure = (status: number) => ({
  status,
  errorCode: '905',
  message: 'Payment details are not supported (sandbox injected failure)',
  errorType: status >= 500 ? 'internal' : 'validation',
});
