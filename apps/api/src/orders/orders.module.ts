import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { OrderTimeline } from './order-timeline';
import { OrderTransitions } from './order-transitions';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [CatalogModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderTimeline, OrderTransitions],
  exports: [OrdersService, OrderTimeline, OrderTransitions],
})
export class OrdersModule {}
