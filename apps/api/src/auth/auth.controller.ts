import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { LoginRequest, LoginResponse } from '@minipay/contracts';
import type { z } from 'zod';
import { RateLimit } from '../common/throttling/rate-limit';
import { ApiContract } from '../common/docs/api-contract';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @RateLimit('login')
  @HttpCode(200)
  @ApiContract({
    tag: 'auth',
    summary: 'Exchange a wx.login code for a session token',
    body: LoginRequest,
    response: LoginResponse,
    errors: [400, 401, 429, 503],
  })
  login(@Body(new ZodValidationPipe(LoginRequest)) body: z.infer<typeof LoginRequest>): Promise<LoginResponse> {
    return this.auth.login(body.code);
  }
}
