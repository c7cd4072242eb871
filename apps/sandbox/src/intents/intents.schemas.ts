import { z } from 'zod';

const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');

/** Intents create body (docs/providers.md §3). */
export const CreateIntentBody = z.object({
  amount: z.string().min(1).max(32),
  currency,
  settlement_currency: currency.optional(),
  merchant_order_id: z.string().min(1).max(32),
  description: z.string().min(1),
  notify_url: z.url().optional(),
  payment_method: z.object({
    type: z.literal('wechat'),
    wechat: z.object({
      flow: z.literal('mini_program'),
      sub_appid: z.string().min(1),
      sub_openid: z.string().min(1),
    }),
  }),
});
export type CreateIntentBody = z.infer<typeof CreateIntentBody>;

/** Intents query body (docs/providers.md §3): one of the two ids is required. */
export const IntentRefBody = z
  .object({ order_id: z.string().min(1).max(32).optional(), merchant_order_id: z.string().min(1).max(32).optional() })
  .refine((b) => b.order_id || b.merchant_order_id, { message: 'order_id or merchant_order_id is required' });
export type IntentRefBody = z.infer<typeof IntentRefBody>;

/** (ours) */
export const TokenBody = z.object({ client_id: z.string().min(1), api_key: z.string().min(1) });

/** (ours) */
export const CreateRefundBody = z.object({
  order_id: z.string().min(1).max(32),
  merchant_refund_id: z.string().min(1).max(32),
  amount: z.string().min(1).max(32),
  reason: z.string().max(256).optional(),
});
export type CreateRefundBody = z.infer<typeof CreateRefundBody>;

/** (ours) */
export const RefundRefBody = z
  .object({ refund_id: z.string().min(1).optional(), merchant_refund_id: z.string().min(1).optional() })
  .refine((b) => b.refund_id || b.merchant_refund_id, { message: 'refund_id or merchant_refund_id is required' });
export type RefundRefBody = z.infer<typeof RefundRefBody>;
