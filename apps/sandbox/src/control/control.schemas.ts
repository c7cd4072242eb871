import { z } from 'zod';

export { SandboxMintCodeRequest as MintCodeBody } from '@minipay/contracts';

export const ShopperActionBody = z
  .strictObject({
    /** Makes the provider report this amount instead of the real one (amount-mismatch tests). */
    amount: z.strictObject({ value: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }).optional(),
  })
  .default({});

export const OPERATIONS = ['token', 'create', 'query', 'cancel', 'refund', 'refund_query', 'details', 'jscode2session', 'certificates', '*'] as const;

export const FaultBody = z
  .strictObject({
    scope: z.enum(['wechat', 'intents', 'adyen', 'wechatpay', '*']),
    operation: z.enum(OPERATIONS).default('*'),
    mode: z.enum(['fail', 'delay', 'wechat_errcode']),
    count: z.number().int().positive().optional(),
    status: z.number().int().min(400).max(599).default(500),
    delayMs: z.number().int().nonnegative().max(600_000).default(1000),
    errcode: z.number().int().optional(),
  })
  .refine((f) => f.mode !== 'wechat_errcode' || f.scope === 'wechat' || f.scope === '*', {
    message: 'wechat_errcode faults only apply to scope "wechat"',
    path: ['mode'],
  });

export const NotificationFaultBody = z.strictObject({
  scope: z.enum(['intents', 'adyen', 'wechatpay', '*']).default('*'),
  mode: z.enum(['drop', 'duplicate', 'delay']),
  count: z.number().int().positive().optional(),
  copies: z.number().int().min(1).max(20).default(2),
  delayMs: z.number().int().nonnegative().max(600_000).default(1000),
});

export const CallsQuery = z.strictObject({
  scope: z.string().optional(),
  operation: z.string().optional(),
});

export const WebhookUrlBody = z.strictObject({ url: z.url() });

export const WechatpayModeBody = z.strictObject({ mode: z.enum(['public_key', 'certificate']) });

/** A probe to `url`, or to the notify_url of the latest order `merchantOrderId` placed. */
export const SigntestBody = z.strictObject({ url: z.url().optional(), merchantOrderId: z.string().optional() });

export const RefundOutcomeBody = z.strictObject({ status: z.enum(['ABNORMAL', 'CLOSED']), count: z.number().int().min(1).max(20).default(1) });
