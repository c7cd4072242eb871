import { newRid } from '../ids';
import type { ProviderReply } from '../provider-call';

/** Intents (docs/providers.md §3): every reply is `{ code, data, message, rid }`; code 0 is success. */
export const ok = (data: unknown): ProviderReply => ({ status: 200, body: { code: 0, data, message: 'ok', rid: newRid() } });

/**
 * (ours) Error codes: the HTTP status times 100 plus a case number, so a client can branch on either.
 * 40001 validation, 40003 refund exceeds paid amount, 40004 sub_appid not bound,
 * 40100 bad credentials, 40101 bad/expired token, 40401 not found,
 * 40901 duplicate merchant_order_id, 40902 already paid, 40903 not refundable, 40904 refund id reused.
 */
export const fail = (status: number, code: number, message: string, data: unknown = null): ProviderReply => ({
  status,
  body: { code, data, message, rid: newRid() },
});

export const injectedFailure = (status: number) => ({
  code: status * 100,
  data: null,
  message: 'internal server error',
  rid: newRid(),
});
