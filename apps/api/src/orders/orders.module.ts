import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { OrderTimeline } from './order-timeline';
import { OrderWriter } from './order-writer';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [CatalogModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderTimeline, OrderWriter],
  exports: [OrdersService, OrderTimeline, OrderWriter],
})
export class OrdersModule {}
