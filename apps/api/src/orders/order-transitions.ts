import { Injectable } from '@nestjs/common';
import type { OrderStatus } from '@minipay/contracts';
import { EntityManager, In } from 'typeorm';
import { Order } from './order.entity';
import { OrderTimeline } from './order-timeline';
import { sourcesOf } from './order-state';

export interface TransitionExtras {
  reason: string;
  data?: Record<string, unknown>;
  paidAt?: Date;
  closedAt?: Date;
}

/**
 * Moves an order along ORDER_TRANSITIONS with one conditional UPDATE (`WHERE status IN (allowed sources)`).
 * However many webhooks, queries and jobs race, exactly one of them sees an affected row: that one caller
 * "owns" the transition and does its side effects in the same transaction.
 */
@Injectable()
export class OrderTransitions {
  constructor(private readonly timeline: OrderTimeline) {}

  async apply(manager: EntityManager, orderId: string, to: OrderStatus, extras: TransitionExtras): Promise<boolean> {
    const from = sourcesOf(to);
    const now = new Date();
    const set: Partial<Order> = { status: to, updatedAt: now };
    if (extras.paidAt) set.paidAt = extras.paidAt;
    if (extras.closedAt) set.closedAt = extras.closedAt;
    const result = await manager
      .getRepository(Order)
      .createQueryBuilder()
      .update(Order)
      .set(set)
      .where({ id: orderId, status: In(from) })
      .execute();
    const moved = (result.affected ?? 0) === 1;
    if (moved) {
      await this.timeline.record(orderId, 'transition', `→ ${to}: ${extras.reason}`, { to, ...extras.data }, manager);
    }
    return moved;
  }
}
