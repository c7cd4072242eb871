import type { PaymentStatus } from '@minipay/contracts';

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
