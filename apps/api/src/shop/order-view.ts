import type { Order as OrderDto, PaymentSummary, RefundSummary } from '@minipay/contracts';
import type { Payment } from '../payments/payment.entity';
import type { Refund } from '../refunds/refund.entity';
import type { Order } from '../orders/order.entity';

/** The contract view of an order, with its latest payment attempt (if any) and its refunds. */
export function toOrderDto(order: Order, latestPayment: Payment | null, refunds: readonly Refund[] = []): OrderDto {
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
    inReview: order.reviewReason !== null,
    refunds: refunds.map(toRefundSummary),
  };
}

export function toPaymentSummary(payment: Payment): PaymentSummary {
  return { id: payment.id, provider: payment.provider, status: payment.status, createdAt: payment.createdAt.toISOString() };
}

export function toRefundSummary(refund: Refund): RefundSummary {
  return {
    id: refund.id,
    paymentId: refund.paymentId,
    status: refund.status,
    amount: { value: refund.amountValue, currency: refund.currency },
    createdAt: refund.createdAt.toISOString(),
  };
}
