import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, LessThanOrEqual, Not, Or, Repository } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import type { NotificationEvent } from '../payments/providers/payment-provider';
import { WebhookEvent } from './webhook-event.entity';
import { newRowId } from '../common/database/row-id';

/** The longest backoff between two processing attempts of one stored event. */
const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

export interface StoredEvent {
  id: string;
  provider: string;
  eventKey: string;
  event: NotificationEvent;
  /** Processing attempts before this one. */
  attempts: number;
  processed: boolean;
}

/**
 * The inbox table: every verified notification, stored before we act on it. A row is processed by whoever
 * claims it (a delivery or the sweeper), exactly once; until then it stays due, with backoff after each
 * failure, so no outcome depends on the provider delivering it again.
 */
@Injectable()
export class WebhookInbox {
  private readonly postgres: boolean;

  constructor(
    @InjectRepository(WebhookEvent) private readonly rows: Repository<WebhookEvent>,
    private readonly tx: TransactionRunner,
  ) {
    this.postgres = rows.manager.connection.options.type === 'postgres';
  }

  /** Stores a delivery: a new event is inserted; a known one only counts one more delivery. */
  async store(provider: string, event: NotificationEvent, rawBody: string, now = new Date()): Promise<StoredEvent> {
    const id = newRowId();
    const eventKey = event.eventKey.slice(0, 200);
    const reference = 'reference' in event && event.reference ? event.reference.slice(0, 64) : null;
    const values = [id, provider, eventKey, rawBody, JSON.stringify(event), reference, now.getTime()];
    const placeholders = values.map((_, i) => (this.postgres ? `$${i + 1}` : '?')).join(', ');
    // One statement for both cases (SQLite ≥ 3.35 and PostgreSQL): no exception on the duplicate path, which is
    // the common one under retries.
    const rows: Array<{ id: string; attempts: number | string; processed_at: number | string | null; event: string | null }> = await this.tx.run((manager) =>
      manager.query(
        `INSERT INTO webhook_events (id, provider, event_key, raw_body, event, payment_reference, received_at, next_attempt_at, deliveries, attempts)
         VALUES (${placeholders}, ${this.postgres ? '$7' : '?'}, 1, 0)
         ON CONFLICT (provider, event_key) DO UPDATE SET deliveries = webhook_events.deliveries + 1
         RETURNING id, attempts, processed_at, event`,
        this.postgres ? values : [...values, now.getTime()],
      ),
    );
    const row = rows[0];
    return {
      id: row.id,
      provider,
      eventKey,
      // Rows stored before the inbox kept parsed events have none: this delivery's parse is the same event.
      event: row.event ? (JSON.parse(row.event) as NotificationEvent) : event,
      attempts: Number(row.attempts),
      processed: row.processed_at != null,
    };
  }

  /** Takes the row for one processing attempt; false when it is processed or someone else holds it. */
  async claim(id: string, holdMs: number, now = new Date()): Promise<boolean> {
    const result = await this.tx.run((manager) =>
      manager
        .getRepository(WebhookEvent)
        .createQueryBuilder()
        .update(WebhookEvent)
        .set({ claimedUntil: new Date(now.getTime() + holdMs), attempts: () => 'attempts + 1' })
        .where({ id, processedAt: IsNull(), claimedUntil: Or(IsNull(), LessThan(now)) })
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  async markProcessed(id: string, outcome: string): Promise<void> {
    await this.tx.run((manager) =>
      manager
        .getRepository(WebhookEvent)
        .update(
          { id, processedAt: IsNull() },
          { processedAt: new Date(), outcome: outcome.slice(0, 200), claimedUntil: null, nextAttemptAt: null, lastError: null },
        ),
    );
  }

  /** Releases the claim and schedules the next attempt with exponential backoff; returns when that is. */
  async markFailed(id: string, attempt: number, error: string, baseDelayMs: number, now = new Date()): Promise<Date> {
    const retryAt = new Date(now.getTime() + Math.min(baseDelayMs * 2 ** Math.max(attempt - 1, 0), MAX_RETRY_DELAY_MS));
    await this.tx.run((manager) =>
      manager.getRepository(WebhookEvent).update({ id, processedAt: IsNull() }, { claimedUntil: null, nextAttemptAt: retryAt, lastError: error.slice(0, 200) }),
    );
    return retryAt;
  }

  /** Unprocessed rows whose next attempt is due and that nobody holds, oldest due first. */
  async due(limit: number, now = new Date()): Promise<StoredEvent[]> {
    const rows = await this.rows.find({
      where: { processedAt: IsNull(), nextAttemptAt: LessThanOrEqual(now), claimedUntil: Or(IsNull(), LessThan(now)) },
      order: { nextAttemptAt: 'ASC' },
      take: limit,
    });
    return rows
      .filter((row) => row.event)
      .map((row) => ({
        id: row.id,
        provider: row.provider,
        eventKey: row.eventKey,
        event: row.event as unknown as NotificationEvent,
        attempts: row.attempts,
        processed: false,
      }));
  }

  /** Drops raw bodies received before `before`; the row keeps its identity, parsed event and outcome. */
  async pruneRawBodies(before: Date): Promise<number> {
    const result = await this.tx.run((manager) =>
      manager.getRepository(WebhookEvent).update({ receivedAt: LessThan(before), rawBody: Not(IsNull()) }, { rawBody: null }),
    );
    return result.affected ?? 0;
  }
}
