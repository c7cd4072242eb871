import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Order } from '../orders/order.entity';
import type { Payment } from '../payments/payment.entity';
import { PaidOrderHook } from '../payments/payment-settlement';
import { OutboxMessage } from './outbox-message.entity';
import { newRowId } from '../common/database/row-id';

export const ORDER_PAID_TOPIC = 'order.paid';

/** Writes the "order paid" outbox row inside the PAID transition's transaction. */
@Injectable()
export class OutboxPaidHook extends PaidOrderHook {
  async onPaid(manager: EntityManager, order: Order, payment: Payment): Promise<void> {
    const now = new Date();
    const row: OutboxMessage = {
      id: newRowId(),
      topic: ORDER_PAID_TOPIC,
      orderId: order.id,
      payload: {
        orderId: order.id,
        merchantOrderId: order.merchantOrderId,
        paymentId: payment.id,
        amount: { value: order.amountValue, currency: order.currency },
      },
      createdAt: now,
      claimedUntil: null,
      deliveredAt: null,
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
    };
    await manager.getRepository(OutboxMessage).insert(row as QueryDeepPartialEntity<OutboxMessage>);
  }
}
