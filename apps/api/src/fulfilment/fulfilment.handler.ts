import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrderTimeline } from '../orders/order-timeline';
import { OrderWriter } from '../orders/order-writer';
import type { OutboxMessage } from './outbox-message.entity';

/**
 * What happens once an order is paid. For now: mark it FULFILLED and log it. Runs inside the relay's
 * transaction together with marking the message delivered, so it takes effect exactly once.
 */
@Injectable()
export class FulfilmentHandler {
  private readonly logger = new Logger('Fulfilment');

  constructor(
    private readonly orders: OrderWriter,
    private readonly timeline: OrderTimeline,
  ) {}

  async handle(manager: EntityManager, message: OutboxMessage): Promise<void> {
    const fulfilled = await this.orders.transition(manager, message.orderId, 'FULFILLED', { reason: 'fulfilment handler ran', data: { outboxId: message.id } });
    await this.timeline.record(
      message.orderId,
      'fulfilment',
      fulfilled ? 'fulfilled' : 'fulfilment skipped: order no longer PAID',
      { outboxId: message.id },
      manager,
    );
    this.logger.log({ orderId: message.orderId, outboxId: message.id, fulfilled }, 'order fulfilment');
  }
}
