import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { ReconciliationScheduler } from './reconciliation.scheduler';

/** The periodic jobs that settle what no notification settled: pending payments, expired orders, refunds. */
@Module({
  imports: [PaymentsModule, RefundsModule],
  providers: [ReconciliationScheduler],
})
export class ReconciliationModule {}
