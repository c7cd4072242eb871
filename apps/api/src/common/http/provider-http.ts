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
  headers: Headers;
  attempts: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One outbound call to a provider: explicit timeout, and bounded retries with exponential backoff on network
 * errors and 5xx only (a 4xx is an answer, not a failure). A timeout is NOT retried here: its outcome is
 * unknown, and the caller settles it with a query (retrying is safe only with the same reference anyway).
 */
export async function providerFetch(request: ProviderHttpRequest, options: ProviderHttpOptions): Promise<ProviderHttpResponse> {
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= options.maxRetries + 1; attempt++) {
    if (attempt > 1) await sleep(options.retryBaseMs * 2 ** (attempt - 2));
    const extra = typeof request.headers === 'function' ? request.headers(payload ?? '') : request.headers;
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...extra },
        body: payload,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error)) throw new ProviderTimeoutError(request.operation);
      lastStatus = undefined;
      continue; // connection refused/reset: nothing reached the provider's logic, so a retry is safe
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) throw new ProviderTimeoutError(request.operation);
      throw new ProviderUnavailableError(request.operation, response.status);
    }
    if (response.status >= 500) {
      lastStatus = response.status;
      continue;
    }
    return { status: response.status, body: parseJson(text), text, headers: response.headers, attempts: attempt };
  }
  throw new ProviderUnavailableError(request.operation, lastStatus);
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
