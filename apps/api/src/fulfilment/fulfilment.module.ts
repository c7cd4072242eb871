import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { FulfilmentRelay } from './fulfilment-relay';
import { FulfilmentHandler } from './fulfilment.handler';

@Module({
  imports: [OrdersModule],
  providers: [FulfilmentHandler, FulfilmentRelay],
  exports: [FulfilmentRelay],
})
export class FulfilmentModule {}
