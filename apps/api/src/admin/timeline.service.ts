import { Injectable } from '@nestjs/common';
import type { OrderTimelineResponse } from '@minipay/contracts';
import { OrdersService } from '../orders/orders.service';
import { OrderTimeline } from '../orders/order-timeline';

@Injectable()
export class TimelineService {
  constructor(
    private readonly orders: OrdersService,
    private readonly timeline: OrderTimeline,
  ) {}

  async forOrder(orderId: string): Promise<OrderTimelineResponse> {
    const order = await this.orders.findById(orderId);
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
