import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ProviderName } from '@minipay/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../common/errors/domain-error';
import { toEnvelope } from '../common/filters/error-envelope.filter';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { WebhooksService } from './webhooks.service';
import { WebhookPayloadInvalidError } from './webhook-errors';

// Used in the @Param decorator below (ESLint's no-useless-assignment does not see decorator arguments).
// eslint-disable-next-line no-useless-assignment
const ProviderParam = z.strictObject({ provider: ProviderName });

/**
 * Providers that read our failure replies in their own shape. WeChat Pay v3 expects `{"code":"FAIL","message":…}`
 * with a 4xx/5xx (docs/providers.md); the others get the API's error envelope.
 */
const WEBHOOK_FAILURE_BODY: Partial<Record<ProviderName, (code: string, message: string) => unknown>> = {
  wechatpay: (code, message) => ({ code: 'FAIL', message: `${code}: ${message}` }),
};

@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Provider notifications. Verification needs the exact bytes received, hence the raw body. */
  @Post(':provider')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  async receive(
    @Param(new ZodValidationPipe(ProviderParam, 'provider')) params: { provider: ProviderName },
    @Req() request: FastifyRequest & { rawBody?: Buffer | string },
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const raw = request.rawBody;
    try {
      if (raw === undefined || raw.length === 0) throw new WebhookPayloadInvalidError('Empty notification body');
      const body = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
      const ack = await this.webhooks.ingest(params.provider, body, request.headers, request.ip);
      // An empty acknowledgement is answered 204 No Content (WeChat Pay v3).
      if (ack.body === '') await reply.status(204).send();
      else await reply.status(200).header('content-type', ack.contentType).send(ack.body);
    } catch (error) {
      const failure = WEBHOOK_FAILURE_BODY[params.provider];
      if (!failure) throw error;
      const { status, body } = toEnvelope(error);
      if (error instanceof DomainError && error.retryable) void reply.header('retry-after', '1');
      await reply.status(status).send(failure(body.error.code, body.error.message));
    }
  }
}
