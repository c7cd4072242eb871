import { Injectable, Logger } from '@nestjs/common';
import type { Money, PaymentStatus } from '@minipay/contracts';
import { EntityManager, In } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import type { Order } from '../orders/order.entity';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderWriter } from '../orders/order-writer';
import { Payment } from './payment.entity';
import { paymentSourcesOf } from './payment-state';
import type { PaymentProvider, PaymentSnapshot } from './providers/payment-provider';
import { locatorOf } from './payment-locator';

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
 * checked against the order, exactly one PAID transition however many callers race, and any second or
 * mismatched payment put in front of an operator instead of letting the shopper pay again.
 */
@Injectable()
export class PaymentSettlement {
  private readonly logger = new Logger(PaymentSettlement.name);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly orders: OrderWriter,
    private readonly timeline: OrderTimeline,
    private readonly paidHook: PaidOrderHook,
  ) {}

  /**
   * Like `settle`, but a success reported without an amount is first confirmed by a query (Adyen's
   * /payments/details may omit it): money is never marked as collected without knowing how much.
   */
  async settleVerified(provider: PaymentProvider, payment: Payment, snapshot: PaymentSnapshot, source: SettlementSource): Promise<SettlementResult> {
    if (snapshot.status === 'SUCCEEDED' && !snapshot.amount) {
      const queried = await provider.queryPayment(locatorOf(payment));
      snapshot =
        queried.status === 'SUCCEEDED' ? { ...snapshot, ...queried, providerPaymentId: queried.providerPaymentId ?? snapshot.providerPaymentId } : queried;
    }
    return this.settle(payment, snapshot, source);
  }

  settle(payment: Payment, snapshot: PaymentSnapshot, source: SettlementSource): Promise<SettlementResult> {
    return this.tx.run(async (manager) => {
      const order = await this.orders.lock(manager, payment.orderId);
      const payments = manager.getRepository(Payment);
      if (snapshot.providerPaymentId && !payment.providerPaymentId) {
        await payments.update({ id: payment.id }, { providerPaymentId: snapshot.providerPaymentId, updatedAt: new Date() });
      }
      if (snapshot.status === 'PENDING') return { paymentStatus: 'PENDING', orderPaid: false, flaggedForReview: false };
      if (snapshot.status === 'SUCCEEDED') return this.succeeded(manager, order, payment, snapshot, source);

      const moved = await this.movePayment(manager, payment.id, snapshot.status, { failureReason: snapshot.failureReason ?? null });
      if (moved) {
        await this.timeline.record(
          order.id,
          'transition',
          `payment ${payment.reference} → ${snapshot.status} (${source})`,
          { paymentId: payment.id, failureReason: snapshot.failureReason },
          manager,
        );
      }
      const current = await payments.findOneByOrFail({ id: payment.id });
      return { paymentStatus: current.status, orderPaid: false, flaggedForReview: false };
    });
  }

  private async succeeded(
    manager: EntityManager,
    order: Order,
    payment: Payment,
    snapshot: PaymentSnapshot,
    source: SettlementSource,
  ): Promise<SettlementResult> {
    const reported = snapshot.amount;
    if (!reported) {
      // Nothing says how much was collected: record the success (money may have moved) and let an operator look.
      const moved = await this.movePayment(manager, payment.id, 'SUCCEEDED', { capturedValue: null });
      if (moved)
        await this.orders.flagReview(manager, order, `payment ${payment.reference} reported succeeded without an amount`, { paymentId: payment.id, source });
      return { paymentStatus: 'SUCCEEDED', orderPaid: false, flaggedForReview: moved };
    }
    if (reported.value !== payment.amountValue || reported.currency !== payment.currency) {
      return this.amountMismatch(manager, order, payment, reported, source);
    }
    const moved = await this.movePayment(manager, payment.id, 'SUCCEEDED', { capturedValue: reported.value });
    const paidAt = snapshot.paidAt ?? new Date();
    const orderPaid = await this.orders.transition(manager, order.id, 'PAID', {
      reason: `payment ${payment.reference} succeeded (${source})`,
      paidAt,
      payingPaymentId: payment.id,
      data: { paymentId: payment.id, source },
    });
    if (orderPaid) {
      await this.paidHook.onPaid(manager, { ...order, status: 'PAID', paidAt, payingPaymentId: payment.id }, payment);
      return { paymentStatus: 'SUCCEEDED', orderPaid, flaggedForReview: false };
    }
    // The order row is locked, so this read is current: another attempt paid it, and this is a second payment.
    if (moved && order.payingPaymentId !== payment.id) {
      await this.orders.flagReview(manager, order, `second successful payment ${payment.reference}: refund it`, { paymentId: payment.id, source });
      return { paymentStatus: 'SUCCEEDED', orderPaid: false, flaggedForReview: true };
    }
    return { paymentStatus: 'SUCCEEDED', orderPaid: false, flaggedForReview: false };
  }

  /**
   * The provider collected a different amount than we asked for. The money is real, so the attempt is a
   * success for what was collected (refundable per payment), but the order is not PAID: an operator decides.
   */
  private async amountMismatch(manager: EntityManager, order: Order, payment: Payment, reported: Money, source: SettlementSource): Promise<SettlementResult> {
    const reason = `amount mismatch: provider reported ${reported.value} ${reported.currency}, attempt ${payment.reference} is ${payment.amountValue} ${payment.currency}`;
    const moved = await this.movePayment(manager, payment.id, 'SUCCEEDED', {
      capturedValue: reported.currency === payment.currency ? reported.value : null,
      failureReason: reason,
    });
    if (moved) {
      this.logger.warn({ orderId: order.id, paymentId: payment.id, source }, reason);
      await this.orders.flagReview(manager, order, reason, { paymentId: payment.id, source, reported });
    }
    return { paymentStatus: 'SUCCEEDED', orderPaid: false, flaggedForReview: moved };
  }

  /** Forward-only: `WHERE status IN (sources of to)`; true when this call changed the row. */
  private async movePayment(
    manager: EntityManager,
    paymentId: string,
    to: PaymentStatus,
    extra: { failureReason?: string | null; capturedValue?: number | null },
  ): Promise<boolean> {
    const set: Partial<Payment> = { status: to, updatedAt: new Date(), nextQueryAt: null };
    if (extra.failureReason) set.failureReason = extra.failureReason.slice(0, 200);
    if (extra.capturedValue !== undefined) set.capturedValue = extra.capturedValue;
    const result = await manager
      .getRepository(Payment)
      .createQueryBuilder()
      .update(Payment)
      .set(set)
      .where({ id: paymentId, status: In(paymentSourcesOf(to)) })
      .execute();
    return (result.affected ?? 0) === 1;
  }
}
