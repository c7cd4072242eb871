import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateRefundRequest, ProviderName, Refund as RefundDto, RefundStatus } from '@minipay/contracts';
import { EntityManager, In, IsNull, LessThanOrEqual, Not, Repository } from 'typeorm';
import { ProviderRejectedError } from '../common/errors/provider-errors';
import { isUniqueViolation, TransactionRunner } from '../common/database/transaction-runner';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import { PAID_STATUSES } from '../orders/order-state';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderWriter } from '../orders/order-writer';
import type { Payment } from '../payments/payment.entity';
import { PaymentAttempts } from '../payments/payment-attempts';
import { locatorOf } from '../payments/payment-locator';
import { NotificationEvent, PAYMENT_PROVIDERS, PaymentProvider, PaymentProviderMap, providerOf, RefundSnapshot } from '../payments/providers/payment-provider';
import { bookkeepingOf, refundSourcesOf, RESERVING } from './refund-state';
import { Refund } from './refund.entity';
import { OrderNotRefundableError, PaymentNotRefundableError, RefundExceedsPaidAmountError, RefundInProgressError } from './refund-errors';
import { IdempotencyKeyReusedError } from '../orders/order-errors';
import { newRowId } from '../common/database/row-id';

const REFUNDABLE_ORDER_STATUSES = ['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED'];
/** Refund reconciliation: first look soon after an unknown outcome, then back off up to an hour. */
const FIRST_QUERY_MS = 5_000;
const MAX_QUERY_DELAY_MS = 60 * 60 * 1000;
/** After this many rounds without the provider ever acknowledging the refund, it is marked FAILED. */
const GIVE_UP_AFTER_ATTEMPTS = 12;
const BATCH = 25;

export interface CreateRefundOptions {
  idempotencyKey?: string;
  /** Who asked: `admin-key` for scripts, `operator:<name>` from the console. On the timeline. */
  actor?: string;
}

/**
 * Full and partial refunds, per payment. What can be refunded of a payment is what it collected minus its
 * refunds that are pending or succeeded; each refund reserves its amount under the order's row lock before
 * the provider is called, so concurrent refunds never exceed it. The refunds of the payment that paid the
 * order also move the order (PARTIALLY_REFUNDED, REFUNDED); those of a second or mismatched payment (an order
 * in review) only return that money.
 */
@Injectable()
export class RefundsService {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    private readonly orders: OrdersService,
    private readonly payments: PaymentAttempts,
    private readonly orderWriter: OrderWriter,
    private readonly timeline: OrderTimeline,
    private readonly tx: TransactionRunner,
  ) {}

  async create(orderId: string, request: CreateRefundRequest, options: CreateRefundOptions = {}): Promise<RefundDto> {
    const { idempotencyKey } = options;
    const actor = options.actor ?? 'admin-key';
    const requestHash = idempotencyKey
      ? createHash('sha256')
          .update(JSON.stringify([request.amount ?? null, request.reason, request.paymentId ?? null]))
          .digest('hex')
      : null;
    if (idempotencyKey) {
      const replay = await this.findReplay(orderId, idempotencyKey, requestHash!);
      if (replay) return replay;
    }
    const order = await this.orders.findById(orderId);
    const payment = await this.paymentToRefund(order, request.paymentId);
    const provider = this.providerFor(payment);

    let refund: Refund;
    try {
      refund = await this.reserve(order.id, payment, request, idempotencyKey ?? null, requestHash, actor);
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.findReplay(orderId, idempotencyKey, requestHash!);
        if (replay) return replay;
      }
      throw error;
    }
    await this.send(provider, payment, refund, 'create');
    return toDto(await this.refunds.findOneByOrFail({ id: refund.id }));
  }

  /** The refunds of several orders, oldest first (for order views). */
  forOrders(orderIds: string[]): Promise<Refund[]> {
    if (orderIds.length === 0) return Promise.resolve([]);
    return this.refunds.find({ where: { orderId: In(orderIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Asks providers about refunds still pending (reconciliation): claimed per row, with backoff. */
  async reconcilePending(now = new Date()): Promise<{ queried: number; settled: number; errors: number }> {
    const report = { queried: 0, settled: 0, errors: 0 };
    const due = await this.refunds.find({ where: { status: 'PENDING', nextQueryAt: LessThanOrEqual(now) }, order: { nextQueryAt: 'ASC' }, take: BATCH });
    for (const refund of due) {
      if (!(await this.claimQuery(refund, now))) continue;
      report.queried++;
      try {
        const payment = await this.payments.byId(refund.paymentId);
        const provider = this.providerFor(payment);
        if (await this.settleUnknown(provider, payment, { ...refund, queryAttempts: refund.queryAttempts + 1 })) report.settled++;
      } catch (error) {
        report.errors++;
        this.logger.warn({ refundId: refund.id, err: (error as Error).message }, 'refund reconciliation failed; will retry with backoff');
      }
    }
    return report;
  }

  /** The refund a provider's refund event is about: by the provider's refund id, else by our reference. */
  async findForEvent(provider: ProviderName, event: Extract<NotificationEvent, { kind: 'refund' }>): Promise<Refund | null> {
    const byId = event.providerRefundId ? await this.refunds.findOneBy({ providerRefundId: event.providerRefundId }) : null;
    const refund = byId ?? (event.refundReference ? await this.refunds.findOneBy({ reference: event.refundReference }) : null);
    if (!refund) return null;
    const payment = await this.payments.byId(refund.paymentId);
    return payment.provider === provider ? refund : null;
  }

  async applyEvent(provider: PaymentProvider, refund: Refund, event: Extract<NotificationEvent, { kind: 'refund' }>): Promise<string> {
    const payment = await this.payments.byId(refund.paymentId);
    const snapshot: RefundSnapshot = event.status
      ? { status: event.status, providerRefundId: event.providerRefundId, amount: event.amount }
      : await provider.queryRefund({
          payment: locatorOf(payment),
          refundReference: refund.reference,
          providerRefundId: refund.providerRefundId ?? event.providerRefundId ?? null,
        });
    await this.timeline.record(refund.orderId, 'notification', `${provider.name} refund notification for ${refund.reference}: ${snapshot.status}`, {
      refundId: refund.id,
    });
    const moved = await this.apply(refund.id, snapshot, 'notification');
    return `refund ${snapshot.status}${moved ? '' : ' (no change)'}`;
  }

  /** Calls the provider to start a refund; an unknown outcome is settled by a query (or a resend) at once. */
  private async send(provider: PaymentProvider, payment: Payment, refund: Refund, source: string): Promise<void> {
    try {
      const snapshot = await provider.refundPayment({
        payment: locatorOf(payment),
        refundReference: refund.reference,
        amount: { value: refund.amountValue, currency: refund.currency },
        reason: refund.reason,
      });
      await this.timeline.record(refund.orderId, 'provider_call', `refund ${refund.reference} requested at ${provider.name}: ${snapshot.status}`, {
        refundId: refund.id,
        amount: refund.amountValue,
      });
      await this.apply(refund.id, snapshot, source);
    } catch (error) {
      if (error instanceof ProviderRejectedError) {
        await this.apply(refund.id, { status: 'FAILED', failureReason: error.message }, source);
        throw error;
      }
      // Timeout or outage: the outcome is unknown. Reconciliation asks the provider soon (and resends under the
      // same reference if it never got it); the refund is not left PENDING with its amount reserved for ever.
      this.logger.warn({ refundId: refund.id, err: (error as Error).message }, 'refund outcome unknown; will query');
      await this.timeline.record(
        refund.orderId,
        'provider_call',
        `refund ${refund.reference} has an unknown outcome: ${(error as Error).message}; will query`,
        { refundId: refund.id },
      );
    }
  }

  /**
   * One reconciliation round for a pending refund: ask the provider; if it does not know the refund (its
   * create never arrived), send it again under the same reference, which providers treat as the same refund.
   */
  private async settleUnknown(provider: PaymentProvider, payment: Payment, refund: Refund): Promise<boolean> {
    let snapshot: RefundSnapshot | null = null;
    try {
      snapshot = await provider.queryRefund({ payment: locatorOf(payment), refundReference: refund.reference, providerRefundId: refund.providerRefundId });
    } catch (error) {
      if (!(error instanceof ProviderRejectedError)) throw error;
    }
    const unknownToProvider = !snapshot || (snapshot.status === 'PENDING' && !snapshot.providerRefundId && !refund.providerRefundId);
    if (!unknownToProvider) return this.apply(refund.id, snapshot!, 'query');
    if (refund.queryAttempts >= GIVE_UP_AFTER_ATTEMPTS) {
      return this.apply(refund.id, { status: 'FAILED', failureReason: `the provider never acknowledged it after ${refund.queryAttempts} attempts` }, 'query');
    }
    await this.timeline.record(refund.orderId, 'provider_call', `refund ${refund.reference} unknown at ${provider.name}: sent again under the same reference`, {
      refundId: refund.id,
    });
    await this.send(provider, payment, refund, 'resend').catch((error: unknown) => {
      if (!(error instanceof ProviderRejectedError)) throw error;
    });
    const current = await this.refunds.findOneByOrFail({ id: refund.id });
    return current.status !== 'PENDING';
  }

  private async paymentToRefund(order: Order, paymentId: string | undefined): Promise<Payment> {
    if (paymentId) {
      const payment = await this.payments.ofOrder(order.id, paymentId);
      if (payment.status !== 'SUCCEEDED') {
        throw new PaymentNotRefundableError(payment.status);
      }
      if (payment.id === order.payingPaymentId) this.assertOrderRefundable(order);
      return payment;
    }
    this.assertOrderRefundable(order);
    const paying = order.payingPaymentId ? await this.payments.byId(order.payingPaymentId) : await this.payments.firstSucceeded(order.id);
    if (!paying) throw new OrderNotRefundableError(null);
    return paying;
  }

  private assertOrderRefundable(order: Order): void {
    if (!REFUNDABLE_ORDER_STATUSES.includes(order.status)) {
      throw new OrderNotRefundableError(order.status);
    }
  }

  private reserve(
    orderId: string,
    payment: Payment,
    request: CreateRefundRequest,
    idempotencyKey: string | null,
    requestHash: string | null,
    actor: string,
  ): Promise<Refund> {
    return this.tx.run(async (manager) => {
      // Under the order's row lock, the sums below cannot change until this refund is recorded.
      const order = await this.orderWriter.lock(manager, orderId);
      const refundsRepo = manager.getRepository(Refund);
      const taken = await refundsRepo.sum('amountValue', { paymentId: payment.id, status: In([...RESERVING]) });
      const collected = payment.capturedValue ?? payment.amountValue;
      const remaining = collected - Number(taken ?? 0);
      const amount = request.amount ?? remaining;
      if (amount <= 0 || amount > remaining) {
        throw new RefundExceedsPaidAmountError(remaining, amount);
      }
      if (paysOrder(order, payment.id)) {
        if (!(await this.orderWriter.reserveRefund(manager, order, amount))) {
          throw new RefundInProgressError();
        }
      }
      const count = await refundsRepo.countBy({ orderId: order.id });
      const now = new Date();
      const refund: Refund = {
        id: newRowId(),
        orderId: order.id,
        paymentId: payment.id,
        reference: `${order.merchantOrderId}-R${count + 1}`,
        providerRefundId: null,
        status: 'PENDING',
        amountValue: amount,
        currency: payment.currency,
        reason: request.reason,
        idempotencyKey,
        requestHash,
        failureReason: null,
        nextQueryAt: new Date(now.getTime() + FIRST_QUERY_MS),
        queryAttempts: 0,
        createdAt: now,
        updatedAt: now,
      };
      await refundsRepo.insert(refund);
      await this.timeline.record(
        order.id,
        'refund',
        `refund ${refund.reference} of ${amount} ${payment.currency} (minor units) of payment ${payment.reference} created by ${actor}: ${request.reason}`,
        { refundId: refund.id, paymentId: payment.id, actor },
        manager,
      );
      return refund;
    });
  }

  /** Applies a provider verdict to a refund along REFUND_TRANSITIONS; true if it moved. */
  private apply(refundId: string, snapshot: RefundSnapshot, source: string): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const refunds = manager.getRepository(Refund);
      const before = await refunds.findOneByOrFail({ id: refundId });
      const order = await this.orderWriter.lock(manager, before.orderId);
      const refund = await refunds.findOneByOrFail({ id: refundId });
      if (snapshot.providerRefundId && !refund.providerRefundId) {
        await refunds.update({ id: refundId }, { providerRefundId: snapshot.providerRefundId });
      }
      if (snapshot.status === 'PENDING') return false;
      const to = snapshot.status as RefundStatus;
      const moved = await refunds
        .createQueryBuilder()
        .update(Refund)
        .set({ status: to, failureReason: snapshot.failureReason?.slice(0, 200) ?? null, updatedAt: new Date(), nextQueryAt: null })
        .where({ id: refundId, status: In(refundSourcesOf(to)) })
        .execute();
      if ((moved.affected ?? 0) !== 1) return false;
      await this.timeline.record(
        order.id,
        'refund',
        `refund ${refund.reference} ${refund.status} → ${to} (${source})`,
        { refundId, failureReason: snapshot.failureReason },
        manager,
      );
      await this.book(manager, order, refund, refund.status, to, source);
      return true;
    });
  }

  /** Moves the paid amount's bookkeeping and the order's status after a refund changed status. */
  private async book(manager: EntityManager, order: Order, refund: Refund, from: RefundStatus, to: RefundStatus, source: string): Promise<void> {
    if (!paysOrder(order, refund.paymentId)) {
      // A second or mismatched payment: its refunds return that money; the order's own amounts do not move.
      return;
    }
    const delta = bookkeepingOf(from, to);
    const updated = await this.orderWriter.adjustRefunds(manager, order.id, {
      reserved: delta.reserved * refund.amountValue,
      refunded: delta.refunded * refund.amountValue,
    });
    if (updated.refundReservedValue > updated.amountValue) {
      // A refund we had given up on succeeded after another took its place: money went out twice.
      await this.orderWriter.flagReview(manager, updated, `refunds exceed the paid amount after ${refund.reference} succeeded late`, { refundId: refund.id });
    }
    const reason = `refund ${refund.reference} ${to.toLowerCase()} (${source})`;
    if (delta.refunded > 0) {
      const status = updated.refundedValue >= updated.amountValue ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      await this.orderWriter.transition(manager, order.id, status, { reason, data: { refundId: refund.id } });
    } else if (delta.refunded < 0) {
      await this.orderWriter.restoreAfterRefundUndone(manager, updated, reason, { refundId: refund.id });
    }
  }

  /** Moves next_query_at forward with backoff; only the caller whose UPDATE hits the row queries it. */
  private async claimQuery(refund: Refund, now: Date): Promise<boolean> {
    const next = new Date(now.getTime() + Math.min(FIRST_QUERY_MS * 2 ** (refund.queryAttempts + 1), MAX_QUERY_DELAY_MS));
    const result = await this.tx.run((manager) =>
      manager
        .getRepository(Refund)
        .createQueryBuilder()
        .update(Refund)
        .set({ nextQueryAt: next, queryAttempts: refund.queryAttempts + 1 })
        .where({ id: refund.id, status: 'PENDING', queryAttempts: refund.queryAttempts, nextQueryAt: Not(IsNull()) })
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  private async findReplay(orderId: string, idempotencyKey: string, requestHash: string): Promise<RefundDto | null> {
    const existing = await this.refunds.findOneBy({ orderId, idempotencyKey });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) throw new IdempotencyKeyReusedError('refund request');
    return toDto(existing);
  }

  private providerFor(payment: Payment): PaymentProvider {
    return providerOf(this.providers, payment.provider);
  }
}

/** Whether a payment's refunds move the order's own amounts: it is the payment that paid the order. */
function paysOrder(order: Order, paymentId: string): boolean {
  // Orders paid before paying_payment_id existed (SQLite dev databases) have none: their one success paid them.
  return order.payingPaymentId ? order.payingPaymentId === paymentId : PAID_STATUSES.includes(order.status);
}

function toDto(refund: Refund): RefundDto {
  return {
    id: refund.id,
    orderId: refund.orderId,
    paymentId: refund.paymentId,
    status: refund.status,
    amount: { value: refund.amountValue, currency: refund.currency },
    reason: refund.reason,
    createdAt: refund.createdAt.toISOString(),
  };
}
