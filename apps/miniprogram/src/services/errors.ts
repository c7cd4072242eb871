import { ErrorEnvelope } from '@minipay/contracts'

/** The API answered with an error envelope (or at least an HTTP error status). */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    /** The envelope's stable code (ORDER_ALREADY_PAID…), or HTTP_<status> when the body was not an envelope. */
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** The request never got an HTTP answer: offline, DNS, refused, timed out. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError'
}

/** The API answered 2xx with a body that does not match the contract: a deploy mismatch, not a user problem. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError'
  constructor(readonly path: string, readonly issues: unknown) {
    super(`Unexpected response from ${path}`)
  }
}

/** The WeChat bridge itself failed (login returned no code, the sandbox is unreachable in H5). */
export class BridgeError extends Error {
  override readonly name = 'BridgeError'
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}

/** Turns any non-2xx answer into an ApiError, keeping the envelope's code when there is one. */
export function toApiError(status: number, body: unknown): ApiError {
  const parsed = ErrorEnvelope.safeParse(body)
  if (parsed.success) {
    const { code, message, details } = parsed.data.error
    return new ApiError(status, code, message, details)
  }
  return new ApiError(status, `HTTP_${status}`, `The server answered ${status}`)
}

export interface ErrorDescription {
  title: string
  message: string
  /** Whether trying the same thing again may work (network down, 5xx, rate limited). */
  retryable: boolean
}

/** What the pages show for an error; one place so every page words the same failure the same way. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof NetworkError) {
    return { title: 'No connection', message: 'Check your network and try again.', retryable: true }
  }
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'ORDER_ALREADY_PAID':
        return { title: 'Already paid', message: 'This order has already been paid.', retryable: false }
      case 'ORDER_CLOSED':
        return { title: 'Order closed', message: 'This order was closed and can no longer be paid.', retryable: false }
      case 'ORDER_IN_REVIEW':
        return { title: 'Payment being checked', message: 'We are checking a payment for this order. You will not be charged again.', retryable: false }
      case 'ORDER_NOT_PAYABLE':
        return { title: 'Not payable', message: 'This order cannot be paid right now.', retryable: false }
      case 'ORDER_NOT_FOUND':
        return { title: 'Order not found', message: 'We could not find this order.', retryable: false }
      case 'PRODUCT_NOT_FOUND':
      case 'PRODUCT_UNAVAILABLE':
        return { title: 'Product unavailable', message: 'An item in your cart is no longer available.', retryable: false }
      case 'MIXED_CURRENCIES':
        return { title: 'Mixed currencies', message: 'Items priced in different currencies must be bought separately.', retryable: false }
      case 'UNAUTHENTICATED':
      case 'WECHAT_CODE_INVALID':
        return { title: 'Sign-in failed', message: 'We could not sign you in. Please try again.', retryable: true }
      case 'RATE_LIMITED':
      case 'WECHAT_RATE_LIMITED':
        return { title: 'Too many requests', message: 'Please wait a moment and try again.', retryable: true }
    }
    if (error.status >= 500) {
      return { title: 'Something went wrong', message: 'The service is having trouble. Please try again.', retryable: true }
    }
    return { title: 'Request failed', message: error.message, retryable: false }
  }
  if (error instanceof BridgeError) {
    return { title: 'WeChat is unavailable', message: error.message, retryable: true }
  }
  if (error instanceof InvalidResponseError) {
    return { title: 'Something went wrong', message: 'The service answered unexpectedly. Please try again later.', retryable: true }
  }
  return { title: 'Something went wrong', message: 'Please try again.', retryable: true }
}
