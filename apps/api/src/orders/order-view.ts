import type { Order as OrderDto, PaymentSummary } from '@minipay/contracts';
import type { Payment } from '../payments/payment.entity';
import type { Order } from './order.entity';

/** The contract view of an order (and its latest payment attempt, if any). */
export function toOrderDto(order: Order, latestPayment: Payment | null): OrderDto {
  return {
    id: order.id,
    merchantOrderId: order.merchantOrderId,
    status: order.status,
    amount: { value: order.amountValue, currency: order.currency },
    refundedAmount: { value: order.refundedValue, currency: order.currency },
    items: order.items,
    createdAt: order.createdAt.toISOString(),
    expiresAt: order.expiresAt.toISOString(),
    paidAt: order.paidAt ? order.paidAt.toISOString() : null,
    latestPayment: latestPayment ? toPaymentSummary(latestPayment) : null,
  };
}

export function toPaymentSummary(payment: Payment): PaymentSummary {
  return { id: payment.id, provider: payment.provider, status: payment.status, createdAt: payment.createdAt.toISOString() };
}
