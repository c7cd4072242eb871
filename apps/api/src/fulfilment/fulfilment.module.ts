import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PaidOrderHook } from '../payments/payment-settlement';
import { OrdersModule } from '../orders/orders.module';
import { FulfilmentRelay } from './fulfilment-relay';
import { FulfilmentHandler } from './fulfilment.handler';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxPaidHook } from './outbox-paid.hook';

/**
 * What happens once an order is paid. It owns the reaction to "order paid": it binds PaidOrderHook (declared
 * by payments, which calls it inside the PAID transition) to the outbox writer. Global, so payments can use
 * the binding without importing this module (no cycle between the two folders).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessage]), OrdersModule],
  providers: [FulfilmentHandler, FulfilmentRelay, { provide: PaidOrderHook, useClass: OutboxPaidHook }],
  exports: [FulfilmentRelay, PaidOrderHook],
})
export class FulfilmentModule {}
