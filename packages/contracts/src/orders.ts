import { z } from 'zod';
import { Money } from './common.js';
import { PaymentSummary } from './payments.js';
import { RefundSummary } from './refunds.js';

/**
 * PENDING_PAYMENT → PAID | CLOSED; PAID → FULFILLED | PARTIALLY_REFUNDED | REFUNDED.
 * The API keeps the allowed transitions as data in one place (order-state.ts).
 */
export const OrderStatus = z.enum(['PENDING_PAYMENT', 'PAID', 'CLOSED', 'FULFILLED', 'PARTIALLY_REFUNDED', 'REFUNDED']);
export type OrderStatus = z.infer<typeof OrderStatus>;

export const MAX_LINE_QUANTITY = 99;
export const MAX_ORDER_LINES = 20;

export const OrderLineRequest = z.strictObject({
  productId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(MAX_LINE_QUANTITY),
});
export type OrderLineRequest = z.infer<typeof OrderLineRequest>;

/**
 * Strict on purpose: an order request carries no amounts or prices. Any such field is a 400, because the
 * server alone prices an order.
 */
export const CreateOrderRequest = z.strictObject({
  items: z
    .array(OrderLineRequest)
    .min(1)
    .max(MAX_ORDER_LINES)
    .refine((lines) => new Set(lines.map((l) => l.productId)).size === lines.length, {
      message: 'each productId may appear once; use quantity instead',
    }),
});
export type CreateOrderRequest = z.infer<typeof CreateOrderRequest>;

export const OrderLine = z.strictObject({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitPrice: Money,
  lineTotal: Money,
});
export type OrderLine = z.infer<typeof OrderLine>;

export const Order = z.strictObject({
  id: z.uuid(),
  /** Our reference at the provider: ≤ 32 characters, unique. */
  merchantOrderId: z.string().min(1).max(32),
  status: OrderStatus,
  amount: Money,
  refundedAmount: Money,
  items: z.array(OrderLine),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  paidAt: z.iso.datetime().nullable(),
  latestPayment: PaymentSummary.nullable(),
  /** True while an operator must look at the order (e.g. a provider reported another amount); it cannot be paid then. */
  inReview: z.boolean(),
  /** Refunds of this order, oldest first. */
  refunds: z.array(RefundSummary),
});
export type Order = z.infer<typeof Order>;

export const ORDER_PAGE_DEFAULT = 20;
export const ORDER_PAGE_MAX = 100;

/** `GET /orders?limit=&cursor=`: newest first; `cursor` is the previous page's `nextCursor` (opaque). */
export const OrderListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(ORDER_PAGE_MAX).default(ORDER_PAGE_DEFAULT),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor from a previous page')
    .optional(),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;

export const OrderListResponse = z.strictObject({
  items: z.array(Order),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type OrderListResponse = z.infer<typeof OrderListResponse>;

export const OrderIdParam = z.strictObject({ id: z.uuid() });
export type OrderIdParam = z.infer<typeof OrderIdParam>;
