import type { OrderLine, OrderStatus } from '@minipay/contracts';
import { sqlStatement, type SqlValue } from '../common/database/sql';
import { Order } from './order.entity';

/**
 * The `orders` statements of the shopper's hot path (place an order, read it back for /pay, claim an attempt),
 * written by hand for speed (see common/database/sql.ts). Everything else about orders goes through TypeORM.
 * order-rows.spec.ts checks these columns against the entity and round-trips a row both ways on each database.
 */
export const ORDER_COLUMNS = [
  'id',
  'merchant_order_id',
  'user_id',
  'status',
  'amount_value',
  'currency',
  'refunded_value',
  'refund_reserved_value',
  'items',
  'idempotency_key',
  'request_hash',
  'payment_attempts',
  'review_reason',
  'paying_payment_id',
  'created_at',
  'updated_at',
  'expires_at',
  'paid_at',
  'closed_at',
] as const;

const columns = ORDER_COLUMNS.join(', ');

export const INSERT_ORDER = sqlStatement('orders_insert', `INSERT INTO orders (${columns}) VALUES (${ORDER_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`);
export const SELECT_OWNED_ORDER = sqlStatement('orders_select_owned', `SELECT ${columns} FROM orders WHERE id = $1 AND user_id = $2`);
export const CLAIM_ATTEMPT = sqlStatement(
  'orders_claim_attempt',
  `UPDATE orders SET payment_attempts = $1, updated_at = $2 WHERE id = $3 AND payment_attempts = $4 AND status = 'PENDING_PAYMENT'`,
);

/** A row as either driver returns it (pg gives BIGINT as a string). */
export type OrderRow = Record<(typeof ORDER_COLUMNS)[number], string | number | null>;

export function orderInsertParams(order: Order): SqlValue[] {
  return [
    order.id,
    order.merchantOrderId,
    order.userId,
    order.status,
    order.amountValue,
    order.currency,
    order.refundedValue,
    order.refundReservedValue,
    JSON.stringify(order.items),
    order.idempotencyKey,
    order.requestHash,
    order.paymentAttempts,
    order.reviewReason,
    order.payingPaymentId,
    order.createdAt.getTime(),
    order.updatedAt.getTime(),
    order.expiresAt.getTime(),
    order.paidAt?.getTime() ?? null,
    order.closedAt?.getTime() ?? null,
  ];
}

export function orderFromRow(row: OrderRow): Order {
  return Object.assign(new Order(), {
    id: row.id as string,
    merchantOrderId: row.merchant_order_id as string,
    userId: row.user_id as string,
    status: row.status as OrderStatus,
    amountValue: Number(row.amount_value),
    currency: row.currency as string,
    refundedValue: Number(row.refunded_value),
    refundReservedValue: Number(row.refund_reserved_value),
    items: JSON.parse(row.items as string) as OrderLine[],
    idempotencyKey: row.idempotency_key as string | null,
    requestHash: row.request_hash as string | null,
    paymentAttempts: Number(row.payment_attempts),
    reviewReason: row.review_reason as string | null,
    payingPaymentId: row.paying_payment_id as string | null,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    expiresAt: new Date(Number(row.expires_at)),
    paidAt: row.paid_at == null ? null : new Date(Number(row.paid_at)),
    closedAt: row.closed_at == null ? null : new Date(Number(row.closed_at)),
  });
}
