import { Injectable, Logger } from '@nestjs/common';
import type { PaymentStatus } from '@minipay/contracts';
import { EntityManager, In } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import { Order } from '../orders/order.entity';
import { paymentSourcesOf } from '../orders/order-state';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderTransitions } from '../orders/order-transitions';
import { Payment } from './payment.entity';
import type { PaymentSnapshot } from './providers/payment-provider';

export type SettlementSource = 'notification' | 'query' | 'client_result' | 'reconciliation' | 'expiry' | 'create';

export interface SettlementResult {
  paymentStatus: PaymentStatus;
  /** True only for the one caller whose settlement moved the order to PAID. */
  orderPaid: boolean;
  flaggedForReview: boolean;
}

/** Hook for what must happen in the same transaction as the PAID transition (the fulfilment outbox). */
export abstract class PaidOrderHook {
  abstract onPaid(manager: EntityManager, order: Order, payment: Payment): Promise<void>;
}

/**
 * Applies a provider's verdict about one payment attempt to our state. Used by every path (webhook, client
 * result, reconciliation, expiry), so each path gets the same guarantees: forward-only transitions, the amount
 * checked against the order, and exactly one PAID transition however many callers race.
 */
@Injectable()
export class PaymentSettlement {
  private readonly logger = new Logger(PaymentSettlement.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly transitions: OrderTransitions,
    private readonly timeline: OrderTimeline,
    private readonly paidHook: PaidOrderHook,
  ) {}

  settle(payment: Payment, snapshot: PaymentSnapshot, source: SettlementSource): Promise<SettlementResult> {
    return this.tx.run(async (manager) => {
      const payments = manager.getRepository(Payment);
      const order = await manager.getRepository(Order).findOneByOrFail({ id: payment.orderId });
      const now = new Date();
      if (snapshot.providerPaymentId && !payment.providerPaymentId) {
        await payments.update({ id: payment.id }, { providerPaymentId: snapshot.providerPaymentId, updatedAt: now });
      }

      if (snapshot.status === 'PENDING') {
        return { paymentStatus: 'PENDING', orderPaid: false, flaggedForReview: false };
      }

      if (snapshot.status === 'SUCCEEDED') {
        const amount = snapshot.amount;
        if (amount && (amount.value !== order.amountValue || amount.currency !== order.currency)) {
          return this.flagAmountMismatch(manager, order, payment, amount, source);
        }
        const moved = await this.movePayment(manager, payment.id, 'SUCCEEDED', null);
        const paidAt = snapshot.paidAt ?? now;
        const orderPaid = await this.transitions.apply(manager, order.id, 'PAID', {
          reason: `payment ${payment.reference} succeeded (${source})`,
          paidAt,
          data: { paymentId: payment.id, source },
        });
        if (orderPaid) {
          await this.paidHook.onPaid(manager, { ...order, status: 'PAID', paidAt }, payment);
        } else if (moved && order.status !== 'PENDING_PAYMENT' && order.status !== 'CLOSED') {
          // Another attempt had already paid this order: the shopper paid twice and must be refunded.
          await manager.getRepository(Order).update({ id: order.id }, { reviewReason: `second successful payment ${payment.reference}: refund it`, updatedAt: now });
          await this.timeline.record(order.id, 'review', `second successful payment ${payment.reference}; needs a refund`, { paymentId: payment.id }, manager);
        }
        return { paymentStatus: 'SUCCEEDED', orderPaid, flaggedForReview: false };
      }

      const moved = await this.movePayment(manager, payment.id, snapshot.status, snapshot.failureReason ?? null);
      if (moved) {
        await this.timeline.record(order.id, 'transition', `payment ${payment.reference} → ${snapshot.status} (${source})`, {
          paymentId: payment.id,
          failureReason: snapshot.failureReason,
        }, manager);
      }
      const current = await payments.findOneByOrFail({ id: payment.id });
      return { paymentStatus: current.status, orderPaid: false, flaggedForReview: false };
    });
  }

  /** Forward-only: `WHERE status IN (sources of to)`; true when this call changed the row. */
  private async movePayment(manager: EntityManager, paymentId: string, to: PaymentStatus, failureReason: string | null): Promise<boolean> {
    const set: Partial<Payment> = { status: to, updatedAt: new Date(), nextQueryAt: null };
    if (failureReason) set.failureReason = failureReason.slice(0, 200);
    const result = await manager
      .getRepository(Payment)
      .createQueryBuilder()
      .update(Payment)
      .set(set)
      .where({ id: paymentId, status: In(paymentSourcesOf(to)) })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  private async flagAmountMismatch(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    reported: { value: number; currency: string },
    source: SettlementSource,
  ): Promise<SettlementResult> {
    const reason = `provider reported ${reported.value} ${reported.currency}, order is ${order.amountValue} ${order.currency}`;
    this.logger.warn({ orderId: order.id, paymentId: payment.id, source }, `amount mismatch: ${reason}`);
    await this.movePayment(manager, payment.id, 'FAILED', `amount mismatch: ${reason}`);
    await manager.getRepository(Order).update({ id: order.id }, { reviewReason: `amount mismatch: ${reason}`.slice(0, 200), updatedAt: new Date() });
    await this.timeline.record(order.id, 'review', `not marked paid, amount mismatch: ${reason}`, { paymentId: payment.id, source, reported }, manager);
    return { paymentStatus: 'FAILED', orderPaid: false, flaggedForReview: true };
  }
}
