import { z } from 'zod';

/** The sandbox's control surface (what the H5 bridge and the tests call); not a provider API. */
export const SandboxMintCodeRequest = z.strictObject({
  openid: z.string().min(1).max(128).optional(),
});
export type SandboxMintCodeRequest = z.infer<typeof SandboxMintCodeRequest>;

export const SandboxMintCodeResponse = z.strictObject({
  code: z.string(),
  openid: z.string(),
  expiresIn: z.number().int(),
});
export type SandboxMintCodeResponse = z.infer<typeof SandboxMintCodeResponse>;

export const SandboxShopperAction = z.enum(['approve', 'cancel', 'refuse']);
export type SandboxShopperAction = z.infer<typeof SandboxShopperAction>;

export const SandboxShopperActionResponse = z.object({
  provider: z.string(),
  merchantOrderId: z.string(),
  providerReference: z.string(),
  status: z.string(),
});
export type SandboxShopperActionResponse = z.infer<typeof SandboxShopperActionResponse>;

/** The errMsg strings wx.requestPayment reports. */
export const REQUEST_PAYMENT_OK = 'requestPayment:ok';
export const REQUEST_PAYMENT_CANCEL = 'requestPayment:fail cancel';
