import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppSettings } from '../config/app-config';
import { RefundsService } from '../refunds/refunds.service';
import { PaymentReconciliation } from '../payments/payment-reconciliation';

const JOB = 'reconciliation';

/** Runs reconciliation and expiry every RECONCILE_INTERVAL_MS (when JOBS_ENABLED), never two rounds at once. */
@Injectable()
export class ReconciliationScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconciliationScheduler.name);
  private running: Promise<void> | null = null;

  constructor(
    private readonly reconciliation: PaymentReconciliation,
    private readonly refunds: RefundsService,
    private readonly registry: SchedulerRegistry,
    private readonly settings: AppSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.settings.values.JOBS_ENABLED) return;
    this.registry.addInterval(
      JOB,
      setInterval(() => void this.tick(), this.settings.values.RECONCILE_INTERVAL_MS),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
    await this.running;
  }

  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      const pending = await this.reconciliation.reconcilePending();
      const expiry = await this.reconciliation.expireOrders();
      const refunds = await this.refunds.reconcilePending();
      if (pending.queried || expiry.closed || expiry.paidMeanwhile || refunds.queried) this.logger.log({ pending, expiry, refunds }, 'reconciliation round');
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'reconciliation round failed');
    }
  }
}
