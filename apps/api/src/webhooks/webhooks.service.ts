import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ProviderName } from '@minipay/contracts';
import { IsNull, Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { TransactionRunner } from '../common/database/transaction-runner';
import { OrderTimeline } from '../orders/order-timeline';
import { Payment } from '../payments/payment.entity';
import { PaymentSettlement } from '../payments/payment-settlement';
import { locatorOf } from '../payments/payments.service';
import {
  NotificationEvent,
  PAYMENT_PROVIDERS,
  PaymentProvider,
  PaymentProviderMap,
  ProviderNotification,
  WebhookPayloadError,
  WebhookVerificationError,
} from '../payments/providers/payment-provider';
import { WebhookEvent } from './webhook-event.entity';

/** A duplicate of an event still being processed elsewhere is left alone unless that processing looks stuck. */
const STUCK_AFTER_MS = 30_000;

export type RefundEventHandler = (provider: PaymentProvider, event: Extract<NotificationEvent, { kind: 'refund' }>) => Promise<string>;

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);
  private refundHandler: RefundEventHandler | null = null;
  private readonly postgres: boolean;

  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    @InjectRepository(WebhookEvent) private readonly inbox: Repository<WebhookEvent>,
    @InjectRepository(Payment) private readonly payments: Repository<Payment>,
    private readonly settlement: PaymentSettlement,
    private readonly timeline: OrderTimeline,
    private readonly tx: TransactionRunner,
  ) {
    this.postgres = inbox.manager.connection.options.type === 'postgres';
  }

  /** Lets the refunds module handle refund events without a module cycle. */
  setRefundHandler(handler: RefundEventHandler): void {
    this.refundHandler = handler;
  }

  /**
   * Verify → store raw in the inbox → act → acknowledge. A bad signature changes nothing. A duplicate is
   * acknowledged and changes nothing. If acting fails (provider unreachable), the event stays stored and
   * unprocessed and we answer 503, so the provider retries (and reconciliation would settle it anyway).
   */
  async ingest(providerName: ProviderName, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<ProviderNotification['acknowledgement']> {
    const provider = this.providers.get(providerName);
    if (!provider) throw new DomainError('ROUTE_NOT_FOUND', `No webhook for provider "${providerName}"`);
    let notification: ProviderNotification;
    try {
      notification = provider.parseNotification(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        this.logger.warn({ provider: providerName, reason: error.reason }, 'webhook rejected');
        throw new DomainError('WEBHOOK_SIGNATURE_INVALID', 'The notification signature is invalid');
      }
      if (error instanceof WebhookPayloadError) throw new DomainError('WEBHOOK_PAYLOAD_INVALID', error.reason);
      throw error;
    }
    const raw = rawBody.toString('utf8');
    const stored = [];
    for (const event of notification.events) stored.push({ event, row: await this.store(providerName, event, raw) });
    for (const { event, row } of stored) {
      if (row) await this.process(provider, event, row);
    }
    return notification.acknowledgement;
  }

  /** The inbox row to process, or null when this is a duplicate someone else has (or is) handling. */
  private async store(provider: string, event: NotificationEvent, rawBody: string): Promise<WebhookEvent | null> {
    const row: WebhookEvent = this.inbox.create({
      id: randomUUID(),
      provider,
      eventKey: event.eventKey.slice(0, 200),
      rawBody,
      paymentReference: 'reference' in event && event.reference ? event.reference.slice(0, 64) : null,
      receivedAt: new Date(),
      processedAt: null,
      outcome: null,
      deliveries: 1,
    });
    // One statement for both cases (SQLite ≥ 3.35 and PostgreSQL): a new event is inserted; a duplicate only
    // counts one more delivery. No exception on the duplicate path, which is the common one under retries.
    const values = [row.id, row.provider, row.eventKey, row.rawBody, row.paymentReference, row.receivedAt.getTime()];
    const placeholders = values.map((_, i) => (this.postgres ? `$${i + 1}` : '?')).join(', ');
    const rows: Array<{ id: string; deliveries: number | string; processed_at: number | string | null; received_at: number | string }> =
      await this.tx.run((manager) =>
        manager.query(
          `INSERT INTO webhook_events (id, provider, event_key, raw_body, payment_reference, received_at, deliveries)
           VALUES (${placeholders}, 1)
           ON CONFLICT (provider, event_key) DO UPDATE SET deliveries = webhook_events.deliveries + 1
           RETURNING id, deliveries, processed_at, received_at`,
          values,
        ),
      );
    const stored = rows[0];
    if (Number(stored.deliveries) === 1) return row;
    const stuck = stored.processed_at == null && Date.now() - Number(stored.received_at) > STUCK_AFTER_MS;
    return stuck ? { ...row, id: stored.id, receivedAt: new Date(Number(stored.received_at)) } : null;
  }

  private async process(provider: PaymentProvider, event: NotificationEvent, row: WebhookEvent): Promise<void> {
    let outcome: string;
    try {
      outcome = await this.act(provider, event);
    } catch (error) {
      this.logger.warn({ eventKey: row.eventKey, err: (error as Error).message }, 'webhook processing failed; the provider will retry');
      throw new DomainError('PROVIDER_UNAVAILABLE', 'The notification was stored but could not be processed yet; retry', { retryable: true });
    }
    await this.tx.run((manager) =>
      manager.getRepository(WebhookEvent).update({ id: row.id, processedAt: IsNull() }, { processedAt: new Date(), outcome: outcome.slice(0, 200) }),
    );
  }

  private async act(provider: PaymentProvider, event: NotificationEvent): Promise<string> {
    if (event.kind === 'ignored') return `ignored: ${event.why}`;
    if (event.kind === 'refund') return this.refundHandler ? this.refundHandler(provider, event) : 'ignored: refunds not enabled';
    const payment =
      (await this.payments.findOneBy({ reference: event.reference })) ??
      (event.providerPaymentId ? await this.payments.findOneBy({ providerPaymentId: event.providerPaymentId, provider: provider.name }) : null);
    if (!payment) return `ignored: no payment with reference ${event.reference}`;
    await this.timeline.record(payment.orderId, 'notification', `${provider.name} notification ${event.eventKey}`, {
      paymentId: payment.id,
      status: event.status,
      amount: event.amount,
    });
    // An event that states its outcome (Adyen) is applied as is; one that does not (intents) is confirmed by a
    // query, because the notification alone carries no amount and could be stale.
    const snapshot = event.status
      ? { found: true, status: event.status, amount: event.amount, providerPaymentId: event.providerPaymentId, failureReason: event.failureReason }
      : await provider.queryPayment(locatorOf(payment));
    const result = await this.settlement.settle(payment, snapshot, 'notification');
    return `payment ${result.paymentStatus}${result.orderPaid ? ', order PAID' : ''}${result.flaggedForReview ? ', flagged for review' : ''}`;
  }
}
