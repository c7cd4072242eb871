import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { providerCall } from '../provider-call';
import { jscode2session } from './wechat.service';

export function registerWechatRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/sns/jscode2session', (req, reply) =>
    providerCall(ctx, req, reply, { scope: 'wechat', operation: 'jscode2session', failureBody: () => ({ errcode: -1, errmsg: 'system error' }) }, () =>
      jscode2session(ctx, req.query as Record<string, string | undefined>),
    ),
  );
}
