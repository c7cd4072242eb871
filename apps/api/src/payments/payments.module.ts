import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentSettlement } from './payment-settlement';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { providerRegistry } from './providers/provider-registry';

/** Payment attempts at providers. PaidOrderHook is bound by FulfilmentModule (global), which owns that reaction. */
@Module({
  imports: [OrdersModule],
  controllers: [PaymentsController],
  providers: [...providerRegistry, PaymentSettlement, PaymentsService],
  exports: [...providerRegistry, PaymentSettlement, PaymentsService],
})
export class PaymentsModule {}
