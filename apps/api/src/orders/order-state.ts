import type { OrderStatus } from '@minipay/contracts';

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
