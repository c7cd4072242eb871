import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { CatalogModule } from './catalog/catalog.module';
import { ConsoleModule } from './console/console.module';
import { DatabaseModule } from './common/database/database.module';
import { throttlerOptions } from './common/throttling/rate-limit';
import { connectRedis, RedisCloser } from './common/throttling/redis';
import { AppSettings, StaticAppSettings } from './config/app-config';
import type { AppConfig } from './config/config.schema';
import { FulfilmentModule } from './fulfilment/fulfilment.module';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { ReconciliationModule } from './reconciliation/reconciliation.module';
import { RefundsModule } from './refunds/refunds.module';
import { ShopModule } from './shop/shop.module';
import { SecurityModule } from './security/security.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  /** The whole API for one validated configuration (tests boot it with their own). */
  static register(config: AppConfig): DynamicModule {
    const redis = config.REDIS_URL ? connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX) : undefined;
    return {
      module: AppModule,
      providers: [{ provide: RedisCloser, useValue: new RedisCloser(redis) }],
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, ignoreEnvVars: true, load: [() => config] }),
        SettingsModule.register(config),
        ThrottlerModule.forRoot(throttlerOptions(config, redis)),
        DatabaseModule,
        SecurityModule.register(redis),
        HealthModule,
        AuthModule,
        CatalogModule,
        OrdersModule,
        PaymentsModule,
        RefundsModule,
        WebhooksModule,
        ShopModule,
        ScheduleModule.forRoot(),
        ReconciliationModule,
        FulfilmentModule,
        AdminModule,
        ConsoleModule,
      ],
    };
  }
}

@Module({})
class SettingsModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: SettingsModule,
      global: true,
      providers: [{ provide: AppSettings, useValue: new StaticAppSettings(config) }],
      exports: [AppSettings],
    };
  }
}
