import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Order } from '../orders/order.entity';
import type { Payment } from './payment.entity';
import { PaidOrderHook } from './payment-settlement';

/** Logs the PAID transition; the fulfilment outbox replaces this hook. */
@Injectable()
export class NoFulfilmentHook extends PaidOrderHook {
  private readonly logger = new Logger('Fulfilment');

  async onPaid(_manager: EntityManager, order: Order, payment: Payment): Promise<void> {
    this.logger.log({ orderId: order.id, paymentId: payment.id }, 'order paid');
  }
}
