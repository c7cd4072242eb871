import type { PaymentStatus, ProviderName, RequestPaymentParams } from '@minipay/contracts';
import { sqlStatement, type SqlValue } from '../common/database/sql';
import { Payment } from './payment.entity';

/**
 * The `payments` statements of the shopper's /pay hot path (latest attempt, new attempt, create's answer), written
 * by hand for speed (see common/database/sql.ts). payment-rows.spec.ts checks the columns against the entity and
 * round-trips a row both ways on each database.
 */
export const PAYMENT_COLUMNS = [
  'id',
  'order_id',
  'provider',
  'attempt',
  'reference',
  'provider_payment_id',
  'status',
  'amount_value',
  'currency',
  'request_payment',
  'provider_data',
  'captured_value',
  'failure_reason',
  'created_at',
  'updated_at',
  'next_query_at',
  'query_attempts',
] as const;

const columns = PAYMENT_COLUMNS.join(', ');

export const INSERT_PAYMENT = sqlStatement(
  'payments_insert',
  `INSERT INTO payments (${columns}) VALUES (${PAYMENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
);
export const SELECT_LATEST_ATTEMPT = sqlStatement(
  'payments_select_latest',
  `SELECT ${columns} FROM payments WHERE order_id = $1 ORDER BY attempt DESC LIMIT 1`,
);
export const STORE_CREATED = sqlStatement(
  'payments_store_created',
  'UPDATE payments SET provider_payment_id = $1, request_payment = $2, provider_data = $3, updated_at = $4 WHERE id = $5',
);

export type PaymentRow = Record<(typeof PAYMENT_COLUMNS)[number], string | number | null>;

const json = (value: unknown): string | null => (value == null ? null : JSON.stringify(value));

export function paymentInsertParams(payment: Payment): SqlValue[] {
  return [
    payment.id,
    payment.orderId,
    payment.provider,
    payment.attempt,
    payment.reference,
    payment.providerPaymentId,
    payment.status,
    payment.amountValue,
    payment.currency,
    json(payment.requestPayment),
    json(payment.providerData),
    payment.capturedValue,
    payment.failureReason,
    payment.createdAt.getTime(),
    payment.updatedAt.getTime(),
    payment.nextQueryAt?.getTime() ?? null,
    payment.queryAttempts,
  ];
}

export function storeCreatedParams(
  paymentId: string,
  created: { providerPaymentId: string; requestPayment: RequestPaymentParams; providerData?: Record<string, string> | null },
): SqlValue[] {
  return [created.providerPaymentId, json(created.requestPayment), json(created.providerData), Date.now(), paymentId];
}

export function paymentFromRow(row: PaymentRow): Payment {
  return Object.assign(new Payment(), {
    id: row.id as string,
    orderId: row.order_id as string,
    provider: row.provider as ProviderName,
    attempt: Number(row.attempt),
    reference: row.reference as string,
    providerPaymentId: row.provider_payment_id as string | null,
    status: row.status as PaymentStatus,
    amountValue: Number(row.amount_value),
    currency: row.currency as string,
    requestPayment: row.request_payment == null ? null : (JSON.parse(row.request_payment as string) as RequestPaymentParams),
    providerData: row.provider_data == null ? null : (JSON.parse(row.provider_data as string) as Record<string, string>),
    capturedValue: row.captured_value == null ? null : Number(row.captured_value),
    failureReason: row.failure_reason as string | null,
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
    nextQueryAt: row.next_query_at == null ? null : new Date(Number(row.next_query_at)),
    queryAttempts: Number(row.query_attempts),
  });
}
