import type { RefundStatus } from '@minipay/contracts';

/**
 * A refund's life. PENDING until the provider decides. A provider may still change its mind afterwards:
 * Adyen's REFUND_FAILED after a successful REFUND (→ FAILED), REFUNDED_REVERSED (→ REVERSED); and a refund
 * we gave up on (FAILED) that the provider later reports succeeded is applied (→ SUCCEEDED).
 */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  PENDING: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: ['FAILED', 'REVERSED'],
  FAILED: ['SUCCEEDED'],
  REVERSED: [],
};

export function refundSourcesOf(to: RefundStatus): RefundStatus[] {
  return (Object.keys(REFUND_TRANSITIONS) as RefundStatus[]).filter((from) => REFUND_TRANSITIONS[from].includes(to));
}

/** Statuses whose amount is taken from what can still be refunded. */
export const RESERVING: readonly RefundStatus[] = ['PENDING', 'SUCCEEDED'];

/**
 * How a move changes the paid amount's bookkeeping: `reserved` (pending + succeeded) and `refunded`
 * (succeeded only), in multiples of the refund's amount.
 */
export function bookkeepingOf(from: RefundStatus, to: RefundStatus): { reserved: number; refunded: number } {
  const reserved = (RESERVING.includes(to) ? 1 : 0) - (RESERVING.includes(from) ? 1 : 0);
  const refunded = (to === 'SUCCEEDED' ? 1 : 0) - (from === 'SUCCEEDED' ? 1 : 0);
  return { reserved, refunded };
}
