import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaidOrderHook, PaymentSettlement } from './payment-settlement';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { providerRegistry } from './providers/provider-registry';
import { OutboxPaidHook } from '../fulfilment/outbox-paid.hook';

@Module({
  imports: [OrdersModule],
  controllers: [PaymentsController],
  providers: [...providerRegistry, PaymentSettlement, PaymentsService, { provide: PaidOrderHook, useClass: OutboxPaidHook }],
  exports: [...providerRegistry, PaymentSettlement, PaymentsService],
})
export class PaymentsModule {}
