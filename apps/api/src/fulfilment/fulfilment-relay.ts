import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction-runner';
import { AppSettings } from '../config/app-config';
import { FulfilmentHandler } from './fulfilment.handler';
import { OutboxMessage } from './outbox-message.entity';

const JOB = 'outbox-relay';
const CLAIM_MS = 30_000;
const BATCH = 50;

/**
 * Delivers outbox messages to the fulfilment handler. Each message is claimed with a conditional UPDATE (so
 * several instances never deliver one message at the same time), then handled and marked delivered in ONE
 * transaction (so a crash at any point either delivers it once or leaves it to be delivered again).
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
    this.registry.addInterval(JOB, setInterval(() => void this.drain(), this.settings.values.OUTBOX_POLL_MS));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
    await this.running;
  }

  /** Delivers what is pending; returns how many messages this call delivered. */
  drain(now = new Date()): Promise<number> {
    this.running ??= this.deliverPending(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async deliverPending(now: Date): Promise<number> {
    const pending = await this.outbox.find({
      where: [
        { deliveredAt: IsNull(), claimedUntil: IsNull() },
        { deliveredAt: IsNull(), claimedUntil: LessThan(now) },
      ],
      order: { createdAt: 'ASC' },
      take: BATCH,
    });
    let delivered = 0;
    for (const message of pending) {
      try {
        if (await this.deliver(message, now)) delivered++;
      } catch (error) {
        this.logger.warn({ outboxId: message.id, err: (error as Error).message }, 'outbox delivery failed; will retry');
      }
    }
    return delivered;
  }

  private async deliver(message: OutboxMessage, now: Date): Promise<boolean> {
    return this.tx.run(async (manager) => {
      const repo = manager.getRepository(OutboxMessage);
      const claim = await repo
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ claimedUntil: new Date(now.getTime() + CLAIM_MS), attempts: message.attempts + 1 })
        .where({ id: message.id, deliveredAt: IsNull(), attempts: message.attempts })
        .execute();
      if ((claim.affected ?? 0) !== 1) return false;
      await this.handler.handle(manager, message);
      await repo.update({ id: message.id }, { deliveredAt: new Date() });
      return true;
    });
  }
}
