import type { KeyObject } from 'node:crypto';
import { ProviderTimeoutError, ProviderUnavailableError } from '../../../common/errors/provider-errors';
import type { ProviderHttpOptions } from '../../../common/http/provider-http';
import { newNonce, signRequest } from './wechatpay-signing';
import { verifyWechatpaySignature, WechatpaySignatureError, type VerificationKeys } from './wechatpay-verify';

export interface WechatpayReply {
  status: number;
  /** The exact text received (what the signature covers). */
  text: string;
  json: unknown;
  headers: Headers;
  attempts: number;
}

export interface WechatpayHttpConfig {
  baseUrl: string;
  mchid: string;
  serialNo: string;
  privateKey: KeyObject;
  http: ProviderHttpOptions;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One signed v3 call: a fresh Authorization per attempt (its timestamp and nonce must be new), the shared
 * timeout and bounded retries on network errors and 5xx only. The caller verifies the reply (verifyReply), since
 * the certificate download must verify with the keys it brings.
 */
export async function wechatpayFetch(
  config: WechatpayHttpConfig,
  operation: string,
  method: 'GET' | 'POST',
  pathWithQuery: string,
  body?: unknown,
): Promise<WechatpayReply> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= config.http.maxRetries + 1; attempt++) {
    if (attempt > 1) await sleep(config.http.retryBaseMs * 2 ** (attempt - 2));
    const authorization = signRequest(
      { method, pathWithQuery, body: payload },
      { mchid: config.mchid, serialNo: config.serialNo, privateKey: config.privateKey },
      String(Math.floor(Date.now() / 1000)),
      newNonce(),
    );
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${config.baseUrl}${pathWithQuery}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization,
          'user-agent': 'minipay-api (WeChatPay-APIv3)',
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        body: method === 'POST' ? payload : undefined,
        signal: AbortSignal.timeout(config.http.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      // A timeout leaves the outcome unknown: never retried here, settled by a query.
      if (isTimeout(error)) throw new ProviderTimeoutError(operation);
      lastStatus = undefined;
      continue;
    }
    if (response.status >= 500) {
      lastStatus = response.status;
      continue;
    }
    return { status: response.status, text, json: parseJson(text), headers: response.headers, attempts: attempt };
  }
  throw new ProviderUnavailableError(operation, lastStatus);
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

function isTimeout(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  return name === 'TimeoutError' || name === 'AbortError';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
