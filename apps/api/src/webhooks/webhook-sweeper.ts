import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppSettings } from '../config/app-config';
import { WebhookInbox } from './webhook-inbox';
import { WebhooksService } from './webhooks.service';

const SWEEP_JOB = 'webhook-sweeper';
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Re-processes stored notifications that are still unprocessed (their delivery failed, or the instance died
 * mid-way), with backoff; and prunes raw bodies past WEBHOOK_RETENTION_DAYS.
 */
@Injectable()
export class WebhookSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookSweeper.name);
  private running: Promise<void> | null = null;
  private lastPrune = 0;

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly inbox: WebhookInbox,
    private readonly registry: SchedulerRegistry,
    private readonly settings: AppSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.values.JOBS_ENABLED) return;
    this.registry.addInterval(
      SWEEP_JOB,
      setInterval(() => void this.tick(), this.settings.values.WEBHOOK_SWEEP_INTERVAL_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', SWEEP_JOB)) this.registry.deleteInterval(SWEEP_JOB);
    await this.running;
  }

  tick(now = new Date()): Promise<void> {
    this.running ??= this.round(now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Drops raw bodies older than the retention period; returns how many rows were pruned. */
  prune(now = new Date()): Promise<number> {
    return this.inbox.pruneRawBodies(new Date(now.getTime() - this.settings.values.WEBHOOK_RETENTION_DAYS * DAY_MS));
  }

  private async round(now: Date): Promise<void> {
    try {
      const swept = await this.webhooks.sweep(25, now);
      if (swept.processed || swept.failed) this.logger.log(swept, 'webhook sweep');
      if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MS) {
        this.lastPrune = now.getTime();
        const pruned = await this.prune(now);
        if (pruned) this.logger.log({ pruned }, 'pruned raw notification bodies');
      }
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'webhook sweep failed');
    }
  }
}
