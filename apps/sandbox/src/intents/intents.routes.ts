import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { providerCall, type ProviderReply } from '../provider-call';
import { describeZodError } from '../validation';
import { fail, injectedFailure } from './envelope';
import { CreateIntentBody, CreateRefundBody, IntentRefBody, RefundRefBody, TokenBody } from './intents.schemas';
import * as intents from './intents.service';

const BASE = '/mch-api/v1';

/** The payment-intents API (docs/providers.md §3) plus our token, cancel and refund endpoints, all in its envelope. */
export async function intentsRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  // Malformed JSON still gets the provider's envelope, not Fastify's default error shape.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    const { body } = fail(status, status === 400 ? 40001 : status * 100, status === 400 ? err.message : 'internal server error');
    return reply.code(status).send(body);
  });

  const route = <S extends z.ZodType>(
    path: string,
    operation: string,
    schema: S,
    handler: (body: z.infer<S>) => ProviderReply,
    opts: { auth: boolean } = { auth: true },
  ) =>
    app.post(`${BASE}${path}`, (req: FastifyRequest, reply: FastifyReply) =>
      providerCall(ctx, req, reply, { scope: 'intents', operation, failureBody: injectedFailure }, () => {
        if (opts.auth && !intents.isTokenValid(ctx, req.headers.authorization)) {
          return fail(401, 40101, 'invalid or expired access token');
        }
        const parsed = schema.safeParse(req.body ?? {});
        if (!parsed.success) return fail(400, 40001, describeZodError(parsed.error));
        return handler(parsed.data);
      }),
    );

  route('/authentication/access_token', 'token', TokenBody, (b) => intents.issueToken(ctx, b), { auth: false });
  route('/pa/payment_intents/create', 'create', CreateIntentBody, (b) => intents.createIntent(ctx, b));
  route('/pa/payment_intents/query', 'query', IntentRefBody, (b) => intents.queryIntent(ctx, b));
  route('/pa/payment_intents/cancel', 'cancel', IntentRefBody, (b) => intents.cancelIntent(ctx, b));
  route('/pa/refunds/create', 'refund', CreateRefundBody, (b) => intents.createRefund(ctx, b));
  route('/pa/refunds/query', 'refund_query', RefundRefBody, (b) => intents.queryRefund(ctx, b));
}
