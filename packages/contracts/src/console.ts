import { z } from 'zod';
import { SecurityEvent, TimelineEvent } from './admin.js';
import { Money } from './common.js';
import { OrderLine, OrderStatus } from './orders.js';
import { PaymentStatus, ProviderName } from './payments.js';
import { RefundStatus } from './refunds.js';

/**
 * The merchant console (apps/console) and its API (`/admin/...` with a session cookie). A viewer reads; only an
 * operator refunds or syncs with the provider.
 */
export const ConsoleRole = z.enum(['viewer', 'operator']);
export type ConsoleRole = z.infer<typeof ConsoleRole>;

/** The header that carries the CSRF token on every state-changing console call (double-submit cookie). */
export const CONSOLE_CSRF_HEADER = 'x-csrf-token';

export const ConsoleSignInRequest = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type ConsoleSignInRequest = z.infer<typeof ConsoleSignInRequest>;

/** `POST /admin/operators` (operator role): a new console account. */
export const ConsoleCreateOperatorRequest = z.strictObject({
  username: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._@-]+$/, 'letters, digits and . _ @ - only'),
  password: z.string().min(12, 'at least 12 characters').max(200),
  role: ConsoleRole,
});
export type ConsoleCreateOperatorRequest = z.infer<typeof ConsoleCreateOperatorRequest>;

export const ConsoleOperatorView = z.strictObject({ username: z.string(), role: ConsoleRole, createdAt: z.iso.datetime() });
export type ConsoleOperatorView = z.infer<typeof ConsoleOperatorView>;

/** Who is signed in; `csrfToken` is echoed in the CSRF header on POSTs. */
export const ConsoleSession = z.strictObject({
  username: z.string(),
  role: ConsoleRole,
  csrfToken: z.string().min(16),
});
export type ConsoleSession = z.infer<typeof ConsoleSession>;

export const ADMIN_ORDER_PAGE_DEFAULT = 25;
export const ADMIN_ORDER_PAGE_MAX = 200;
/** The CSV export's cap (one request; narrow the filters for more). */
export const ADMIN_ORDER_EXPORT_MAX = 5000;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /admin/orders`: newest first; every filter optional; `q` matches a merchantOrderId or a provider payment id exactly. */
export const AdminOrderListQuery = z.strictObject({
  status: OrderStatus.optional(),
  provider: ProviderName.optional(),
  inReview: flag.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(ADMIN_ORDER_PAGE_MAX).default(ADMIN_ORDER_PAGE_DEFAULT),
  cursor: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor from a previous page')
    .optional(),
});
export type AdminOrderListQuery = z.input<typeof AdminOrderListQuery>;

export const AdminOrderRow = z.strictObject({
  id: z.uuid(),
  merchantOrderId: z.string(),
  status: OrderStatus,
  amount: Money,
  refundedAmount: Money,
  /** The provider of the latest payment attempt; null before the first attempt. */
  provider: ProviderName.nullable(),
  inReview: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type AdminOrderRow = z.infer<typeof AdminOrderRow>;

export const AdminOrderListResponse = z.strictObject({
  items: z.array(AdminOrderRow),
  nextCursor: z.string().nullable(),
});
export type AdminOrderListResponse = z.infer<typeof AdminOrderListResponse>;

export const AdminPaymentAttempt = z.strictObject({
  id: z.uuid(),
  attempt: z.number().int(),
  provider: ProviderName,
  status: PaymentStatus,
  reference: z.string(),
  providerPaymentId: z.string().nullable(),
  amount: Money,
  /** What is still refundable of this payment (its amount less its refunds not failed). */
  refundable: Money,
  failureReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AdminPaymentAttempt = z.infer<typeof AdminPaymentAttempt>;

export const AdminRefundView = z.strictObject({
  id: z.uuid(),
  paymentId: z.uuid(),
  reference: z.string(),
  providerRefundId: z.string().nullable(),
  status: RefundStatus,
  amount: Money,
  reason: z.string(),
  failureReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AdminRefundView = z.infer<typeof AdminRefundView>;

export const AdminOrderDetail = z.strictObject({
  order: AdminOrderRow.extend({
    items: z.array(OrderLine),
    paidAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime(),
    reviewReason: z.string().nullable(),
    /** What can still be refunded of the order (paid less refunds not failed). */
    refundable: Money,
  }),
  payments: z.array(AdminPaymentAttempt),
  refunds: z.array(AdminRefundView),
  timeline: z.array(TimelineEvent),
});
export type AdminOrderDetail = z.infer<typeof AdminOrderDetail>;

/** The result of "Sync with provider": what the provider said about each attempt asked about. */
export const AdminSyncResponse = z.strictObject({
  results: z.array(
    z.strictObject({
      paymentId: z.uuid(),
      reference: z.string(),
      found: z.boolean().nullable(),
      providerStatus: PaymentStatus.nullable(),
      statusBefore: PaymentStatus,
      statusAfter: PaymentStatus,
      error: z.string().nullable(),
    }),
  ),
  order: AdminOrderDetail,
});
export type AdminSyncResponse = z.infer<typeof AdminSyncResponse>;

export const AdminFailedNotification = z.strictObject({
  id: z.uuid(),
  provider: z.string(),
  paymentReference: z.string().nullable(),
  orderId: z.uuid().nullable(),
  merchantOrderId: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  /** null when never processed (processing failed and the provider's retries have not succeeded yet). */
  outcome: z.string().nullable(),
  deliveries: z.number().int(),
});
export type AdminFailedNotification = z.infer<typeof AdminFailedNotification>;

export const AdminPendingRefund = z.strictObject({
  refundId: z.uuid(),
  orderId: z.uuid(),
  merchantOrderId: z.string(),
  reference: z.string(),
  amount: Money,
  createdAt: z.iso.datetime(),
});
export type AdminPendingRefund = z.infer<typeof AdminPendingRefund>;

export const AdminExceptionsResponse = z.strictObject({
  inReview: z.array(AdminOrderRow.extend({ reviewReason: z.string().nullable() })),
  failedNotifications: z.array(AdminFailedNotification),
  pendingRefunds: z.array(AdminPendingRefund),
  paidNotFulfilled: z.array(AdminOrderRow),
  /** Where security events live, when the API has them (`GET /admin/security-events`); null otherwise. */
  /** The latest security events (refused admin keys, failed sign-ins, bad webhook signatures), newest first. */
  securityEvents: z.array(SecurityEvent),
});
export type AdminExceptionsResponse = z.infer<typeof AdminExceptionsResponse>;
