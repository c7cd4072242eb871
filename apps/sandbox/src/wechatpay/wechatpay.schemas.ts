import { z } from 'zod';

/** JSAPI prepay body (docs/providers.md, WeChat Pay v3). */
export const JsapiBody = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: z
    .string()
    .min(6)
    .max(32)
    .regex(/^[0-9A-Za-z_\-|*]+$/, 'only digits, letters and _-|*'),
  time_expire: z.string().optional(),
  attach: z.string().max(128).optional(),
  notify_url: z.url().max(256),
  amount: z.object({ total: z.number().int().positive(), currency: z.string().default('CNY') }),
  payer: z.object({ openid: z.string().min(1).max(128) }),
});
export type JsapiBody = z.infer<typeof JsapiBody>;

export const CloseBody = z.object({ mchid: z.string().min(1) });

export const RefundBody = z
  .object({
    transaction_id: z.string().optional(),
    out_trade_no: z.string().optional(),
    out_refund_no: z.string().min(1).max(64),
    reason: z.string().max(80).optional(),
    notify_url: z.url().optional(),
    amount: z.object({ refund: z.number().int().positive(), total: z.number().int().positive(), currency: z.string() }),
  })
  .refine((b) => b.out_trade_no || b.transaction_id, { message: 'out_trade_no or transaction_id is required' });
export type RefundBody = z.infer<typeof RefundBody>;
