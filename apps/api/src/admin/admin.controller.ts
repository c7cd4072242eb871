import { Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { CreateRefundRequest, OrderIdParam, OrderTimelineResponse, Refund } from '@minipay/contracts';
import type { z } from 'zod';
import { ApiContract } from '../common/docs/api-contract';
import { IdempotencyKeyHeader } from '../common/pipes/idempotency-key.decorator';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { RefundsService } from '../refunds/refunds.service';
import { AdminApiKeyGuard } from '../security/admin-api-key.guard';
import { TimelineService } from './timeline.service';

@Controller('admin/orders/:id')
@UseGuards(AdminApiKeyGuard)
@ApiHeader({ name: 'X-Admin-Key', required: true, description: 'ADMIN_API_KEY' })
export class AdminController {
  constructor(
    private readonly refunds: RefundsService,
    private readonly timeline: TimelineService,
  ) {}

  @Post('refunds')
  @ApiContract({
    tag: 'admin',
    summary: 'Refund a paid order in full (no amount) or in part',
    body: CreateRefundRequest,
    response: Refund,
    status: 201,
    idempotencyKey: true,
    errors: [400, 401, 404, 409, 422, 502],
  })
  refund(
    @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>,
    @Body(new ZodValidationPipe(CreateRefundRequest)) body: z.infer<typeof CreateRefundRequest>,
    @IdempotencyKeyHeader() idempotencyKey: string | undefined,
  ): Promise<Refund> {
    return this.refunds.create(params.id, body, { idempotencyKey, actor: 'admin-key' });
  }

  @Get('timeline')
  @ApiContract({
    tag: 'admin',
    summary: 'Every transition, provider call and notification of an order',
    response: OrderTimelineResponse,
    errors: [400, 401, 404],
  })
  orderTimeline(@Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>): Promise<OrderTimelineResponse> {
    return this.timeline.forOrder(params.id);
  }
}
