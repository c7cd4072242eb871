import { z } from 'zod';

/** ISO 4217 alphabetic code, e.g. HKD. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as HKD');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * Money is always an integer count of the currency's minor units (cents for HKD).
 * Each provider adapter converts to its own wire format; nothing else does.
 */
export const Money = z.strictObject({
  value: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** Stable machine-readable error codes; the HTTP status for each lives in the API's exception filter. */
export const ErrorCode = z.enum([
  'VALIDATION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'WECHAT_CODE_INVALID',
  'WECHAT_RATE_LIMITED',
  'WECHAT_USER_BLOCKED',
  'WECHAT_UNAVAILABLE',
  'PRODUCT_NOT_FOUND',
  'PRODUCT_UNAVAILABLE',
  'MIXED_CURRENCIES',
  'ORDER_NOT_FOUND',
  'ORDER_ALREADY_PAID',
  'ORDER_CLOSED',
  'ORDER_NOT_PAYABLE',
  'ORDER_NOT_REFUNDABLE',
  'ORDER_IN_REVIEW',
  'PAYMENT_NOT_REFUNDABLE',
  'CURRENCY_NOT_SUPPORTED',
  'REFUND_EXCEEDS_PAID_AMOUNT',
  'IDEMPOTENCY_KEY_REUSED',
  'OPERATOR_EXISTS',
  'IDEMPOTENCY_KEY_IN_USE',
  'PAYMENT_NOT_FOUND',
  'PROVIDER_TIMEOUT',
  'PROVIDER_UNAVAILABLE',
  'PROVIDER_REJECTED',
  'WEBHOOK_SIGNATURE_INVALID',
  'WEBHOOK_PAYLOAD_INVALID',
  'INTERNAL_ERROR',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Every error the API returns has this shape. */
export const ErrorEnvelope = z.strictObject({
  error: z.strictObject({
    code: z.string().min(1),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** Ids we mint are UUIDs; accepting only that shape keeps junk out of queries. */
export const Uuid = z.uuid();

/** An Idempotency-Key header value: printable ASCII, as Adyen and Stripe accept. */
export const IdempotencyKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\x21-\x7e]+$/, 'must be 1-64 printable ASCII characters without spaces');
