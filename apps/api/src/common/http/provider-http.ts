import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'undici';
import { ProviderTimeoutError, ProviderUnavailableError } from '../errors/provider-errors';

export interface ProviderHttpOptions {
  timeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
}

/** The outbound-call policy from config, the same for every provider and for WeChat. */
export function providerHttpOptions(config: {
  PROVIDER_TIMEOUT_MS: number;
  PROVIDER_MAX_RETRIES: number;
  PROVIDER_RETRY_BASE_MS: number;
}): ProviderHttpOptions {
  return { timeoutMs: config.PROVIDER_TIMEOUT_MS, maxRetries: config.PROVIDER_MAX_RETRIES, retryBaseMs: config.PROVIDER_RETRY_BASE_MS };
}

export interface ProviderHttpRequest {
  /** A short name for logs and errors, e.g. "intents.create". */
  operation: string;
  method: 'GET' | 'POST';
  url: string;
  /**
   * Extra headers; a function is called before each attempt with the exact body text sent, for providers that
   * sign every request afresh (WeChat Pay v3: a new timestamp and nonce per attempt).
   */
  headers?: Record<string, string> | ((payload: string) => Record<string, string>);
  body?: unknown;
}

export interface ProviderHttpResponse {
  status: number;
  body: unknown;
  /** The exact text received (what a provider's reply signature covers). */
  text: string;
  /** Lower-case names, as Node's http gives them. */
  headers: IncomingHttpHeaders;
  attempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One outbound call to a provider: explicit timeout, and bounded retries with exponential backoff on network
 * errors and 5xx only (a 4xx is an answer, not a failure). A timeout is NOT retried here: its outcome is
 * unknown, and the caller settles it with a query (retrying is safe only with the same reference anyway).
 *
 * undici's `request` rather than the global `fetch`: fetch builds WHATWG Request/Response objects, streams and an
 * AbortSignal.timeout per call, ≈ 0.35 ms more CPU per call here; every /pay makes one of these calls
 * (bench/findings.md §13). The timeout is one deadline for the whole exchange, headers and body.
 */
export async function providerFetch(request_: ProviderHttpRequest, options: ProviderHttpOptions): Promise<ProviderHttpResponse> {
  const payload = request_.body === undefined ? undefined : JSON.stringify(request_.body);
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= options.maxRetries + 1; attempt++) {
    if (attempt > 1) await sleep(options.retryBaseMs * 2 ** (attempt - 2));
    const extra = typeof request_.headers === 'function' ? request_.headers(payload ?? '') : request_.headers;
    const deadline = new Deadline(options.timeoutMs);
    try {
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(request_.url, {
          method: request_.method,
          headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...extra },
          body: payload,
          signal: deadline.signal,
        });
      } catch (error) {
        if (deadline.passed) throw new ProviderTimeoutError(request_.operation);
        lastStatus = undefined;
        continue; // connection refused/reset: nothing reached the provider's logic, so a retry is safe
      }
      let text: string;
      try {
        text = await response.body.text();
      } catch {
        if (deadline.passed) throw new ProviderTimeoutError(request_.operation);
        throw new ProviderUnavailableError(request_.operation, response.statusCode);
      }
      if (response.statusCode >= 500) {
        lastStatus = response.statusCode;
        continue;
      }
      return { status: response.statusCode, body: parseJson(text), text, headers: response.headers, attempts: attempt };
    } finally {
      deadline.clear();
    }
  }
  throw new ProviderUnavailableError(request_.operation, lastStatus);
}

/** Aborts an exchange when its time is up; `passed` tells a timeout from any other failure. */
class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  passed = false;

  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.passed = true;
      this.controller.abort();
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
