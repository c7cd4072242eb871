import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import { AppSettings } from '../config/app-config';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderWriter } from '../orders/order-writer';
import { Payment } from './payment.entity';
import { PaymentSettlement } from './payment-settlement';
import { locatorOf } from './payment-locator';
import { PAYMENT_PROVIDERS, PaymentProviderMap, providerOf } from './providers/payment-provider';

const BATCH = 25;
const MAX_BACKOFF_MS = 30 * 60 * 1000;

export interface ReconcileReport {
  queried: number;
  settled: number;
  errors: number;
}

export interface ExpiryReport {
  closed: number;
  paidMeanwhile: number;
  errors: number;
}

/**
 * No notification does not mean no payment. This asks the provider about attempts still pending after a while
 * (with backoff), and closes orders left unpaid past their TTL — at the provider first, so an order that was
 * paid at the last moment becomes PAID instead of CLOSED.
 * Safe on several API instances: each round claims its rows with a conditional UPDATE, so one instance queries
 * a given payment per round and the settlement itself is exactly-once.
 */
@Injectable()
export class PaymentReconciliation {
  private readonly logger = new Logger(PaymentReconciliation.name);

  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly orders: OrdersService,
    private readonly settlement: PaymentSettlement,
    private readonly orderWriter: OrderWriter,
    private readonly timeline: OrderTimeline,
    private readonly tx: TransactionRunner,
    private readonly settings: AppSettings,
  ) {}

  async reconcilePending(now = new Date()): Promise<ReconcileReport> {
    const report: ReconcileReport = { queried: 0, settled: 0, errors: 0 };
    const due = await this.payments.find({
      where: { status: 'PENDING', nextQueryAt: LessThanOrEqual(now) },
      order: { nextQueryAt: 'ASC' },
      take: BATCH,
    });
    for (const payment of due) {
      if (!(await this.claimQuery(payment, now))) continue;
      report.queried++;
      try {
        const provider = providerOf(this.providers, payment.provider);
        const snapshot = await provider.queryPayment(locatorOf(payment));
        const result = await this.settlement.settleVerified(provider, payment, snapshot, 'reconciliation');
        if (result.paymentStatus !== 'PENDING') {
          report.settled++;
          await this.timeline.record(payment.orderId, 'provider_call', `reconciliation: provider says ${snapshot.status} for ${payment.reference}`, {
            paymentId: payment.id,
          });
        }
      } catch (error) {
        report.errors++;
        this.logger.warn({ paymentId: payment.id, err: (error as Error).message }, 'reconciliation query failed; will retry with backoff');
      }
    }
    return report;
  }

  async expireOrders(now = new Date()): Promise<ExpiryReport> {
    const report: ExpiryReport = { closed: 0, paidMeanwhile: 0, errors: 0 };
    const expired = await this.orders.dueForExpiry(now, BATCH);
    for (const order of expired) {
      if (!(await this.claimOrder(order, now))) continue;
      try {
        const pending = await this.payments.find({ where: { orderId: order.id, status: In(['PENDING']) } });
        let paid = false;
        for (const payment of pending) {
          const provider = providerOf(this.providers, payment.provider);
          const snapshot =
            payment.providerPaymentId || payment.requestPayment
              ? await provider.cancelPayment(locatorOf(payment))
              : await provider.queryPayment(locatorOf(payment));
          // A close that answers "already paid" makes the order paid; one still pending keeps it open for now.
          const settled = await this.settlement.settleVerified(provider, payment, snapshot.found ? snapshot : { ...snapshot, status: 'CANCELLED' }, 'expiry');
          if (settled.paymentStatus === 'SUCCEEDED') paid = true;
          if (settled.paymentStatus === 'PENDING') throw new Error(`attempt ${payment.reference} is still open at the provider`);
        }
        if (paid) {
          report.paidMeanwhile++;
          continue;
        }
        const closed = await this.tx.run((manager) =>
          this.orderWriter.transition(manager, order.id, 'CLOSED', { reason: 'unpaid past its TTL', closedAt: now }),
        );
        if (closed) report.closed++;
      } catch (error) {
        report.errors++;
        this.logger.warn({ orderId: order.id, err: (error as Error).message }, 'expiry failed; will retry');
      }
    }
    return report;
  }

  /** Moves next_query_at forward with backoff; only the instance whose UPDATE hits the row queries it. */
  private async claimQuery(payment: Payment, now: Date): Promise<boolean> {
    const base = this.settings.values.RECONCILE_AFTER_SECONDS * 1000;
    const next = new Date(now.getTime() + Math.min(base * 2 ** payment.queryAttempts, MAX_BACKOFF_MS));
    const result = await this.tx.run((manager) =>
      manager
        .getRepository(Payment)
        .createQueryBuilder()
        .update(Payment)
        .set({ nextQueryAt: next, queryAttempts: payment.queryAttempts + 1 })
        .where({ id: payment.id, status: 'PENDING', queryAttempts: payment.queryAttempts, nextQueryAt: Not(IsNull()) })
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  /**
   * Claims an expired order for this round. The claim moves updated_at to when the next round may retry it:
   * soon after expiry, later the longer it keeps failing (half its time past expiry, 30 s to 30 min).
   */
  private claimOrder(order: Order, now: Date): Promise<boolean> {
    const overdue = now.getTime() - order.expiresAt.getTime();
    const retryAt = new Date(now.getTime() + Math.min(Math.max(overdue / 2, 30_000), MAX_BACKOFF_MS));
    return this.tx.run((manager) => this.orderWriter.claimForExpiry(manager, order, retryAt));
  }
}
