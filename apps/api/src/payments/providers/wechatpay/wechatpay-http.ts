import type { IncomingHttpHeaders } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { ProviderUnavailableError } from '../../../common/errors/provider-errors';
import { providerFetch, type ProviderHttpOptions } from '../../../common/http/provider-http';
import { newNonce, signRequest } from './wechatpay-signing';
import { verifyWechatpaySignature, WechatpaySignatureError, type VerificationKeys } from './wechatpay-verify';

export interface WechatpayReply {
  status: number;
  /** The exact text received (what the signature covers). */
  text: string;
  json: unknown;
  headers: IncomingHttpHeaders;
  attempts: number;
}

export interface WechatpayHttpConfig {
  baseUrl: string;
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
  http: ProviderHttpOptions;
}

/**
 * One signed v3 call through the shared outbound policy (providerFetch: timeout, bounded retries on network
 * errors and 5xx only), with a fresh Authorization per attempt (its timestamp and nonce must be new). The caller
 * verifies the reply (verifyReply), since the certificate download must verify with the keys it brings.
 */
export async function wechatpayFetch(
  config: WechatpayHttpConfig,
  operation: string,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
): Promise<WechatpayReply> {
  const reply = await providerFetch(
    {
      operation,
      method,
      url: `${config.baseUrl}${pathWithQuery}`,
      body,
      headers: (payload) => ({
        authorization: signRequest(
          { method, pathWithQuery, body: payload },
          { mchid: config.mchid, serialNo: config.serialNo, privateKey: config.privateKey },
          String(Math.floor(Date.now() / 1000)),
          newNonce(),
        ),
        'user-agent': 'minipay-api (WeChatPay-APIv3)',
      }),
    },
    config.http,
  );
  return { status: reply.status, text: reply.text, json: reply.body, headers: reply.headers, attempts: reply.attempts };
}

/** A 2xx reply must be signed by WeChat Pay; an unverifiable one is not trusted (its outcome is settled by a query). */
export function verifyReply(operation: string, reply: WechatpayReply, keys: VerificationKeys, toleranceSeconds: number): void {
  if (reply.status < 200 || reply.status >= 300) return;
  try {
    verifyWechatpaySignature(reply.headers, reply.text, keys, new Date(), toleranceSeconds);
  } catch (error) {
    if (error instanceof WechatpaySignatureError) throw new UnverifiedReplyError(operation, error.reason);
    throw error;
  }
}

export class UnverifiedReplyError extends ProviderUnavailableError {
  constructor(
    operation: string,
    readonly reason: string,
  ) {
    super(operation);
  }
}
