import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrdersModule } from '../orders/orders.module';
import { PaymentsModule } from '../payments/payments.module';
import { RefundsModule } from '../refunds/refunds.module';
import { ConsoleAuthGuard } from './console-auth.guard';
import { ConsoleAuthService } from './console-auth.service';
import { ConsoleController, ConsoleSessionController } from './console.controller';
import { ConsoleOrdersService } from './console-orders.service';
import { ConsoleOperator, ConsoleSessionRow } from './operator.entity';

/** The merchant console's API (apps/console): operators, sessions, order screens and operator actions. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsoleOperator, ConsoleSessionRow]), OrdersModule, PaymentsModule, RefundsModule],
  controllers: [ConsoleSessionController, ConsoleController],
  providers: [ConsoleAuthService, ConsoleOrdersService, ConsoleAuthGuard],
  exports: [ConsoleAuthService],
})
export class ConsoleModule {}
