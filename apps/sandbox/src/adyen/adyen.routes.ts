import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { providerCall, type ProviderReply } from '../provider-call';
import { describeZodError } from '../validation';
import { ModificationBody, PaymentDetailsBody, PaymentRequestBody } from './adyen.schemas';
import * as adyen from './adyen.service';
import { adyenError, injectedAdyenFailure, unauthorized } from './errors';
import { withIdempotency } from './idempotency';

/**
 * Adyen Checkout `/v{N}/...` under each configured prefix, so both `…/adyen/checkout/v71/payments`
 * and a bare `…/v72/payments` work; the version is accepted, not interpreted.
 */
export async function adyenRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    const { body } = status === 400 ? adyenError(400, '702', `Unexpected input: ${err.message}`) : adyenError(status, '000', 'internal error', 'internal');
    return reply.code(status).send(body);
  });

  const route = <S extends z.ZodType>(suffix: string, operation: string, schema: S, handler: (req: FastifyRequest, body: z.infer<S>) => ProviderReply) => {
    for (const prefix of ctx.options.adyenPrefixes) {
      app.post(`${prefix}/v:version${suffix}`, (req, reply) => {
        const { version } = req.params as { version: string };
        if (!/^\d+$/.test(version)) return reply.code(404).send(adyenError(404, '000', 'Not found', 'validation').body);
        return providerCall(ctx, req, reply, { scope: 'adyen', operation, failureBody: injectedAdyenFailure }, () => {
          if (req.headers['x-api-key'] !== ctx.options.credentials.adyenApiKey) return unauthorized();
          const key = headerValue(req.headers['idempotency-key']);
          const idemOperation = `${operation}:${(req.params as { psp?: string }).psp ?? ''}`;
          return withIdempotency(ctx.state, key, idemOperation, req.body, () => {
            const parsed = schema.safeParse(req.body ?? {});
            if (!parsed.success) return adyenError(422, '130', describeZodError(parsed.error));
            return handler(req, parsed.data);
          });
        });
      });
    }
  };

  route('/payments', 'create', PaymentRequestBody, (req, b) => adyen.createPayment(ctx, b, baseUrlOf(req)));
  route('/payments/details', 'details', PaymentDetailsBody, (_req, b) => adyen.paymentDetails(ctx, b));
  route('/payments/:psp/refunds', 'refund', ModificationBody, (req, b) => adyen.refundPayment(ctx, (req.params as { psp: string }).psp, b));
  route('/payments/:psp/cancels', 'cancel', ModificationBody, (req, b) => adyen.cancelPayment(ctx, (req.params as { psp: string }).psp, b));
}

const headerValue = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);

export const baseUrlOf = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
