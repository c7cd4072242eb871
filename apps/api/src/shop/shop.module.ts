import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { OrderViews } from './order-views';
import { OrdersController } from './orders.controller';
import { PayResultController } from './pay-result.controller';

/**
 * The shopper-facing order endpoints. They combine what orders, payments and refunds own, so they live above
 * those modules (which never import each other's views).
 */
@Module({
  imports: [OrdersModule, PaymentsModule, RefundsModule],
  controllers: [OrdersController, PayResultController],
  providers: [OrderViews],
})
export class ShopModule {}
