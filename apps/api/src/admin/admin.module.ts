import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module';
import { RefundsModule } from '../refunds/refunds.module';
import { AdminApiKeyGuard } from '../security/admin-api-key.guard';
import { AdminController } from './admin.controller';
import { TimelineService } from './timeline.service';

@Module({
  imports: [OrdersModule, RefundsModule],
  controllers: [AdminController],
  providers: [TimelineService, AdminApiKeyGuard],
})
export class AdminModule {}
