import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module';
import { OrderEvent } from './order-event.entity';
import { OrderTimeline } from './order-timeline';
import { Order } from './order.entity';
import { OrderWriter } from './order-writer';
import { OrdersService } from './orders.service';

/** Orders and their timeline. OrderWriter is the one writer of order rows; everyone else goes through it. */
@Module({
  imports: [TypeOrmModule.forFeature([Order, OrderEvent]), CatalogModule],
  providers: [OrdersService, OrderTimeline, OrderWriter],
  exports: [OrdersService, OrderTimeline, OrderWriter],
})
export class OrdersModule {}
