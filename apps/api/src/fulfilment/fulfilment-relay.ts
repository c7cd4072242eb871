import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThanOrEqual, Repository } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import { AppSettings } from '../config/app-config';
import { FulfilmentHandler } from './fulfilment.handler';
import { OutboxMessage } from './outbox-message.entity';

const JOB = 'outbox-relay';
/** How long one relay instance owns a message it is delivering. */
const CLAIM_MS = 30_000;
const RETRY_BASE_MS = 1_000;
const MAX_RETRY_DELAY_MS = 10 * 60 * 1000;
const BATCH = 50;

/**
 * Delivers outbox messages to the fulfilment handler. Each message is claimed by moving its next_attempt_at
 * forward with a conditional UPDATE (so several instances never deliver one message at the same time), then
 * handled and marked delivered in ONE transaction (so a crash at any point either delivers it once or leaves
 * it to be delivered again). A message whose handler fails is retried with backoff; it moves behind the
 * others, so one bad message never blocks the rest.
 */
@Injectable()
export class FulfilmentRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FulfilmentRelay.name);
  private running: Promise<number> | null = null;

  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    private readonly handler: FulfilmentHandler,
    private readonly tx: TransactionRunner,
    private readonly registry: SchedulerRegistry,
    private readonly settings: AppSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.values.JOBS_ENABLED) return;
    this.registry.addInterval(
      JOB,
      setInterval(() => void this.drain(), this.settings.values.OUTBOX_POLL_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
    await this.running;
  }

  /** Delivers what is due; returns how many messages this call delivered. */
  drain(now = new Date()): Promise<number> {
    this.running ??= this.deliverDue(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async deliverDue(now: Date): Promise<number> {
    const due = await this.outbox.find({
      where: { deliveredAt: IsNull(), nextAttemptAt: LessThanOrEqual(now) },
      order: { nextAttemptAt: 'ASC' },
      take: BATCH,
    });
    let delivered = 0;
    for (const message of due) {
      if (!(await this.claim(message, now))) continue;
      try {
        if (await this.deliver(message)) delivered++;
      } catch (error) {
        await this.backOff(message, now, (error as Error).message);
      }
    }
    return delivered;
  }

  private async claim(message: OutboxMessage, now: Date): Promise<boolean> {
    const result = await this.tx.run((manager) =>
      manager
        .getRepository(OutboxMessage)
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS), claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: message.attempts + 1 })
        .where({ id: message.id, deliveredAt: IsNull(), attempts: message.attempts })
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  private deliver(message: OutboxMessage): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const repo = manager.getRepository(OutboxMessage);
      const marked = await repo.update(
        { id: message.id, deliveredAt: IsNull() },
        { deliveredAt: new Date(), claimedUntil: null, nextAttemptAt: null, lastError: null },
      );
      if ((marked.affected ?? 0) !== 1) return false;
      await this.handler.handle(manager, message);
      return true;
    });
  }

  private async backOff(message: OutboxMessage, now: Date, error: string): Promise<void> {
    const attempts = message.attempts + 1;
    const retryAt = new Date(now.getTime() + Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS));
    this.logger.warn({ outboxId: message.id, attempts, retryAt: retryAt.toISOString(), err: error }, 'outbox delivery failed; will retry with backoff');
    await this.tx.run((manager) =>
      manager
        .getRepository(OutboxMessage)
        .update({ id: message.id, deliveredAt: IsNull() }, { nextAttemptAt: retryAt, claimedUntil: null, lastError: error.slice(0, 200) }),
    );
  }
}
