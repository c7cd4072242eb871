import { Body, Controller, Get, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CreateOrderRequest, Order, OrderIdParam, OrderListQuery, OrderListResponse } from '@minipay/contracts';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { BearerAuthGuard, CurrentUserId } from '../auth/bearer-auth.guard';
import { RateLimit } from '../common/throttling/rate-limit';
import { ApiContract } from '../common/docs/api-contract';
import { IdempotencyKeyHeader } from '../common/pipes/idempotency-key.decorator';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { OrdersService } from '../orders/orders.service';
import { OrderViews } from './order-views';

@Controller('orders')
@UseGuards(BearerAuthGuard)
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly views: OrderViews,
  ) {}

  @Post()
  @RateLimit('orders')
  @ApiContract({
    tag: 'orders',
    summary: 'Place an order (priced on the server)',
    body: CreateOrderRequest,
    response: Order,
    status: 201,
    auth: true,
    idempotencyKey: true,
    errors: [400, 401, 422, 429],
  })
  async create(
    @CurrentUserId() userId: string,
    @Body(new ZodValidationPipe(CreateOrderRequest)) body: z.infer<typeof CreateOrderRequest>,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Order> {
    const { order, created } = await this.orders.create(userId, body, idempotencyKey);
    void reply.status(created ? 201 : 200);
    if (!created) void reply.header('idempotent-replayed', 'true');
    if (created) return this.views.ofNew(order);
    const [view] = await this.views.of([order]);
    return view;
  }

  @Get()
  @ApiContract({
    tag: 'orders',
    summary: "The caller's orders, newest first, a page at a time (?limit=&cursor=)",
    response: OrderListResponse,
    auth: true,
    errors: [400, 401],
  })
  list(
    @CurrentUserId() userId: string,
    @Query(new ZodValidationPipe(OrderListQuery, 'query')) query: z.infer<typeof OrderListQuery>,
  ): Promise<OrderListResponse> {
    return this.views.list(userId, query);
  }

  @Get(':id')
  @ApiContract({ tag: 'orders', summary: 'One of the caller’s orders', response: Order, auth: true, errors: [400, 401, 404] })
  get(@CurrentUserId() userId: string, @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>): Promise<Order> {
    return this.views.get(userId, params.id);
  }
}
