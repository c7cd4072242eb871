import type { FastifyReply, FastifyRequest } from 'fastify';
import { sleep } from './clock';
import type { SandboxContext } from './context';

export interface ProviderReply {
  status: number;
  body: unknown;
  /** Extra reply headers (WeChat Pay v3 signs its replies; `body` is then the exact signed text). */
  headers?: Record<string, string>;
}

export interface ProviderCallSpec {
  scope: 'wechat' | 'intents' | 'adyen' | 'wechatpay';
  operation: string;
  /** The provider's own error shape for an injected failure with this HTTP status. */
  failureBody: (status: number) => unknown;
}

/**
 * Every provider endpoint runs through here: it logs the call (without the query string, which can
 * carry the WeChat app secret) and applies injected faults.
 * - fail: reply the status WITHOUT processing the request.
 * - delay: process the request, then hold the reply, so a client that times out leaves a created
 *   payment behind — the "unknown outcome" the API must settle by query.
 * - wechat_errcode: reply HTTP 200 with `{ errcode, errmsg }` without processing, as WeChat does.
 */
export async function providerCall(
  ctx: SandboxContext,
  req: FastifyRequest,
  reply: FastifyReply,
  spec: ProviderCallSpec,
  handler: () => ProviderReply | Promise<ProviderReply>,
): Promise<FastifyReply> {
  const entry = ctx.state.logCall({
    scope: spec.scope,
    operation: spec.operation,
    method: req.method,
    path: req.url.split('?')[0]!,
    status: 0,
    at: new Date().toISOString(),
  });
  const fault = ctx.faults.take(spec.scope, spec.operation);
  let result: ProviderReply;
  if (fault?.mode === 'fail') {
    result = { status: fault.status, body: spec.failureBody(fault.status) };
  } else if (fault?.mode === 'wechat_errcode') {
    const errcode = fault.errcode ?? -1;
    result = { status: 200, body: { errcode, errmsg: WECHAT_ERRMSG[errcode] ?? 'sandbox injected error' } };
  } else {
    result = await handler();
  }
  entry.status = result.status;
  if (fault?.mode === 'delay') await sleep(fault.delayMs);
  if (result.headers) void reply.headers(result.headers);
  return reply.code(result.status).send(result.body);
}

export const WECHAT_ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40013: 'invalid appid',
  40125: 'invalid appsecret',
  40029: 'invalid code',
  40163: 'code been used',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  40226: 'invalid user, high risk',
};
