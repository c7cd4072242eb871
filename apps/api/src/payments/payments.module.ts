import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { Payment } from './payment.entity';
import { PaymentAttempts } from './payment-attempts';
import { PaymentReconciliation } from './payment-reconciliation';
import { PaymentSettlement } from './payment-settlement';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { providerRegistry } from './providers/provider-registry';

/** Payment attempts at providers. PaidOrderHook is bound by FulfilmentModule (global), which owns that reaction. */
@Module({
  imports: [TypeOrmModule.forFeature([Payment]), OrdersModule],
  controllers: [PaymentsController],
  providers: [...providerRegistry, PaymentSettlement, PaymentsService, PaymentAttempts, PaymentReconciliation],
  exports: [...providerRegistry, PaymentSettlement, PaymentsService, PaymentAttempts, PaymentReconciliation],
})
export class PaymentsModule {}
