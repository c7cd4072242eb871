import { z } from 'zod';

/** The code from wx.login / Taro.login: single-use, about five minutes. */
export const LoginRequest = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII'),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.strictObject({
  /** Our own bearer token; never the WeChat session_key. */
  token: z.string().min(1),
  /** Seconds until the token expires. */
  expiresIn: z.number().int().positive(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;
