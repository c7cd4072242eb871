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

/** What the API records about refused or suspicious requests (never the key, token or password tried). */
export const SecurityEventKind = z.enum(['admin_key_rejected', 'signin_failed', 'webhook_signature_invalid']);
export type SecurityEventKind = z.infer<typeof SecurityEventKind>;

export const SecurityEvent = z.strictObject({
  id: z.uuid(),
  kind: SecurityEventKind,
  clientIp: z.string().nullable(),
  detail: z.string().nullable(),
  at: z.iso.datetime(),
});
export type SecurityEvent = z.infer<typeof SecurityEvent>;

export const SecurityEventListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SecurityEventListQuery = z.infer<typeof SecurityEventListQuery>;

export const SecurityEventListResponse = z.strictObject({
  items: z.array(SecurityEvent),
});
export type SecurityEventListResponse = z.infer<typeof SecurityEventListResponse>;
