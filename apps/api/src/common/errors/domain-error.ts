import type { ErrorCode } from '@minipay/contracts';

export interface DomainErrorOptions {
  /** Machine-readable context for the client (ids, limits); never secrets. */
  details?: unknown;
  /** Whether the same request may succeed later (the filter then sends Retry-After). */
  retryable?: boolean;
}

/**
 * A failure with a stable code. Services throw these (or a named subclass such as OrderNotFoundError); the
 * exception filter alone maps the code to HTTP through HTTP_STATUS_BY_CODE.
 */
export class DomainError extends Error {
  readonly details?: unknown;
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }
}

/** HTTP status for each code: one table, used by the exception filter. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  WECHAT_CODE_INVALID: 401,
  WECHAT_RATE_LIMITED: 429,
  WECHAT_USER_BLOCKED: 403,
  WECHAT_UNAVAILABLE: 503,
  PRODUCT_NOT_FOUND: 422,
  PRODUCT_UNAVAILABLE: 422,
  MIXED_CURRENCIES: 422,
  ORDER_NOT_FOUND: 404,
  ORDER_ALREADY_PAID: 409,
  ORDER_CLOSED: 409,
  ORDER_NOT_PAYABLE: 409,
  ORDER_NOT_REFUNDABLE: 409,
  ORDER_IN_REVIEW: 409,
  PAYMENT_NOT_REFUNDABLE: 409,
  CURRENCY_NOT_SUPPORTED: 422,
  REFUND_EXCEEDS_PAID_AMOUNT: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  OPERATOR_EXISTS: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  PAYMENT_NOT_FOUND: 404,
  PROVIDER_TIMEOUT: 504,
  PROVIDER_UNAVAILABLE: 503,
  PROVIDER_REJECTED: 502,
  WEBHOOK_SIGNATURE_INVALID: 401,
  WEBHOOK_PAYLOAD_INVALID: 400,
  INTERNAL_ERROR: 500,
};
