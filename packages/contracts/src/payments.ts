import { z } from 'zod';

export const PaymentStatus = z.enum(['PENDING', 'SUCCEEDED', 'CANCELLED', 'FAILED']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

export const ProviderName = z.enum(['intents', 'adyen', 'wechatpay']);
export type ProviderName = z.infer<typeof ProviderName>;

/**
 * Exactly what wx.requestPayment takes (all strings). The server builds it; the mini program passes it
 * through untouched. appId is deliberately absent: wx.requestPayment does not take it.
 */
export const RequestPaymentParams = z.strictObject({
  timeStamp: z.string().regex(/^\d+$/, 'seconds since the epoch, as a string'),
  nonceStr: z.string().min(1).max(32),
  package: z.string().min(1),
  signType: z.enum(['RSA', 'MD5', 'HMAC-SHA256']),
  paySign: z.string().min(1),
});
export type RequestPaymentParams = z.infer<typeof RequestPaymentParams>;

export const PayResponse = z.strictObject({
  paymentId: z.uuid(),
  provider: ProviderName,
  requestPayment: RequestPaymentParams,
});
export type PayResponse = z.infer<typeof PayResponse>;

/** What wx.requestPayment reported. A hint only: the server asks the provider. */
export const PayResultRequest = z.strictObject({
  errMsg: z
    .string()
    .max(512)
    .regex(/^requestPayment:/, 'must be the errMsg wx.requestPayment returned, e.g. "requestPayment:ok"'),
});
export type PayResultRequest = z.infer<typeof PayResultRequest>;

export const PaymentSummary = z.strictObject({
  id: z.uuid(),
  provider: ProviderName,
  status: PaymentStatus,
  createdAt: z.iso.datetime(),
});
export type PaymentSummary = z.infer<typeof PaymentSummary>;
