import { z } from 'zod';
import { Money } from './common.js';

/** A refund's life: PENDING until the provider decides; a provider may still reverse a SUCCEEDED refund. */
export const RefundStatus = z.enum(['PENDING', 'SUCCEEDED', 'FAILED', 'REVERSED']);
export type RefundStatus = z.infer<typeof RefundStatus>;

/**
 * Operator request. Omit `amount` to refund whatever remains; amounts are minor units of the order's currency.
 * `paymentId` picks the payment to refund (needed when an order holds more than one successful payment, e.g.
 * a duplicate second payment of an order in review); without it, the order's paying payment is refunded.
 */
export const CreateRefundRequest = z.strictObject({
  amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  reason: z.string().trim().min(1).max(200),
  paymentId: z.uuid().optional(),
});
export type CreateRefundRequest = z.infer<typeof CreateRefundRequest>;

export const Refund = z.strictObject({
  id: z.uuid(),
  orderId: z.uuid(),
  paymentId: z.uuid(),
  status: RefundStatus,
  amount: Money,
  reason: z.string(),
  createdAt: z.iso.datetime(),
});
export type Refund = z.infer<typeof Refund>;

/** What a shopper sees of a refund on their order (no operator reason). */
export const RefundSummary = z.strictObject({
  id: z.uuid(),
  paymentId: z.uuid(),
  status: RefundStatus,
  amount: Money,
  createdAt: z.iso.datetime(),
});
export type RefundSummary = z.infer<typeof RefundSummary>;
