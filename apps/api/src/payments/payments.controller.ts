import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { OrderIdParam, PayResponse } from '@minipay/contracts';
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
}
