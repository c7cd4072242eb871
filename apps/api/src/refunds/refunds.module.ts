import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsService } from './refunds.service';

/** Refunds: created by operators, settled by provider notifications (through webhooks/) and by reconciliation. */
@Module({
  imports: [OrdersModule, PaymentsModule],
  providers: [RefundsService],
  exports: [RefundsService],
})
export class RefundsModule {}
