import { z } from 'zod';

/**
 * Adyen Checkout's wire format for WeChat Pay Mini Program (docs/providers.md §4, Checkout API v71/v72), as far as this
 * adapter reads it. Requests are typed by `@adyen/api-library`; replies are checked here, because the library
 * only casts JSON into its classes.
 */

/** The wx.requestPayment fields Adyen passes through from WeChat (`action.data`; older: `redirect.data`). */
export const WeChatSdkData = z.object({
  appId: z.string().optional(),
  timeStamp: z.union([z.string(), z.number()]).transform(String),
  nonceStr: z.string().min(1),
  package: z.string().min(1),
  signType: z.enum(['RSA', 'MD5', 'HMAC-SHA256']),
  paySign: z.string().min(1),
});

/**
 * `/payments` reply. Newer API versions return the WeChat data under `action.data` (type "redirect");
 * the older documented shape names `redirect.data`. Both are read.
 */
export type PaymentsReply = z.infer<typeof PaymentsReply>;
export const PaymentsReply = z.object({
  pspReference: z.string().min(1),
  resultCode: z.string(),
  merchantReference: z.string().optional(),
  refusalReason: z.string().optional(),
  action: z
    .object({
      type: z.string(),
      paymentMethodType: z.string().optional(),
      paymentData: z.string().optional(),
      data: WeChatSdkData.optional(),
    })
    .passthrough()
    .optional()
    .nullable(),
  redirect: z.object({ data: WeChatSdkData.optional() }).passthrough().optional().nullable(),
});

export const AdyenAmount = z.object({ value: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) });

/** `/payments/details` reply. */
export const DetailsReply = z.object({
  pspReference: z.string().optional(),
  resultCode: z.string(),
  merchantReference: z.string().optional(),
  amount: AdyenAmount.optional().nullable(),
  refusalReason: z.string().optional(),
});

/** `/payments/{psp}/refunds` and `/cancels` reply: accepted, decided later by a notification. */
export const ModificationReply = z.object({
  pspReference: z.string().min(1),
  paymentPspReference: z.string().optional(),
  status: z.string(),
});

/** The result codes we act on (PaymentResponse.ResultCodeEnum); anything else is rejected at parse time. */
export const ResultCode = z.enum([
  'Authorised',
  'Refused',
  'Error',
  'Cancelled',
  'Pending',
  'Received',
  'RedirectShopper',
  'PresentToShopper',
  'IdentifyShopper',
  'ChallengeShopper',
  'AuthenticationFinished',
  'AuthenticationNotRequired',
  'PartiallyAuthorised',
]);
export type ResultCode = z.infer<typeof ResultCode>;

/** A standard notification item. `success` and `live` are strings on the wire ("true"/"false"). */
export const NotificationRequestItem = z.object({
  eventCode: z.string().min(1),
  success: z.enum(['true', 'false']),
  pspReference: z.string().min(1),
  originalReference: z.string().optional(),
  merchantAccountCode: z.string(),
  merchantReference: z.string(),
  amount: AdyenAmount,
  eventDate: z.string().optional(),
  reason: z.string().optional(),
  paymentMethod: z.string().optional(),
  additionalData: z.record(z.string(), z.string()).optional().nullable(),
});
export type NotificationRequestItem = z.infer<typeof NotificationRequestItem>;

export const NotificationBody = z.object({
  live: z.union([z.string(), z.boolean()]).optional(),
  notificationItems: z.array(z.object({ NotificationRequestItem })).min(1),
});

/** Adyen's error reply `{ status, errorCode, message, errorType, pspReference? }`. */
export const AdyenErrorBody = z.object({
  status: z.number().optional(),
  errorCode: z.string().optional(),
  message: z.string().optional(),
  errorType: z.string().optional(),
});
