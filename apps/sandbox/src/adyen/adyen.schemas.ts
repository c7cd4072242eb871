import { z } from 'zod';

export const AdyenAmount = z.object({
  value: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
});

/** Only the fields this flow needs; Adyen accepts (and we ignore) many more. */
export const PaymentRequestBody = z.object({
  merchantAccount: z.string().min(1),
  amount: AdyenAmount.refine((a) => a.value > 0, { message: 'value must be greater than 0' }),
  reference: z.string().min(1).max(80),
  paymentMethod: z.object({
    type: z.literal('wechatpayMiniProgram'),
    openid: z.string().min(1),
    appId: z.string().min(1),
  }),
});
export type PaymentRequestBody = z.infer<typeof PaymentRequestBody>;

/** details.paymentStatus is the wx.requestPayment errMsg: a hint, never the outcome. */
export const PaymentDetailsBody = z.object({
  details: z.object({ paymentStatus: z.string().startsWith('requestPayment:').optional() }).loose(),
  paymentData: z.string().min(1).optional(),
});
export type PaymentDetailsBody = z.infer<typeof PaymentDetailsBody>;

export const ModificationBody = z.object({
  merchantAccount: z.string().min(1),
  amount: AdyenAmount.optional(),
  reference: z.string().max(80).optional(),
});
export type ModificationBody = z.infer<typeof ModificationBody>;
