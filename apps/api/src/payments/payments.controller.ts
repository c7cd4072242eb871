import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { Order, OrderIdParam, PayResponse, PayResultRequest } from '@minipay/contracts';
import type { z } from 'zod';
import { BearerAuthGuard, CurrentUserId } from '../auth/bearer-auth.guard';
import { RateLimit } from '../common/throttling/rate-limit';
import { ApiContract } from '../common/docs/api-contract';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { PaymentsService } from './payments.service';

@Controller('orders/:id/pay')
@UseGuards(BearerAuthGuard)
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @RateLimit('pay')
  @HttpCode(200)
  @ApiContract({
    tag: 'payments',
    summary: 'wx.requestPayment parameters for an unpaid order',
    response: PayResponse,
    auth: true,
    errors: [400, 401, 404, 409, 429, 502, 503, 504],
  })
  pay(@CurrentUserId() userId: string, @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>): Promise<PayResponse> {
    return this.payments.pay(userId, params.id);
  }

  @Post('result')
  @RateLimit('payResult')
  @HttpCode(200)
  @ApiContract({
    tag: 'payments',
    summary: 'Report what wx.requestPayment returned; answers the order as the provider sees it',
    body: PayResultRequest,
    response: Order,
    auth: true,
    errors: [400, 401, 404, 502, 503, 504],
  })
  result(
    @CurrentUserId() userId: string,
    @Param(new ZodValidationPipe(OrderIdParam, 'order id')) params: z.infer<typeof OrderIdParam>,
    @Body(new ZodValidationPipe(PayResultRequest)) body: z.infer<typeof PayResultRequest>,
  ): Promise<Order> {
    return this.payments.reportClientResult(userId, params.id, body.errMsg);
  }
}
