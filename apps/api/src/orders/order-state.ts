import type { OrderStatus, PaymentStatus } from '@minipay/contracts';

/**
 * The order's life, written down once. Every path (webhook, query, reconciliation, expiry, refunds) moves an
 * order only along these edges, so a late or duplicated event can never move it backwards.
 * CLOSED → PAID exists because money that arrived is the truth: a provider that reports the payment succeeded
 * after we closed the order locally wins.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING_PAYMENT: ['PAID', 'CLOSED'],
  CLOSED: ['PAID'],
  PAID: ['FULFILLED', 'PARTIALLY_REFUNDED', 'REFUNDED'],
  FULFILLED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  REFUNDED: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` may be reached: used as the WHERE clause of a conditional UPDATE. */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(ORDER_TRANSITIONS) as OrderStatus[]).filter((from) => ORDER_TRANSITIONS[from].includes(to));
}

/** Statuses in which the order has been paid (money was collected at some point). */
export const PAID_STATUSES: readonly OrderStatus[] = ['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED', 'REFUNDED'];

/** A payment attempt's life: PENDING until the provider gives a final answer; final states never change. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  PENDING: ['SUCCEEDED', 'CANCELLED', 'FAILED'],
  // A provider may still report success for an attempt we believed cancelled (the shopper paid at the last
  // moment); the money is real, so that one correction is allowed.
  CANCELLED: ['SUCCEEDED'],
  FAILED: ['SUCCEEDED'],
  SUCCEEDED: [],
};

export function paymentSourcesOf(to: PaymentStatus): PaymentStatus[] {
  return (Object.keys(PAYMENT_TRANSITIONS) as PaymentStatus[]).filter((from) => PAYMENT_TRANSITIONS[from].includes(to));
}
