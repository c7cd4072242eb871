import { ErrorEnvelope } from '@minipay/contracts';

export interface HttpReply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for malformed-body tests). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A tiny JSON client over fetch, as the mini program would call the API. */
export async function call<T = any>(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpReply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. "[accepted]")
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Asserts the reply is an error envelope with this status (and code, if given). */
export function expectError(reply: HttpReply, status: number, code?: string): void {
  const envelope = ErrorEnvelope.safeParse(reply.body);
  if (reply.status !== status || !envelope.success || (code && envelope.data.error.code !== code)) {
    throw new Error(`expected ${status}${code ? ` ${code}` : ''} with the error envelope, got ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  } while (Date.now() < deadline);
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}
