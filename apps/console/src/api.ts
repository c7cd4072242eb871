import { CONSOLE_CSRF_HEADER, ErrorEnvelope } from '@minipay/contracts';
import type { ZodType } from 'zod';

/** Every call goes to this origin's `/api` (the console server proxies it to the API), so cookies are same-origin. */
export const API_BASE = '/api';
const CSRF_COOKIE = 'minipay_console_csrf';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : '';
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
}

/** A JSON call; the answer is validated with the contract's schema, an error envelope becomes an ApiError. */
export async function api<T>(method: string, path: string, schema: ZodType<T> | null, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // Double-submit CSRF: the API compares this header with the CSRF cookie and the session.
  if (method !== 'GET') headers[CONSOLE_CSRF_HEADER] = csrfToken();
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The API cannot be reached; check your connection and retry');
  }
  const text = await response.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy error page)
  }
  if (!response.ok) {
    const envelope = ErrorEnvelope.safeParse(json);
    if (envelope.success) throw new ApiError(response.status, envelope.data.error.code, envelope.data.error.message, envelope.data.error.details);
    throw new ApiError(response.status, 'HTTP_' + response.status, `The API answered ${response.status}`);
  }
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError(response.status, 'BAD_RESPONSE', 'The API answered something the console does not understand');
  return parsed.data;
}

/** A query string from the defined values only. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
