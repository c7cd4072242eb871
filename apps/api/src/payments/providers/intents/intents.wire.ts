import { z } from 'zod';

/**
 * The payment-intents provider's wire format (docs/providers.md §3). Fields marked (ours) are not in the provider's document and are
 * our design until the real reference is at hand; they are kept here, in one place.
 */

/** Every reply: `{ code, data, message, rid }`, code 0 = success. */
export const Envelope = z.object({
  code: z.number(),
  data: z.unknown().optional(),
  message: z.string().optional(),
  rid: z.string().optional(),
});

export const AccessTokenData = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() }); // (ours)

export const IntentStatus = z.enum(['PENDING', 'SUCCEEDED', 'CANCELLED']);
export type IntentStatus = z.infer<typeof IntentStatus>;

export interface CreateIntentBody {
  amount: string;
  currency: string;
  merchant_order_id: string;
  description: string;
  notify_url?: string;
  payment_method: { type: 'wechat'; wechat: { flow: 'mini_program'; sub_appid: string; sub_openid: string } };
}

export const CallSdkData = z.object({
  appId: z.string().optional(),
  timeStamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string(),
  package: z.string(),
  paySign: z.string(),
  signType: z.enum(['RSA', 'MD5', 'HMAC-SHA256']),
});

export const CreateIntentData = z.object({
  order_id: z.string(),
  merchant_order_id: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: IntentStatus,
  next_action: z.object({ type: z.literal('call_sdk'), data: CallSdkData }),
});

export const IntentData = z.object({
  order_id: z.string(),
  merchant_order_id: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: IntentStatus,
  create_time: z.string().optional(),
  pay_time: z.string().optional().nullable(),
});
export type IntentData = z.infer<typeof IntentData>;

export const RefundStatusWire = z.enum(['PROCESSING', 'SUCCEEDED', 'FAILED']); // (ours)
export const RefundData = z.object({
  refund_id: z.string(),
  merchant_refund_id: z.string(),
  order_id: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: RefundStatusWire,
}); // (ours)
export type RefundData = z.infer<typeof RefundData>;

/** Notification body (docs/providers.md §3); refund_success is (ours). */
export const NotifyBody = z.object({
  notify_type: z.string().min(1),
  data: z.object({
    order_id: z.string().min(1),
    merchant_order_id: z.string().min(1).max(64),
    refund_id: z.string().optional(),
    merchant_refund_id: z.string().optional(),
  }),
});

/** Provider business codes we act on (ours, mirrored by the sandbox). */
export const INTENTS_CODES = {
  OK: 0,
  UNAUTHORIZED: 40101,
  NOT_FOUND: 40401,
  DUPLICATE_MERCHANT_ORDER_ID: 40901,
  ALREADY_PAID: 40902,
} as const;
