import type { OrderStatus } from '@minipay/contracts';
import type { DataSource } from 'typeorm';
import { OrderEvent } from '../../src/orders/order-event.entity';

/** How many times the order's timeline records a transition to `status` (exactly-once assertions). */
export async function transitionsTo(db: DataSource, orderId: string, status: OrderStatus): Promise<number> {
  const events = await db.getRepository(OrderEvent).findBy({ orderId, type: 'transition' });
  return events.filter((e) => e.summary.startsWith(`→ ${status}`)).length;
}
