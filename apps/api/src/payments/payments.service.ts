import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { PayResponse } from '@minipay/contracts';
import { In, Repository } from 'typeorm';
import { ShopperDirectory } from '../auth/shopper-directory';
import { ProviderRejectedError, ProviderTimeoutError, ProviderUnavailableError } from '../common/errors/provider-errors';
import { Sql } from '../common/database/sql';
import { TransactionRunner } from '../common/database/transaction-runner';
import { AppSettings } from '../config/app-config';
import { Order } from '../orders/order.entity';
import { PAID_STATUSES } from '../orders/order-state';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderWriter } from '../orders/order-writer';
import { OrdersService } from '../orders/orders.service';
import { Payment } from './payment.entity';
import { INSERT_PAYMENT, paymentFromRow, paymentInsertParams, SELECT_LATEST_ATTEMPT, STORE_CREATED, storeCreatedParams, type PaymentRow } from './payment-rows';
import { locatorOf } from './payment-locator';
import { attemptReference } from './payment-reference';
import { PaymentSettlement } from './payment-settlement';
import { ACTIVE_PAYMENT_PROVIDER, PAYMENT_PROVIDERS, PaymentProvider, PaymentProviderMap, PaymentSnapshot, providerOf } from './providers/payment-provider';
import { OrderAlreadyPaidError, OrderBusyError, OrderClosedError, OrderInReviewError } from '../orders/order-errors';
import { PaymentNotFoundError } from './payment-errors';
import { newRowId } from '../common/database/row-id';

@Injectable()
export class PaymentsService {
  constructor(
    @Inject(ACTIVE_PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly shoppers: ShopperDirectory,
    private readonly orders: OrdersService,
    private readonly settlement: PaymentSettlement,
    private readonly timeline: OrderTimeline,
    private readonly orderWriter: OrderWriter,
    private readonly tx: TransactionRunner,
    private readonly settings: AppSettings,
    private readonly sql: Sql,
  ) {}

  /**
   * The wx.requestPayment parameters for an order: the pending attempt's if it has them (no second provider
   * order while one is still payable), else a new attempt with its own provider reference.
   */
  async pay(userId: string, orderId: string): Promise<PayResponse> {
    let order = await this.orders.findOwned(userId, orderId);
    this.assertPayable(order);
    const latest = await this.latestAttempt(order.id);
    if (latest?.status === 'SUCCEEDED') throw alreadyPaid();
    if (latest?.status === 'PENDING') {
      if (latest.requestPayment && latest.provider === this.provider.name) return this.payResponse(latest);
      if ((await this.inspectUnusableAttempt(latest)) === 'resend') {
        try {
          return await this.callCreate(order, latest, { resend: true });
        } catch (error) {
          if (!(error instanceof ProviderRejectedError)) throw error;
          // The provider refuses to repeat it (the attempt changed meanwhile): close it there, then start afresh.
          await this.closeAttempt(latest);
        }
      }
      order = await this.orders.findOwned(userId, orderId);
      this.assertPayable(order);
    }
    return this.createAttempt(order);
  }

  /**
   * What wx.requestPayment reported. Only a hint: the order's state comes from the provider. A shopper who
   * closed the sheet leaves the attempt pending at the provider, so we close it there, which makes the order
   * payable again with a fresh attempt (or reveals that it was paid after all).
   */
  async reportClientResult(userId: string, orderId: string, errMsg: string): Promise<void> {
    const order = await this.orders.findOwned(userId, orderId);
    const latest = await this.latestAttempt(order.id);
    if (!latest) throw new PaymentNotFoundError('This order has no payment to report on; call /pay first');
    await this.timeline.record(order.id, 'client_result', `wx.requestPayment reported "${errMsg.slice(0, 100)}"`, { paymentId: latest.id });
    if (latest.status === 'PENDING') {
      const provider = this.providerFor(latest);
      const locator = { ...locatorOf(latest), clientResult: errMsg };
      let snapshot = await provider.queryPayment(locator);
      const shopperGaveUp = errMsg !== 'requestPayment:ok';
      if (snapshot.status === 'PENDING' && shopperGaveUp && latest.requestPayment) {
        snapshot = await provider.cancelPayment(locator);
        await this.timeline.record(order.id, 'provider_call', `closed attempt ${latest.reference} at the provider after the shopper left the pay sheet`, {
          paymentId: latest.id,
          status: snapshot.status,
        });
      }
      await this.settlement.settleVerified(provider, latest, snapshot, 'client_result');
    }
  }

  private assertPayable(order: Order): void {
    // A mismatched or second payment is waiting for an operator: taking more money now could only make it worse.
    if (order.reviewReason) throw new OrderInReviewError();
    if (PAID_STATUSES.includes(order.status)) throw alreadyPaid();
    if (order.status === 'CLOSED') throw new OrderClosedError('closed');
    if (order.expiresAt.getTime() <= Date.now()) throw new OrderClosedError('expired');
  }

  private async createAttempt(order: Order): Promise<PayResponse> {
    // A currency the active provider cannot charge is refused (422) before an attempt row exists.
    this.provider.assertChargeable({ value: order.amountValue, currency: order.currency });
    const attempt = order.paymentAttempts + 1;
    const reference = attemptReference(order.merchantOrderId, attempt);
    const now = new Date();
    const payment: Payment = Object.assign(new Payment(), {
      id: newRowId(),
      orderId: order.id,
      provider: this.provider.name,
      attempt,
      reference,
      providerPaymentId: null,
      status: 'PENDING',
      amountValue: order.amountValue,
      currency: order.currency,
      requestPayment: null,
      providerData: null,
      failureReason: null,
      capturedValue: null,
      createdAt: now,
      updatedAt: now,
      // Until create answers, the outcome is unknown: reconciliation should look at it soon.
      nextQueryAt: new Date(now.getTime() + this.settings.values.RECONCILE_AFTER_SECONDS * 1000),
      queryAttempts: 0,
    });
    const claimed = await this.tx.runSql(async (tx) => {
      // Claiming the attempt number is the lock: two concurrent /pay calls cannot both create a provider order.
      if (!(await this.orderWriter.claimAttempt(tx, order, attempt))) return false;
      this.sql.write(INSERT_PAYMENT, paymentInsertParams(payment), tx);
      return true;
    });
    if (!claimed) {
      const latest = await this.latestAttempt(order.id);
      if (latest?.status === 'PENDING' && latest.requestPayment) return this.payResponse(latest);
      throw new OrderBusyError('A payment for this order is being created; retry in a moment');
    }
    return this.callCreate(order, payment);
  }

  private async callCreate(order: Order, payment: Payment, options: { resend?: boolean } = {}): Promise<PayResponse> {
    const c = this.settings.values;
    try {
      const created = await this.provider.createPayment({
        reference: payment.reference,
        merchantOrderId: order.merchantOrderId,
        amount: { value: order.amountValue, currency: order.currency },
        description: describe(order),
        openid: await this.shoppers.openidOf(order.userId),
        notifyUrl: `${c.PUBLIC_BASE_URL}/webhooks/${this.provider.name}`,
        idempotencyKey: `create-${payment.reference}`,
      });
      await this.tx.runSql(async (tx) => {
        this.sql.write(STORE_CREATED, storeCreatedParams(payment.id, created), tx);
        this.timeline.append(tx, order.id, 'provider_call', `created attempt ${payment.reference} at ${this.provider.name}`, {
          paymentId: payment.id,
          providerPaymentId: created.providerPaymentId,
        });
      });
      return { paymentId: payment.id, provider: this.provider.name, requestPayment: created.requestPayment };
    } catch (error) {
      if (!(options.resend && error instanceof ProviderRejectedError)) await this.recordCreateFailure(order, payment, error);
      throw error;
    }
  }

  private async recordCreateFailure(order: Order, payment: Payment, error: unknown): Promise<void> {
    if (error instanceof ProviderRejectedError) {
      // A definitive refusal: this attempt is dead; the next /pay starts a new one.
      await this.settlement.settle(payment, { found: false, status: 'FAILED', failureReason: `create rejected: ${error.message}` }, 'create');
      return;
    }
    const unknownOutcome = error instanceof ProviderTimeoutError || error instanceof ProviderUnavailableError;
    await this.timeline.record(
      order.id,
      'provider_call',
      `create of attempt ${payment.reference} ${unknownOutcome ? 'has an unknown outcome' : 'failed'}: ${(error as Error).message}`,
      {
        paymentId: payment.id,
      },
    );
  }

  /**
   * A pending attempt we cannot hand to the shopper (its create timed out, or it belongs to another provider).
   * Ask the provider what happened: paid → the order is paid (409); unknown to it or still pending at the
   * active provider → 'resend': repeat the create with the SAME reference, which the provider answers with the
   * original payment (no second provider order); otherwise it is closed there and settled, and the caller
   * starts a fresh attempt ('closed').
   */
  private async inspectUnusableAttempt(payment: Payment): Promise<'resend' | 'closed'> {
    const provider = this.providerFor(payment);
    const snapshot = await provider.queryPayment(locatorOf(payment));
    if (snapshot.status === 'SUCCEEDED') {
      await this.settlement.settleVerified(provider, payment, snapshot, 'query');
      throw alreadyPaid();
    }
    if (provider === this.provider && (!snapshot.found || snapshot.status === 'PENDING')) return 'resend';
    await this.closeAttempt(payment, snapshot);
    return 'closed';
  }

  /** Closes a pending attempt at its provider and settles what the provider answers; throws if it was paid. */
  private async closeAttempt(payment: Payment, known?: PaymentSnapshot): Promise<void> {
    const provider = this.providerFor(payment);
    const snapshot = known ?? (await provider.queryPayment(locatorOf(payment)));
    const final = snapshot.status === 'PENDING' ? await provider.cancelPayment(locatorOf(payment)) : snapshot;
    if (final.status === 'PENDING') throw new OrderBusyError('The previous payment attempt is still open at the provider; retry shortly');
    const result = await this.settlement.settleVerified(provider, payment, final.found ? final : { ...final, status: 'CANCELLED' }, 'query');
    if (result.paymentStatus === 'SUCCEEDED') throw alreadyPaid();
  }

  /** The latest attempt of each order, in one query (no N+1). */
  async latestAttempts(orderIds: string[]): Promise<Map<string, Payment>> {
    if (orderIds.length === 0) return new Map();
    const rows = await this.payments.find({ where: { orderId: In(orderIds) }, order: { attempt: 'ASC' } });
    return new Map(rows.map((p) => [p.orderId, p]));
  }

  private async latestAttempt(orderId: string): Promise<Payment | null> {
    const [row] = await this.sql.rows<PaymentRow>(SELECT_LATEST_ATTEMPT, [orderId]);
    return row ? paymentFromRow(row) : null;
  }

  private providerFor(payment: Payment): PaymentProvider {
    return providerOf(this.providers, payment.provider);
  }

  private payResponse(payment: Payment): PayResponse {
    return { paymentId: payment.id, provider: payment.provider, requestPayment: payment.requestPayment! };
  }
}

function alreadyPaid(): OrderAlreadyPaidError {
  return new OrderAlreadyPaidError();
}

function describe(order: Order): string {
  const first = order.items[0]?.name ?? 'Order';
  const more = order.items.length > 1 ? ` and ${order.items.length - 1} more` : '';
  return `${first}${more}`.slice(0, 120);
}
