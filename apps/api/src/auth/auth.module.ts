import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppSettings } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BearerAuthGuard } from './bearer-auth.guard';
import { SessionKeyCipher } from './session-key-cipher';
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
    {
      provide: SessionKeyCipher,
      inject: [AppSettings],
      useFactory: (settings: AppSettings) => new SessionKeyCipher(settings.values.SESSION_KEY_ENCRYPTION_KEYS),
    },
  ],
  exports: [SessionTokens, BearerAuthGuard, ShopperDirectory, SessionKeyCipher],
})
export class AuthModule {}
