import type { Money, PaymentStatus } from '@minipay/contracts';
import { z } from 'zod';
import type { RefundStatus } from '../payment-provider';

/**
 * WeChat Pay API v3 (direct, JSAPI) wire format: bodies, replies, notifications, and how their statuses and
 * amounts map onto ours (docs/providers.md, WeChat Pay v3). Nothing outside the adapter sees these names.
 */

/** The domestic v3 API takes CNY only (HKD/TWD merchants use WeChat Pay Global, another API). */
export const WECHATPAY_CURRENCY = 'CNY';
/** Amounts are integers in fen, CNY's minor unit (exponent 2): our minor units pass through unchanged. */
export function toFen(amount: Money): number {
  if (amount.currency !== WECHATPAY_CURRENCY) throw new Error(`WeChat Pay v3 takes CNY only, not ${amount.currency}`);
  if (!Number.isSafeInteger(amount.value) || amount.value < 0) throw new Error('amount must be a non-negative integer of fen');
  return amount.value;
}
export const fromFen = (fen: number, currency = WECHATPAY_CURRENCY): Money => ({ value: fen, currency });

export const API_PATHS = {
  jsapi: '/v3/pay/transactions/jsapi',
  byOutTradeNo: (no: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(no)}`,
  close: (no: string) => `/v3/pay/transactions/out-trade-no/${encodeURIComponent(no)}/close`,
  refunds: '/v3/refund/domestic/refunds',
  refund: (no: string) => `/v3/refund/domestic/refunds/${encodeURIComponent(no)}`,
  certificates: '/v3/certificates',
} as const;

export interface JsapiPrepayBody {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  notify_url: string;
  amount: { total: number; currency: 'CNY' };
  payer: { openid: string };
}

export const PrepayReply = z.object({ prepay_id: z.string().min(1) });

export const TradeState = z.enum(['SUCCESS', 'REFUND', 'NOTPAY', 'CLOSED', 'REVOKED', 'USERPAYING', 'PAYERROR']);
export type TradeState = z.infer<typeof TradeState>;

/** The query reply; a decrypted TRANSACTION.SUCCESS resource has the same fields. */
export const Transaction = z.object({
  appid: z.string(),
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  trade_type: z.string().optional(),
  trade_state: TradeState,
  trade_state_desc: z.string().optional(),
  success_time: z.string().optional(),
  payer: z.object({ openid: z.string().optional() }).optional(),
  amount: z
    .object({
      total: z.number().int().optional(),
      payer_total: z.number().int().optional(),
      currency: z.string().optional(),
      payer_currency: z.string().optional(),
    })
    .optional(),
});
export type Transaction = z.infer<typeof Transaction>;

/** Exhaustive: a new trade_state is a compile error here, never a silent "pending". */
export function mapTradeState(state: TradeState): PaymentStatus {
  switch (state) {
    case 'SUCCESS':
    case 'REFUND': // paid, then (partly) refunded: the payment itself succeeded
      return 'SUCCEEDED';
    case 'NOTPAY':
    case 'USERPAYING':
      return 'PENDING';
    case 'CLOSED':
    case 'REVOKED':
      return 'CANCELLED';
    case 'PAYERROR':
      return 'FAILED';
  }
}

export interface RefundBody {
  out_trade_no: string;
  out_refund_no: string;
  reason?: string;
  notify_url: string;
  amount: { refund: number; total: number; currency: 'CNY' };
}

export const RefundStatusWire = z.enum(['SUCCESS', 'CLOSED', 'PROCESSING', 'ABNORMAL']);
export type RefundStatusWire = z.infer<typeof RefundStatusWire>;

export const RefundReply = z.object({
  refund_id: z.string(),
  out_refund_no: z.string(),
  out_trade_no: z.string().optional(),
  transaction_id: z.string().optional(),
  status: RefundStatusWire,
  amount: z.object({ refund: z.number().int(), total: z.number().int().optional(), currency: z.string().optional() }),
});
export type RefundReply = z.infer<typeof RefundReply>;

/** ABNORMAL (the shopper's card or account cannot take it back) and CLOSED both end a refund unpaid. */
export function mapRefundStatus(status: RefundStatusWire): RefundStatus {
  switch (status) {
    case 'SUCCESS':
      return 'SUCCEEDED';
    case 'PROCESSING':
      return 'PENDING';
    case 'ABNORMAL':
    case 'CLOSED':
      return 'FAILED';
  }
}

/** `{code, message, detail?}` on every non-2xx reply. */
export const ErrorReply = z.object({ code: z.string(), message: z.string().optional(), detail: z.unknown().optional() });

export const EncryptedResourceWire = z.object({
  original_type: z.string().optional(),
  algorithm: z.literal('AEAD_AES_256_GCM'),
  ciphertext: z.string().min(1),
  associated_data: z.string().optional().nullable(),
  nonce: z.string().min(1),
});

export const NotificationEnvelope = z.object({
  id: z.string().min(1),
  create_time: z.string().optional(),
  resource_type: z.literal('encrypt-resource'),
  event_type: z.string().min(1),
  summary: z.string().optional(),
  resource: EncryptedResourceWire,
});

export const RefundResource = z.object({
  mchid: z.string(),
  out_trade_no: z.string(),
  transaction_id: z.string().optional(),
  out_refund_no: z.string(),
  refund_id: z.string(),
  refund_status: RefundStatusWire,
  success_time: z.string().optional(),
  amount: z.object({
    total: z.number().int().optional(),
    refund: z.number().int(),
    payer_total: z.number().int().optional(),
    payer_refund: z.number().int().optional(),
  }),
});

export const CertificatesReply = z.object({
  data: z.array(
    z.object({
      serial_no: z.string(),
      effective_time: z.string().optional(),
      expire_time: z.string().optional(),
      encrypt_certificate: EncryptedResourceWire,
    }),
  ),
});

/** Error codes we act on. */
export const WECHATPAY_CODES = {
  ORDER_NOT_EXIST: 'ORDER_NOT_EXIST',
  RESOURCE_NOT_EXISTS: 'RESOURCE_NOT_EXISTS',
  NOT_FOUND: 'NOT_FOUND',
  ORDERPAID: 'ORDERPAID',
  OUT_TRADE_NO_USED: 'OUT_TRADE_NO_USED',
  SIGN_ERROR: 'SIGN_ERROR',
} as const;
