import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { AdminApiKeyGuard } from './admin-api-key.guard';
import { FailureCounter, MemoryFailureCounter, RedisFailureCounter } from './failure-counter';
import { SecurityController } from './security.controller';
import { SecurityEvent } from './security-event.entity';
import { SecurityEvents } from './security-events.service';

/**
 * Security events (the `security_events` table and GET /admin/security-events) and the failure counter behind
 * brute-force limits. Global: any module can inject `SecurityEvents` to record a refusal, and `FailureCounter`.
 */
@Module({})
export class SecurityModule {
  static register(redis: Redis | undefined): DynamicModule {
    return {
      module: SecurityModule,
      global: true,
      imports: [TypeOrmModule.forFeature([SecurityEvent])],
      controllers: [SecurityController],
      providers: [SecurityEvents, AdminApiKeyGuard, { provide: FailureCounter, useValue: redis ? new RedisFailureCounter(redis) : new MemoryFailureCounter() }],
      exports: [SecurityEvents, FailureCounter, AdminApiKeyGuard],
    };
  }
}
