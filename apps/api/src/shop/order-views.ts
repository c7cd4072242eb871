import { Injectable } from '@nestjs/common';
import type { Order as OrderDto, OrderListQuery, OrderListResponse } from '@minipay/contracts';
import type { Order } from '../orders/order.entity';
import { OrdersService } from '../orders/orders.service';
import { PaymentsService } from '../payments/payments.service';
import { RefundsService } from '../refunds/refunds.service';
import { toOrderDto } from './order-view';

/**
 * The shopper's view of their orders: each order with its latest payment attempt and its refunds. It only
 * reads, through the services of the modules that own those tables, in a fixed number of queries per page.
 */
@Injectable()
export class OrderViews {
  constructor(
    private readonly orders: OrdersService,
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  async get(userId: string, orderId: string): Promise<OrderDto> {
    const [view] = await this.of([await this.orders.findOwned(userId, orderId)]);
    return view;
  }

  async list(userId: string, query: OrderListQuery): Promise<OrderListResponse> {
    const page = await this.orders.list(userId, query);
    return { items: await this.of(page.rows), nextCursor: page.nextCursor };
  }

  /** An order this request just created: it has no payment attempt and no refund yet, so there is nothing to read. */
  ofNew(order: Order): OrderDto {
    return toOrderDto(order, null, []);
  }

  async of(orders: Order[]): Promise<OrderDto[]> {
    const ids = orders.map((o) => o.id);
    const [latest, refunds] = await Promise.all([this.payments.latestAttempts(ids), this.refunds.forOrders(ids)]);
    return orders.map((order) =>
      toOrderDto(
        order,
        latest.get(order.id) ?? null,
        refunds.filter((r) => r.orderId === order.id),
      ),
    );
  }
}
