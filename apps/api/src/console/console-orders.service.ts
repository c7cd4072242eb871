import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ADMIN_ORDER_EXPORT_MAX,
  type AdminExceptionsResponse,
  type AdminOrderDetail,
  AdminOrderListQuery,
  type AdminOrderListResponse,
  type AdminOrderRow,
  type AdminPaymentAttempt,
  type AdminSyncResponse,
  type CreateRefundRequest,
  type Refund as RefundDto,
} from '@minipay/contracts';
import { Brackets, DataSource, In, IsNull, LessThan, Like, Not, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { z } from 'zod';
import { DomainError } from '../common/errors/domain-error';
import { decodeOrderCursor, encodeOrderCursor } from '../orders/order-cursor';
import { Order } from '../orders/order.entity';
import { OrderTimeline } from '../orders/order-timeline';
import { Payment } from '../payments/payment.entity';
import { PaymentSettlement } from '../payments/payment-settlement';
import { locatorOf } from '../payments/payment-locator';
import { PaymentsService } from '../payments/payments.service';
import { PAYMENT_PROVIDERS, PaymentProviderMap, providerOf } from '../payments/providers/payment-provider';
import { Refund } from '../refunds/refund.entity';
import { RESERVING } from '../refunds/refund-state';
import { RefundsService } from '../refunds/refunds.service';
import { WebhookEvent } from '../webhooks/webhook-event.entity';
import type { ConsoleActor } from './console-auth.service';
import { SecurityEvents } from '../security/security-events.service';

type ListQuery = z.output<typeof AdminOrderListQuery>;

/** How long a refund may stay PENDING before the exceptions screen lists it. */
const REFUND_PENDING_ALERT_MS = 60 * 60 * 1000;
/** Fulfilment runs from the outbox within seconds; a PAID order this old was not fulfilled. */
const PAID_NOT_FULFILLED_AFTER_MS = 10 * 60 * 1000;
/** A notification stored but not processed after this long has failed at least once. */
const NOTIFICATION_STUCK_AFTER_MS = 60 * 1000;
const EXCEPTIONS_LIMIT = 100;
/** How many of the latest security events the exceptions screen shows. */
const SECURITY_EVENTS_SHOWN = 20;

/** Who acted, as written on the order's timeline. */
export const actorName = (actor: ConsoleActor) => `operator:${actor.username}`;

/**
 * The console's reads (orders, detail, exceptions) straight from the repositories, and its two actions, which go
 * through the services that own them: refunds through RefundsService, "sync" through the providers' query and
 * PaymentSettlement (as reconciliation does), so the console gets the same guarantees as every other path.
 */
@Injectable()
export class ConsoleOrdersService {
  private readonly logger = new Logger(ConsoleOrdersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly paymentsService: PaymentsService,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    private readonly settlement: PaymentSettlement,
    private readonly timeline: OrderTimeline,
    private readonly refunds: RefundsService,
    private readonly securityEvents: SecurityEvents,
  ) {}

  /**
   * Read-only queries for the console's screens (filters, search, exceptions) that no owner service offers;
   * every write goes through the owners (RefundsService, PaymentSettlement, OrderTimeline).
   */
  private get db(): EntityManager {
    return this.dataSource.manager;
  }

  async list(query: ListQuery): Promise<AdminOrderListResponse> {
    const after = query.cursor ? decodeOrderCursor(query.cursor) : null;
    if (query.cursor && !after) throw new DomainError('VALIDATION_FAILED', 'Invalid cursor: pass the nextCursor of a previous page');
    const builder = this.filtered(query).take(query.limit + 1);
    if (after) {
      builder.andWhere(
        new Brackets((q) =>
          q
            .where('o.created_at < :at', { at: after.createdAtMs })
            .orWhere('o.created_at = :at AND o.id < :afterId', { at: after.createdAtMs, afterId: after.id }),
        ),
      );
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > query.limit && last ? encodeOrderCursor({ createdAtMs: last.createdAt.getTime(), id: last.id }) : null;
    return { items: await this.rows(page), nextCursor };
  }

  /** The filtered list as CSV (newest first, at most ADMIN_ORDER_EXPORT_MAX rows). */
  async exportCsv(query: ListQuery): Promise<string> {
    const orders = await this.filtered(query).take(ADMIN_ORDER_EXPORT_MAX).getMany();
    const rows = await this.rows(orders);
    const header = ['merchantOrderId', 'orderId', 'status', 'currency', 'amountMinor', 'amount', 'refundedMinor', 'provider', 'inReview', 'createdAt'];
    const lines = rows.map((r) =>
      [
        r.merchantOrderId,
        r.id,
        r.status,
        r.amount.currency,
        r.amount.value,
        majorUnits(r.amount.value, r.amount.currency),
        r.refundedAmount.value,
        r.provider ?? '',
        r.inReview,
        r.createdAt,
      ]
        .map(csvCell)
        .join(','),
    );
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }

  async detail(orderId: string): Promise<AdminOrderDetail> {
    const order = await this.db.findOneBy(Order, { id: orderId });
    if (!order) throw new DomainError('ORDER_NOT_FOUND', 'No such order');
    const [payments, refunds, events] = await Promise.all([
      this.db.find(Payment, { where: { orderId }, order: { attempt: 'ASC' } }),
      this.db.find(Refund, { where: { orderId }, order: { createdAt: 'ASC', id: 'ASC' } }),
      this.timeline.list(orderId),
    ]);
    const latest = payments[payments.length - 1] ?? null;
    const orderRefundable = Math.max(0, order.amountValue - order.refundReservedValue);
    const attempts = payments.map((p): AdminPaymentAttempt => {
      // As RefundsService counts it: what the payment collected less its refunds pending or succeeded; the
      // payment that paid the order also needs the order in a refundable state, a second payment (in review) not.
      const taken = refunds.filter((r) => r.paymentId === p.id && RESERVING.includes(r.status)).reduce((sum, r) => sum + r.amountValue, 0);
      const left = Math.max(0, (p.capturedValue ?? p.amountValue) - taken);
      const paying = p.id === order.payingPaymentId;
      const refundable = p.status !== 'SUCCEEDED' ? 0 : paying ? (isRefundable(order) ? Math.min(left, orderRefundable) : 0) : left;
      return {
        id: p.id,
        attempt: p.attempt,
        provider: p.provider,
        status: p.status,
        reference: p.reference,
        providerPaymentId: p.providerPaymentId,
        amount: { value: p.amountValue, currency: p.currency },
        refundable: { value: refundable, currency: p.currency },
        failureReason: p.failureReason,
        createdAt: p.createdAt.toISOString(),
        updatedAt: p.updatedAt.toISOString(),
      };
    });
    // What the order's payments can still give back (a second payment of an order in review included).
    const refundable = attempts.reduce((sum, p) => sum + p.refundable.value, 0);
    return {
      order: {
        ...toRow(order, latest),
        items: order.items,
        paidAt: order.paidAt?.toISOString() ?? null,
        expiresAt: order.expiresAt.toISOString(),
        reviewReason: order.reviewReason,
        refundable: { value: refundable, currency: order.currency },
      },
      payments: attempts,
      refunds: refunds.map((r) => ({
        id: r.id,
        paymentId: r.paymentId,
        reference: r.reference,
        providerRefundId: r.providerRefundId,
        status: r.status,
        amount: { value: r.amountValue, currency: r.currency },
        reason: r.reason,
        failureReason: r.failureReason,
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      })),
      timeline: events.map((e) => ({ type: e.type, summary: e.summary, data: e.data, at: e.at.toISOString() })),
    };
  }

  /** An operator's refund, by RefundsService (which checks what is refundable and puts the actor on the timeline). */
  refund(orderId: string, request: CreateRefundRequest, actor: ConsoleActor, idempotencyKey: string | undefined): Promise<RefundDto> {
    return this.refunds.create(orderId, request, { idempotencyKey, actor: actorName(actor) });
  }

  /**
   * "Sync with provider": asks the provider about the order's open attempts (and its latest one) now and applies
   * the answer through PaymentSettlement, as reconciliation does for one payment; pending refunds are asked
   * about through RefundsService.reconcilePending (the public refund query path).
   */
  async sync(orderId: string, actor: ConsoleActor): Promise<AdminSyncResponse> {
    const order = await this.db.findOneBy(Order, { id: orderId });
    if (!order) throw new DomainError('ORDER_NOT_FOUND', 'No such order');
    const payments = await this.db.find(Payment, { where: { orderId }, order: { attempt: 'ASC' } });
    const latest = payments[payments.length - 1];
    const targets = payments.filter((p) => p.status === 'PENDING' || p === latest);
    const who = actorName(actor);
    const results: AdminSyncResponse['results'] = [];
    for (const payment of targets) {
      try {
        const snapshot = await providerOf(this.providers, payment.provider).queryPayment(locatorOf(payment));
        const settled = await this.settlement.settle(payment, snapshot, 'query');
        results.push({
          paymentId: payment.id,
          reference: payment.reference,
          found: snapshot.found,
          providerStatus: snapshot.status,
          statusBefore: payment.status,
          statusAfter: settled.paymentStatus,
          error: null,
        });
        await this.timeline.record(
          orderId,
          'provider_call',
          `${who} synced ${payment.reference} with ${payment.provider}: provider says ${snapshot.found ? snapshot.status : 'not found'}`,
          {
            actor: who,
            paymentId: payment.id,
          },
        );
      } catch (error) {
        const message = error instanceof DomainError ? error.message : 'the provider could not be reached';
        this.logger.warn({ paymentId: payment.id, err: (error as Error).message }, 'console sync failed');
        results.push({
          paymentId: payment.id,
          reference: payment.reference,
          found: null,
          providerStatus: null,
          statusBefore: payment.status,
          statusAfter: payment.status,
          error: message,
        });
        await this.timeline.record(orderId, 'provider_call', `${who} synced ${payment.reference} with ${payment.provider}: failed (${message})`, {
          actor: who,
          paymentId: payment.id,
        });
      }
    }
    if (await this.db.existsBy(Refund, { orderId, status: 'PENDING' })) await this.refunds.reconcilePending();
    return { results, order: await this.detail(orderId) };
  }

  async exceptions(now = new Date()): Promise<AdminExceptionsResponse> {
    const [inReview, paid, pendingRefunds, failed] = await Promise.all([
      this.db.find(Order, { where: { reviewReason: Not(IsNull()) }, order: { createdAt: 'DESC', id: 'DESC' }, take: EXCEPTIONS_LIMIT }),
      this.db.find(Order, {
        where: { status: 'PAID', paidAt: LessThan(new Date(now.getTime() - PAID_NOT_FULFILLED_AFTER_MS)) },
        order: { paidAt: 'ASC' },
        take: EXCEPTIONS_LIMIT,
      }),
      this.db.find(Refund, {
        where: { status: 'PENDING', createdAt: LessThan(new Date(now.getTime() - REFUND_PENDING_ALERT_MS)) },
        order: { createdAt: 'ASC' },
        take: EXCEPTIONS_LIMIT,
      }),
      this.db.find(WebhookEvent, {
        where: [{ processedAt: IsNull(), receivedAt: LessThan(new Date(now.getTime() - NOTIFICATION_STUCK_AFTER_MS)) }, { outcome: Like('ignored: no %') }],
        order: { receivedAt: 'DESC' },
        take: EXCEPTIONS_LIMIT,
      }),
    ]);
    const inReviewRows = await this.rows(inReview);
    const references = [...new Set(failed.map((f) => f.paymentReference).filter((r): r is string => !!r))];
    const byReference = new Map((references.length ? await this.db.findBy(Payment, { reference: In(references) }) : []).map((p) => [p.reference, p]));
    const orderIds = [...new Set([...pendingRefunds.map((r) => r.orderId), ...[...byReference.values()].map((p) => p.orderId)])];
    const ordersById = new Map((orderIds.length ? await this.db.findBy(Order, { id: In(orderIds) }) : []).map((o) => [o.id, o]));
    return {
      inReview: inReviewRows.map((row, i) => ({ ...row, reviewReason: inReview[i].reviewReason })),
      failedNotifications: failed.map((f) => {
        const payment = f.paymentReference ? byReference.get(f.paymentReference) : undefined;
        const order = payment ? ordersById.get(payment.orderId) : undefined;
        return {
          id: f.id,
          provider: f.provider,
          paymentReference: f.paymentReference,
          orderId: order?.id ?? null,
          merchantOrderId: order?.merchantOrderId ?? null,
          receivedAt: f.receivedAt.toISOString(),
          outcome: f.outcome,
          deliveries: f.deliveries,
        };
      }),
      pendingRefunds: pendingRefunds.map((r) => ({
        refundId: r.id,
        orderId: r.orderId,
        merchantOrderId: ordersById.get(r.orderId)?.merchantOrderId ?? '',
        reference: r.reference,
        amount: { value: r.amountValue, currency: r.currency },
        createdAt: r.createdAt.toISOString(),
      })),
      paidNotFulfilled: await this.rows(paid),
      securityEvents: await this.securityEvents.list(SECURITY_EVENTS_SHOWN),
    };
  }

  private filtered(query: ListQuery): SelectQueryBuilder<Order> {
    const builder = this.db.createQueryBuilder(Order, 'o').orderBy('o.created_at', 'DESC').addOrderBy('o.id', 'DESC');
    if (query.status) builder.andWhere('o.status = :status', { status: query.status });
    if (query.inReview !== undefined) builder.andWhere(query.inReview ? 'o.review_reason IS NOT NULL' : 'o.review_reason IS NULL');
    if (query.from) builder.andWhere('o.created_at >= :from', { from: Date.parse(query.from) });
    if (query.to) builder.andWhere('o.created_at < :to', { to: Date.parse(query.to) });
    if (query.provider) {
      // The provider of the order's latest attempt (what the list shows).
      builder.andWhere(
        'EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.provider = :provider AND p.attempt = (SELECT MAX(p2.attempt) FROM payments p2 WHERE p2.order_id = o.id))',
        { provider: query.provider },
      );
    }
    if (query.q) {
      builder.andWhere(
        new Brackets((q) =>
          q
            .where('o.merchant_order_id = :q', { q: query.q })
            .orWhere('EXISTS (SELECT 1 FROM payments ps WHERE ps.order_id = o.id AND (ps.provider_payment_id = :q OR ps.reference = :q))', { q: query.q }),
        ),
      );
    }
    return builder;
  }

  /** Rows of several orders with the provider of each one's latest attempt, in one more query. */
  private async rows(orders: Order[]): Promise<AdminOrderRow[]> {
    if (orders.length === 0) return [];
    const latest = await this.paymentsService.latestAttempts(orders.map((o) => o.id));
    return orders.map((o) => toRow(o, latest.get(o.id) ?? null));
  }
}

const REFUNDABLE = new Set(['PAID', 'FULFILLED', 'PARTIALLY_REFUNDED']);
const isRefundable = (order: Order) => REFUNDABLE.has(order.status);

function toRow(order: Order, latest: Payment | null): AdminOrderRow {
  return {
    id: order.id,
    merchantOrderId: order.merchantOrderId,
    status: order.status,
    amount: { value: order.amountValue, currency: order.currency },
    refundedAmount: { value: order.refundedValue, currency: order.currency },
    provider: latest?.provider ?? null,
    inReview: order.reviewReason !== null,
    createdAt: order.createdAt.toISOString(),
  };
}

/** Minor units as a decimal string in the currency's own exponent (ISO 4217, from the runtime's ICU data). */
export function majorUnits(minor: number, currency: string): string {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  if (digits === 0) return String(minor);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
