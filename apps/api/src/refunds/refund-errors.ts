import type { OrderStatus, PaymentStatus } from '@minipay/contracts';
import { DomainError } from '../common/errors/domain-error';

/** The errors of refunds/, by name; the exception filter maps each code to its HTTP status. */
export class OrderNotRefundableError extends DomainError {
  constructor(status: OrderStatus | null) {
    super(
      'ORDER_NOT_REFUNDABLE',
      status
        ? `An order in status ${status} cannot be refunded; name a paymentId to refund a payment of an order in review`
        : 'This order has no successful payment to refund',
      status ? { details: { status } } : {},
    );
  }
}

export class PaymentNotRefundableError extends DomainError {
  constructor(status: PaymentStatus) {
    super('PAYMENT_NOT_REFUNDABLE', `A payment in status ${status} collected nothing to refund`, { details: { status } });
  }
}

export class RefundExceedsPaidAmountError extends DomainError {
  constructor(remaining: number, requested: number) {
    super('REFUND_EXCEEDS_PAID_AMOUNT', `Only ${remaining} (minor units) of this payment can still be refunded`, { details: { remaining, requested } });
  }
}

export class RefundInProgressError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_KEY_IN_USE', 'Another refund of this order is being created; retry', { retryable: true });
  }
}
