import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { Order, OrderIdParam, PayResultRequest } from '@minipay/contracts';
import type { z } from 'zod';
import { BearerAuthGuard, CurrentUserId } from '../auth/bearer-auth.guard';
import { ApiContract } from '../common/docs/api-contract';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { PaymentsService } from '../payments/payments.service';
import { OrderViews } from './order-views';

@Controller('orders/:id/pay/result')
@UseGuards(BearerAuthGuard)
export class PayResultController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly views: OrderViews,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiContract({
    tag: 'payments',
    summary: 'Report what wx.requestPayment returned; answers the order as the provider sees it',
    body: PayResultRequest,
    response: Order,
    auth: true,
    errors: [400, 401, 404, 502, 503, 504],
  })
  async result(
    @CurrentUserId() userId: string,
    @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>,
    @Body(new ZodValidationPipe(PayResultRequest)) body: z.infer<typeof PayResultRequest>,
  ): Promise<Order> {
    await this.payments.reportClientResult(userId, params.id, body.errMsg);
    return this.views.get(userId, params.id);
  }
}
