import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { Refund } from './refund.entity';
import { RefundsService } from './refunds.service';

/** Refunds: created by operators, settled by provider notifications (through webhooks/) and by reconciliation. */
@Module({
  imports: [TypeOrmModule.forFeature([Refund]), OrdersModule, PaymentsModule],
  providers: [RefundsService],
  exports: [RefundsService],
})
export class RefundsModule {}
