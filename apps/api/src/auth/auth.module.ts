import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppSettings } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { SessionTokens } from './session-token';
import { ShopperDirectory } from './shopper-directory';
import { User } from './user.entity';
import { WechatClient } from './wechat-client';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [AuthController],
  providers: [
    AuthService,
    ShopperDirectory,
    WechatClient,
    BearerAuthGuard,
    {
      provide: SessionTokens,
      inject: [AppSettings],
      useFactory: (settings: AppSettings) => new SessionTokens(settings.values.SESSION_SECRET, settings.values.SESSION_TTL_SECONDS),
    },
  ],
  exports: [SessionTokens, BearerAuthGuard, ShopperDirectory],
})
export class AuthModule {}
