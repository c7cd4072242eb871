import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { RefundsService } from './refunds.service';

@Module({
  imports: [OrdersModule, PaymentsModule, WebhooksModule],
  providers: [RefundsService],
  exports: [RefundsService],
})
export class RefundsModule {}
