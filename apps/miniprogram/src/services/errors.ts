import { ErrorEnvelope } from '@minipay/contracts'
import { t, type MessageParams } from '../i18n'

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
  constructor(
    readonly path: string,
    readonly issues: unknown,
  ) {
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

type ErrorWords =
  | 'network'
  | 'alreadyPaid'
  | 'closed'
  | 'inReview'
  | 'notPayable'
  | 'orderNotFound'
  | 'productUnavailable'
  | 'mixedCurrencies'
  | 'signIn'
  | 'rateLimited'
  | 'server'
  | 'request'
  | 'bridge'
  | 'invalidResponse'
  | 'unknown'

function words(kind: ErrorWords, retryable: boolean, params?: MessageParams): ErrorDescription {
  return { title: t(`error.${kind}.title`), message: t(`error.${kind}.message`, params), retryable }
}

const API_ERROR_WORDS: Record<string, ErrorWords> = {
  ORDER_ALREADY_PAID: 'alreadyPaid',
  ORDER_CLOSED: 'closed',
  ORDER_IN_REVIEW: 'inReview',
  ORDER_NOT_PAYABLE: 'notPayable',
  ORDER_NOT_FOUND: 'orderNotFound',
  PRODUCT_NOT_FOUND: 'productUnavailable',
  PRODUCT_UNAVAILABLE: 'productUnavailable',
  MIXED_CURRENCIES: 'mixedCurrencies',
  UNAUTHENTICATED: 'signIn',
  WECHAT_CODE_INVALID: 'signIn',
  RATE_LIMITED: 'rateLimited',
  WECHAT_RATE_LIMITED: 'rateLimited',
}
const RETRYABLE_WORDS = new Set<ErrorWords>(['signIn', 'rateLimited'])

/**
 * What the pages show for an error, in the shopper's language; one place so every page words the same failure
 * the same way. The server's own message (English, for developers) is never shown: its code picks the words.
 */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof NetworkError) return words('network', true)
  if (error instanceof ApiError) {
    const known = API_ERROR_WORDS[error.code]
    if (known) return words(known, RETRYABLE_WORDS.has(known))
    if (error.status >= 500) return words('server', true)
    return words('request', false, { code: error.code })
  }
  if (error instanceof BridgeError) return words('bridge', true)
  if (error instanceof InvalidResponseError) return words('invalidResponse', true)
  return words('unknown', true)
}
