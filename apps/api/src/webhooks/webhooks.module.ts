import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookInbox } from './webhook-inbox';
import { WebhookSweeper } from './webhook-sweeper';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Provider notifications in: verified, stored in the inbox, handed to payments or refunds exactly once. */
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEvent]), OrdersModule, PaymentsModule, RefundsModule],
  controllers: [WebhooksController],
  providers: [WebhookInbox, WebhooksService, WebhookSweeper],
  exports: [WebhooksService, WebhookSweeper],
})
export class WebhooksModule {}
