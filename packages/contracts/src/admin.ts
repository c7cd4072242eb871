import { z } from 'zod';
import { Money } from './common.js';
import { OrderStatus } from './orders.js';

export const RefundStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED']);
export type RefundStatus = z.infer<typeof RefundStatus>;

/** Operator request. Omit `amount` to refund whatever remains; amounts are minor units of the order's currency. */
export const CreateRefundRequest = z.strictObject({
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  reason: z.string().trim().min(1).max(200),
});
export type CreateRefundRequest = z.infer<typeof CreateRefundRequest>;

export const Refund = z.strictObject({
  id: z.uuid(),
  orderId: z.uuid(),
  status: RefundStatus,
  amount: Money,
  reason: z.string(),
  createdAt: z.iso.datetime(),
});
export type Refund = z.infer<typeof Refund>;

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
