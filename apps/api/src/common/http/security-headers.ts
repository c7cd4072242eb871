import type { IncomingMessage, ServerResponse } from 'node:http';
import type { onRequestHookHandler } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options, computed ONCE. Our options are static (no per-request nonce, no
 * directive computed from the request), so every response gets the same headers; @fastify/helmet instead builds
 * helmet's middleware again on every request (it re-parses the CSP directives each time: ≈ 10 % of the CPU of
 * `GET /health/live` in the bench profile). Values and names are helmet's own.
 */
export function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const csp = options.contentSecurityPolicy;
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : [];
  if (directives.some((value) => typeof value === 'function' || (Array.isArray(value) && value.some((v) => typeof v === 'function')))) {
    throw new Error('a CSP directive computed per request cannot be precomputed');
  }
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      // helmet removes X-Powered-By, which Fastify never sets.
      delete headers[name.toLowerCase()];
    },
  };
  let called = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    called = true;
  });
  // helmet calls next synchronously unless an option makes it asynchronous, which would mean per-request work.
  if (!called) throw new Error('helmet did not finish synchronously: these options need per-request headers');
  return Object.freeze(headers);
}

/** An onRequest hook that sets these options' headers (computed once, here) on every reply it sees. */
export function securityHeadersHook(options: HelmetOptions): onRequestHookHandler {
  const headers = helmetHeaders(options);
  return (_request, reply, done) => {
    reply.headers(headers);
    done();
  };
}
