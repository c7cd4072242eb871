import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateRefundRequest, Refund as RefundDto, RefundStatus } from '@minipay/contracts';
import { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { ProviderRejectedError } from '../common/errors/provider-errors';
import { isUniqueViolation, TransactionRunner } from '../common/database/transaction-runner';
import { Order } from '../orders/order.entity';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderTransitions } from '../orders/order-transitions';
import { Payment } from '../payments/payment.entity';
import { locatorOf } from '../payments/payments.service';
import { NotificationEvent, PAYMENT_PROVIDERS, PaymentProvider, PaymentProviderMap, providerOf, RefundSnapshot } from '../payments/providers/payment-provider';
import { WebhooksService } from '../webhooks/webhooks.service';
import { Refund } from './refund.entity';

const REFUNDABLE = ['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED'];

/**
 * Full and partial refunds of a paid order. The sum of refunds never exceeds the paid amount: each refund
 * first reserves its amount on the order with a conditional UPDATE; a failed refund releases it.
 */
@Injectable()
export class RefundsService implements OnModuleInit {
  private readonly logger = new Logger(RefundsService.name);

  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    @InjectRepository(Refund) private readonly refunds: Repository<Refund>,
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly transitions: OrderTransitions,
    private readonly timeline: OrderTimeline,
    private readonly tx: TransactionRunner,
    private readonly webhooks: WebhooksService,
  ) {}

  onModuleInit(): void {
    this.webhooks.setRefundHandler((provider, event) => this.handleRefundEvent(provider, event));
  }

  async create(orderId: string, request: CreateRefundRequest, idempotencyKey?: string): Promise<RefundDto> {
    const requestHash = idempotencyKey ? createHash('sha256').update(JSON.stringify([request.amount ?? null, request.reason])).digest('hex') : null;
    if (idempotencyKey) {
      const replay = await this.findReplay(orderId, idempotencyKey, requestHash!);
      if (replay) return replay;
    }
    const order = await this.orders.findOneBy({ id: orderId });
    if (!order) throw new DomainError('ORDER_NOT_FOUND', 'No such order');
    if (!REFUNDABLE.includes(order.status)) {
      throw new DomainError('ORDER_NOT_REFUNDABLE', `An order in status ${order.status} cannot be refunded`, { details: { status: order.status } });
    }
    const payment = await this.payments.findOne({ where: { orderId, status: 'SUCCEEDED' }, order: { attempt: 'DESC' } });
    if (!payment) throw new DomainError('ORDER_NOT_REFUNDABLE', 'This order has no successful payment to refund');
    const provider = this.providerFor(payment);

    let refund: Refund;
    try {
      refund = await this.reserve(order, payment, request, idempotencyKey ?? null, requestHash);
    } catch (error) {
      if (idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.findReplay(orderId, idempotencyKey, requestHash!);
        if (replay) return replay;
      }
      throw error;
    }

    try {
      const snapshot = await provider.refundPayment({
        payment: locatorOf(payment),
        refundReference: refund.reference,
        amount: { value: refund.amountValue, currency: refund.currency },
        reason: refund.reason,
      });
      await this.timeline.record(orderId, 'provider_call', `refund ${refund.reference} requested at ${provider.name}: ${snapshot.status}`, {
        refundId: refund.id,
        amount: refund.amountValue,
      });
      await this.apply(refund.id, snapshot, 'create');
    } catch (error) {
      if (error instanceof ProviderRejectedError) {
        await this.apply(refund.id, { status: 'FAILED', failureReason: error.message }, 'create');
        throw error;
      }
      // Timeout or outage: the outcome is unknown; the refund stays PENDING and is settled by a later query.
      this.logger.warn({ refundId: refund.id, err: (error as Error).message }, 'refund outcome unknown; will query');
    }
    return toDto(await this.refunds.findOneByOrFail({ id: refund.id }));
  }

  /** Asks the provider about refunds still pending (reconciliation). */
  async reconcilePending(limit = 25): Promise<number> {
    const pending = await this.refunds.find({ where: { status: 'PENDING' }, order: { updatedAt: 'ASC' }, take: limit });
    let settled = 0;
    for (const refund of pending) {
      const payment = await this.payments.findOneByOrFail({ id: refund.paymentId });
      try {
        const snapshot = await this.providerFor(payment).queryRefund({ payment: locatorOf(payment), refundReference: refund.reference, providerRefundId: refund.providerRefundId });
        if (await this.apply(refund.id, snapshot, 'query')) settled++;
      } catch (error) {
        this.logger.warn({ refundId: refund.id, err: (error as Error).message }, 'refund query failed');
      }
    }
    return settled;
  }

  private async handleRefundEvent(provider: PaymentProvider, event: Extract<NotificationEvent, { kind: 'refund' }>): Promise<string> {
    const refund =
      (event.providerRefundId ? await this.refunds.findOneBy({ providerRefundId: event.providerRefundId }) : null) ??
      (event.refundReference ? await this.refunds.findOneBy({ reference: event.refundReference }) : null);
    if (!refund) return `ignored: no refund for ${event.providerRefundId ?? event.refundReference}`;
    const payment = await this.payments.findOneByOrFail({ id: refund.paymentId });
    const snapshot: RefundSnapshot = event.status
      ? { status: event.status, providerRefundId: event.providerRefundId, amount: event.amount }
      : await provider.queryRefund({ payment: locatorOf(payment), refundReference: refund.reference, providerRefundId: refund.providerRefundId ?? event.providerRefundId ?? null });
    await this.timeline.record(refund.orderId, 'notification', `${provider.name} refund notification for ${refund.reference}: ${snapshot.status}`, { refundId: refund.id });
    const moved = await this.apply(refund.id, snapshot, 'notification');
    return `refund ${snapshot.status}${moved ? '' : ' (no change)'}`;
  }

  private async reserve(order: Order, payment: Payment, request: CreateRefundRequest, idempotencyKey: string | null, requestHash: string | null): Promise<Refund> {
    return this.tx.run(async (manager) => {
      const current = await manager.getRepository(Order).findOneByOrFail({ id: order.id });
      const remaining = current.amountValue - current.refundReservedValue;
      const amount = request.amount ?? remaining;
      if (amount <= 0 || amount > remaining) {
        throw new DomainError('REFUND_EXCEEDS_PAID_AMOUNT', `Only ${remaining} (minor units) of this order can still be refunded`, { details: { remaining, requested: amount } });
      }
      const reserved = await manager
        .getRepository(Order)
        .createQueryBuilder()
        .update(Order)
        .set({ refundReservedValue: current.refundReservedValue + amount, updatedAt: new Date() })
        .where({ id: order.id, refundReservedValue: current.refundReservedValue })
        .execute();
      if ((reserved.affected ?? 0) !== 1) throw new DomainError('IDEMPOTENCY_KEY_IN_USE', 'Another refund of this order is being created; retry', { retryable: true });
      const count = await manager.getRepository(Refund).countBy({ orderId: order.id });
      const now = new Date();
      const refund: Refund = {
        id: randomUUID(),
        orderId: order.id,
        paymentId: payment.id,
        reference: `${order.merchantOrderId}-R${count + 1}`,
        providerRefundId: null,
        status: 'PENDING',
        amountValue: amount,
        currency: order.currency,
        reason: request.reason,
        idempotencyKey,
        requestHash,
        failureReason: null,
        createdAt: now,
        updatedAt: now,
      };
      await manager.getRepository(Refund).insert(refund);
      await this.timeline.record(order.id, 'refund', `refund ${refund.reference} of ${amount} ${order.currency} (minor units) created: ${request.reason}`, { refundId: refund.id }, manager);
      return refund;
    });
  }

  /** Applies a provider verdict to a refund, forward-only (PENDING → SUCCEEDED | FAILED); true if it moved. */
  private apply(refundId: string, snapshot: RefundSnapshot, source: string): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const refunds = manager.getRepository(Refund);
      const refund = await refunds.findOneByOrFail({ id: refundId });
      if (snapshot.providerRefundId && !refund.providerRefundId) {
        await refunds.update({ id: refundId }, { providerRefundId: snapshot.providerRefundId });
      }
      if (snapshot.status === 'PENDING') return false;
      const moved = await refunds
        .createQueryBuilder()
        .update(Refund)
        .set({ status: snapshot.status as RefundStatus, failureReason: snapshot.failureReason?.slice(0, 200) ?? null, updatedAt: new Date() })
        .where({ id: refundId, status: 'PENDING' })
        .execute();
      if ((moved.affected ?? 0) !== 1) return false;
      const orders = manager.getRepository(Order);
      if (snapshot.status === 'FAILED') {
        await orders.decrement({ id: refund.orderId }, 'refundReservedValue', refund.amountValue);
        await this.timeline.record(refund.orderId, 'refund', `refund ${refund.reference} failed (${source})`, { refundId }, manager);
        return true;
      }
      await orders.increment({ id: refund.orderId }, 'refundedValue', refund.amountValue);
      const order = await orders.findOneByOrFail({ id: refund.orderId });
      const to = order.refundedValue >= order.amountValue ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
      await this.transitions.apply(manager, order.id, to, { reason: `refund ${refund.reference} succeeded (${source})`, data: { refundId } });
      return true;
    });
  }

  private async findReplay(orderId: string, idempotencyKey: string, requestHash: string): Promise<RefundDto | null> {
    const existing = await this.refunds.findOneBy({ orderId, idempotencyKey });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different refund request');
    return toDto(existing);
  }

  private providerFor(payment: Payment): PaymentProvider {
    return providerOf(this.providers, payment.provider);
  }
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
