import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { ProviderName } from '@minipay/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/pipes/zod-validation.pipe';
import { WebhooksService } from './webhooks.service';
import { WebhookPayloadInvalidError } from './webhook-errors';

const ProviderParam = z.strictObject({ provider: ProviderName });

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
    if (raw === undefined || raw.length === 0) throw new WebhookPayloadInvalidError('Empty notification body');
    const body = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    const ack = await this.webhooks.ingest(params.provider, body, request.headers);
    await reply.status(200).header('content-type', ack.contentType).send(ack.body);
  }
}
