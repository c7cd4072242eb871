import { z } from 'zod';
import { OrderStatus } from './orders.js';

export const TimelineEvent = z.strictObject({
  type: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  at: z.iso.datetime(),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const OrderTimelineResponse = z.strictObject({
  orderId: z.uuid(),
  merchantOrderId: z.string(),
  status: OrderStatus,
  reviewReason: z.string().nullable(),
  events: z.array(TimelineEvent),
});
export type OrderTimelineResponse = z.infer<typeof OrderTimelineResponse>;
