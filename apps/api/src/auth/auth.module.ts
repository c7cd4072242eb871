import { Global, Module } from '@nestjs/common';
import { AppSettings } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { SessionTokens } from './session-token';
import { WechatClient } from './wechat-client';

@Global()
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    WechatClient,
    BearerAuthGuard,
    {
      provide: SessionTokens,
      inject: [AppSettings],
      useFactory: (settings: AppSettings) => new SessionTokens(settings.values.SESSION_SECRET, settings.values.SESSION_TTL_SECONDS),
    },
  ],
  exports: [SessionTokens, BearerAuthGuard],
})
export class AuthModule {}
