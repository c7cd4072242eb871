import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ProviderName } from '@minipay/contracts';
import { DomainError } from '../common/errors/domain-error';
import { AppSettings } from '../config/app-config';
import { OrderTimeline } from '../orders/order-timeline';
import type { Payment } from '../payments/payment.entity';
import { PaymentAttempts } from '../payments/payment-attempts';
import { locatorOf } from '../payments/payment-locator';
import { PaymentSettlement } from '../payments/payment-settlement';
import {
  NotificationEvent,
  PAYMENT_PROVIDERS,
  PaymentProvider,
  PaymentProviderMap,
  ProviderNotification,
  WebhookPayloadError,
  WebhookVerificationError,
} from '../payments/providers/payment-provider';
import { RefundsService } from '../refunds/refunds.service';
import { StoredEvent, WebhookInbox } from './webhook-inbox';
import { WebhookNotProcessedError, WebhookPayloadInvalidError, WebhookSignatureInvalidError } from './webhook-errors';
import { SecurityEvents } from '../security/security-events.service';

export type ProcessingTrigger = 'delivery' | 'sweep';

/** What a processing attempt did: `done` false means it did not get the row (processed or held elsewhere). */
export interface ProcessingResult {
  done: boolean;
  outcome?: string;
}

/**
 * Verify → store in the inbox → claim → act → mark processed. A bad signature changes nothing. A delivery of
 * an event that is already processed, or being processed by someone else right now, is acknowledged and
 * changes nothing. If acting fails (provider unreachable), the row stays unprocessed with a backoff: we answer
 * 503 so the provider retries, and the sweeper retries it anyway.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviderMap,
    private readonly attempts: PaymentAttempts,
    private readonly inbox: WebhookInbox,
    private readonly settlement: PaymentSettlement,
    private readonly refunds: RefundsService,
    private readonly timeline: OrderTimeline,
    private readonly settings: AppSettings,
    private readonly securityEvents: SecurityEvents,
  ) {}

  async ingest(
    providerName: ProviderName,
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
    clientIp: string | null = null,
  ): Promise<ProviderNotification['acknowledgement']> {
    const provider = this.providers.get(providerName);
    if (!provider) throw new DomainError('ROUTE_NOT_FOUND', `No webhook for provider "${providerName}"`);
    let notification: ProviderNotification;
    try {
      notification = provider.parseNotification(rawBody, headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        this.logger.warn({ provider: providerName, reason: error.reason }, 'webhook rejected');
        await this.securityEvents.record('webhook_signature_invalid', { ip: clientIp, detail: `${providerName}: ${error.reason}`.slice(0, 200) });
        throw new WebhookSignatureInvalidError();
      }
      if (error instanceof WebhookPayloadError) throw new WebhookPayloadInvalidError(error.reason);
      throw error;
    }
    const raw = rawBody.toString('utf8');
    const stored: StoredEvent[] = [];
    for (const event of notification.events) stored.push(await this.inbox.store(providerName, event, raw));
    let failed = false;
    for (const row of stored) {
      if (row.processed) continue;
      try {
        await this.process(row, 'delivery');
      } catch {
        failed = true;
      }
    }
    if (failed) throw new WebhookNotProcessedError();
    return notification.acknowledgement;
  }

  /** Processes due inbox rows (the sweeper); returns how many were processed. */
  async sweep(limit = 25, now = new Date()): Promise<{ processed: number; failed: number }> {
    let processed = 0;
    let failed = 0;
    for (const row of await this.inbox.due(limit, now)) {
      try {
        if ((await this.process(row, 'sweep')).done) processed++;
      } catch {
        failed++;
      }
    }
    return { processed, failed };
  }

  /**
   * One claimed processing attempt of a stored event; every attempt (and its failure) is on the order's
   * timeline. Throws when acting failed; the row is then scheduled for a later attempt.
   */
  async process(row: StoredEvent, trigger: ProcessingTrigger): Promise<ProcessingResult> {
    const provider = this.providers.get(row.provider as ProviderName);
    if (!provider) return { done: false };
    const c = this.settings.values;
    const holdMs = Math.max(60_000, 4 * c.PROVIDER_TIMEOUT_MS * (c.PROVIDER_MAX_RETRIES + 1));
    if (!(await this.inbox.claim(row.id, holdMs))) return { done: false };
    const attempt = row.attempts + 1;
    let orderId: string | null = null;
    try {
      const target = await this.locate(provider, row.event);
      orderId = target.orderId;
      if (orderId) {
        await this.timeline.record(orderId, 'notification', `${provider.name} notification ${row.eventKey}: processing attempt ${attempt} (${trigger})`, {
          eventKey: row.eventKey,
          attempt,
          trigger,
        });
      }
      const outcome = await target.act();
      await this.inbox.markProcessed(row.id, outcome);
      return { done: true, outcome };
    } catch (error) {
      const message = (error as Error).message;
      const retryAt = await this.inbox.markFailed(row.id, attempt, message, c.WEBHOOK_RETRY_BASE_SECONDS * 1000);
      this.logger.warn({ eventKey: row.eventKey, attempt, trigger, err: message }, 'webhook processing failed; will retry');
      if (orderId) {
        await this.timeline.record(
          orderId,
          'notification',
          `processing attempt ${attempt} of ${row.eventKey} failed: ${message}; next attempt ${retryAt.toISOString()}`,
          {
            eventKey: row.eventKey,
            attempt,
            retryAt: retryAt.toISOString(),
          },
        );
      }
      throw error;
    }
  }

  /** Finds what an event is about (no provider call) and how to act on it. */
  private async locate(provider: PaymentProvider, event: NotificationEvent): Promise<{ orderId: string | null; act: () => Promise<string> }> {
    if (event.kind === 'ignored') return { orderId: null, act: async () => `ignored: ${event.why}` };
    if (event.kind === 'refund') {
      const refund = await this.refunds.findForEvent(provider.name, event);
      if (!refund) return { orderId: null, act: async () => `ignored: no refund for ${event.providerRefundId ?? event.refundReference}` };
      return { orderId: refund.orderId, act: () => this.refunds.applyEvent(provider, refund, event) };
    }
    const payment = await this.findPayment(provider, event);
    if (!payment) return { orderId: null, act: async () => `ignored: no ${provider.name} payment with reference ${event.reference}` };
    if (event.providerPaymentId && payment.providerPaymentId && event.providerPaymentId !== payment.providerPaymentId) {
      const why = `ignored: ${event.reference} is ${payment.providerPaymentId} at ${provider.name}, the event names ${event.providerPaymentId}`;
      this.logger.warn({ paymentId: payment.id }, why);
      return { orderId: payment.orderId, act: async () => why };
    }
    return {
      orderId: payment.orderId,
      act: async () => {
        // An event that states its outcome (Adyen) is applied as is; one that does not (intents) is confirmed by
        // a query, because the notification alone carries no amount and could be stale.
        const snapshot = event.status
          ? { found: true, status: event.status, amount: event.amount, providerPaymentId: event.providerPaymentId, failureReason: event.failureReason }
          : await provider.queryPayment(locatorOf(payment));
        const result = await this.settlement.settleVerified(provider, payment, snapshot, 'notification');
        return `payment ${result.paymentStatus}${result.orderPaid ? ', order PAID' : ''}${result.flaggedForReview ? ', flagged for review' : ''}`;
      },
    };
  }

  /** Matched by provider and our reference, or by the provider's payment id at that provider. */
  private async findPayment(provider: PaymentProvider, event: Extract<NotificationEvent, { kind: 'payment' }>): Promise<Payment | null> {
    return this.attempts.forNotification(provider.name, event.reference, event.providerPaymentId);
  }
}
