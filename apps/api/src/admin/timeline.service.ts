import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { OrderTimelineResponse } from '@minipay/contracts';
import { Repository } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { Order } from '../orders/order.entity';
import { OrderTimeline } from '../orders/order-timeline';

@Injectable()
export class TimelineService {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly timeline: OrderTimeline,
  ) {}

  async forOrder(orderId: string): Promise<OrderTimelineResponse> {
    const order = await this.orders.findOneBy({ id: orderId });
    if (!order) throw new DomainError('ORDER_NOT_FOUND', 'No such order');
    const events = await this.timeline.list(orderId);
    return {
      orderId: order.id,
      merchantOrderId: order.merchantOrderId,
      status: order.status,
      reviewReason: order.reviewReason,
      events: events.map((e) => ({ type: e.type, summary: e.summary, data: e.data, at: e.at.toISOString() })),
    };
  }
}
