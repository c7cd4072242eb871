import { REQUEST_PAYMENT_CANCEL, type Order } from '@minipay/contracts'
import { bridge } from '../bridge'
import * as api from './api'
import { MERCHANT_NAME } from './config'
import { isApiError } from './errors'

/**
 * What the shopper is told, derived only from the order the SERVER returned (never from the pay sheet's errMsg):
 * - paid: the provider confirmed it (or the order moved on to fulfilment/refund).
 * - cancelled / failed: the latest attempt ended without payment; the order can still be paid.
 * - unpaid: no payment attempt yet; the order can be paid.
 * - confirming: an attempt is under way and the provider has not decided yet; keep polling.
 * - closed: the order expired or was closed; it cannot be paid any more.
 * - review: the provider reported a payment the server cannot accept as is (another amount, a second payment);
 *   an operator checks it, and the order cannot be paid again meanwhile (the API answers 409 ORDER_IN_REVIEW).
 */
export type PaymentVerdict = 'paid' | 'cancelled' | 'failed' | 'unpaid' | 'confirming' | 'closed' | 'review'

export function verdictOf(order: Order): PaymentVerdict {
  // A paid order stays "paid" for the shopper even when an operator refunds a duplicate payment of it.
  if (order.inReview && (order.status === 'PENDING_PAYMENT' || order.status === 'CLOSED')) return 'review'
  switch (order.status) {
    case 'PAID':
    case 'FULFILLED':
    case 'PARTIALLY_REFUNDED':
    case 'REFUNDED':
      return 'paid'
    case 'CLOSED':
      return 'closed'
    case 'PENDING_PAYMENT':
      switch (order.latestPayment?.status) {
        case 'CANCELLED':
          return 'cancelled'
        case 'FAILED':
          return 'failed'
        case 'SUCCEEDED':
          // The attempt succeeded but the order has not caught up yet: a matter of moments.
          return 'confirming'
        case 'PENDING':
          return 'confirming'
        case undefined:
          return 'unpaid'
      }
  }
}

export function isPayable(order: Order): boolean {
  return order.status === 'PENDING_PAYMENT' && !order.inReview
}

export interface PaymentOutcome {
  /** The server's view of the order after the pay sheet closed. */
  order: Order
  /** What the pay sheet reported: a hint for wording only. */
  errMsg: string
}

/**
 * The whole payment of one order: ask the API for the wx.requestPayment parameters, show the pay sheet, report
 * its errMsg to the API and return the API's verdict. A 409 ORDER_ALREADY_PAID is not an error for the shopper:
 * it answers with the current order so the result page shows "Paid".
 */
export async function payOrder(order: Order): Promise<PaymentOutcome> {
  let payment
  try {
    payment = await api.startPayment(order.id)
  } catch (error) {
    if (isApiError(error, 'ORDER_ALREADY_PAID')) {
      return { order: await api.getOrder(order.id), errMsg: 'requestPayment:ok' }
    }
    // Being checked by an operator: not the shopper's error; the result page says so instead of a pay sheet.
    if (isApiError(error, 'ORDER_IN_REVIEW')) {
      return { order: await api.getOrder(order.id), errMsg: 'requestPayment:fail order in review' }
    }
    throw error
  }

  const { errMsg } = await bridge.requestPayment(payment.requestPayment, {
    merchantOrderId: order.merchantOrderId,
    amount: order.amount,
    merchantName: MERCHANT_NAME,
  })

  try {
    return { order: await api.reportPaymentResult(order.id, { errMsg }), errMsg }
  } catch {
    // The report is only a hint to the server; if it got lost, the server still learns the outcome from the
    // provider. Show whatever the server says now, and let the result page poll if it has not decided yet.
    try {
      return { order: await api.getOrder(order.id), errMsg }
    } catch {
      return { order, errMsg }
    }
  }
}

export function wasCancelledInSheet(errMsg: string | undefined): boolean {
  return errMsg === REQUEST_PAYMENT_CANCEL
}

/** Mutable so tests can shorten the waits. */
export const pollSettings = {
  intervalMs: 1500,
  /** After this the result page stops and says the payment is still being confirmed. */
  timeoutMs: 30_000,
}

export interface PollOptions {
  onUpdate?: (order: Order) => void
  isCancelled?: () => boolean
}

export interface PollResult {
  order: Order
  verdict: PaymentVerdict
  timedOut: boolean
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Polls GET /orders/:id until the verdict is final or pollSettings.timeoutMs passes. Transient failures
 * (network, 5xx) are skipped over; anything else (404, a second 401) ends the poll with that error.
 */
export async function pollOrder(initial: Order, options: PollOptions = {}): Promise<PollResult> {
  const deadline = Date.now() + pollSettings.timeoutMs
  let order = initial
  while (verdictOf(order) === 'confirming') {
    if (Date.now() >= deadline) return { order, verdict: 'confirming', timedOut: true }
    await sleep(pollSettings.intervalMs)
    if (options.isCancelled?.()) break
    try {
      order = await api.getOrder(order.id)
      options.onUpdate?.(order)
    } catch (error) {
      if (isApiError(error) && error.status < 500 && error.status !== 429) throw error
    }
  }
  return { order, verdict: verdictOf(order), timedOut: false }
}
