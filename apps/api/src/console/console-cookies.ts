import { parse, serialize, type SerializeOptions } from 'cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's two cookies (session, CSRF), parsed and written with the `cookie` package by the console's own
 * routes only. @fastify/cookie did the same through two hooks on EVERY request (parse on request, serialize on
 * send), shop and liveness included, which never carry a cookie (bench/findings.md §9).
 */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  return header ? parse(header)[name] : undefined;
}

export interface OutgoingCookie {
  name: string;
  value: string;
  options: SerializeOptions;
}

/** Sets all of the reply's cookies at once (one Set-Cookie header line each). */
export function setCookies(reply: FastifyReply, cookies: readonly OutgoingCookie[]): void {
  void reply.header(
    'set-cookie',
    cookies.map((c) => serialize(c.name, c.value, c.options)),
  );
}

/** A cookie that tells the browser to forget `name` (same path and attributes, expired). */
export function expiredCookie(name: string, options: SerializeOptions): OutgoingCookie {
  return { name, value: '', options: { ...options, expires: new Date(0), maxAge: 0 } };
}
