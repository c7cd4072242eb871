import type { Payment } from './payment.entity';
import type { PaymentLocator } from './providers/payment-provider';

/** What an adapter needs to find one attempt at its provider. */
export function locatorOf(payment: Payment): PaymentLocator {
  return { reference: payment.reference, providerPaymentId: payment.providerPaymentId, providerData: payment.providerData };
}
