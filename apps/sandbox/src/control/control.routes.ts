import type { FastifyInstance, FastifyReply } from 'fastify';
import { SandboxShopperAction } from '@minipay/contracts';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { mintCode } from '../wechat/wechat.service';
import { describeZodError } from '../validation';
import {
  CallsQuery,
  FaultBody,
  MintCodeBody,
  NotificationFaultBody,
  ShopperActionBody,
  RefundOutcomeBody,
  SigntestBody,
  WebhookUrlBody,
  WechatpayModeBody,
} from './control.schemas';
import { sendSigntestProbe } from '../wechatpay/signtest';
import { ControlError, applyShopperAction, describeAttempt, resendNotification } from './shopper';

const P = '/__sandbox';

/** The control surface: what the H5 bridge ("the shopper") and the tests use to drive the providers. */
export async function controlRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    if (err instanceof ControlError) return sendError(reply, err.status, err.code, err.message);
    if (err.statusCode && err.statusCode < 500) return sendError(reply, 400, 'VALIDATION_FAILED', err.message);
    return sendError(reply, 500, 'INTERNAL', err.message);
  });

  app.get(P, async () => ({
    name: 'minipay provider sandbox',
    providers: ['wechat', 'intents', 'adyen', 'wechatpay'],
    wechatpayMode: ctx.options.wechatpayMode,
    adyenWebhookUrl: ctx.options.adyenWebhookUrl ?? null,
    adyenPrefixes: ctx.options.adyenPrefixes,
  }));

  app.post(`${P}/wechat/codes`, async (req, reply) => reply.code(201).send(mintCode(ctx, parse(MintCodeBody, req.body ?? {}).openid)));

  app.post<{ Params: { merchantOrderId: string; action: string } }>(`${P}/payments/:merchantOrderId/:action`, async (req) => {
    const { merchantOrderId, action } = req.params;
    if (action === 'notify') return resendNotification(ctx, merchantOrderId);
    // WeChat Pay only: the shopper has the sheet open and is paying (USERPAYING; closing answers FREQUENCY_LIMITED).
    if (action === 'paying') return applyShopperAction(ctx, merchantOrderId, 'paying');
    const shopperAction = SandboxShopperAction.safeParse(action);
    if (!shopperAction.success) throw new ControlError(404, 'NOT_FOUND', `unknown action ${action}`);
    const body = parse(ShopperActionBody, req.body ?? undefined);
    if (body.amount && shopperAction.data !== 'approve') {
      throw new ControlError(400, 'VALIDATION_FAILED', 'amount is only accepted on approve');
    }
    return applyShopperAction(ctx, merchantOrderId, shopperAction.data, body.amount);
  });

  app.get<{ Params: { merchantOrderId: string } }>(`${P}/payments/:merchantOrderId`, async (req) => {
    const attempts = ctx.state.attemptsFor(req.params.merchantOrderId);
    if (attempts.length === 0) {
      throw new ControlError(404, 'PAYMENT_NOT_FOUND', `no payment attempt for merchant order ${req.params.merchantOrderId}`);
    }
    return { merchantOrderId: req.params.merchantOrderId, attempts: attempts.map(describeAttempt) };
  });

  app.post(`${P}/faults`, async (req, reply) => {
    const f = parse(FaultBody, req.body ?? {});
    const fault = ctx.faults.add({
      scope: f.scope,
      operation: f.operation,
      mode: f.mode,
      remaining: f.count,
      status: f.status,
      delayMs: f.delayMs,
      errcode: f.mode === 'wechat_errcode' ? (f.errcode ?? -1) : f.errcode,
    });
    return reply.code(201).send({ fault });
  });
  app.get(`${P}/faults`, async () => ctx.faults.list());
  app.delete(`${P}/faults`, async () => {
    ctx.faults.clear();
    return { cleared: true };
  });

  app.post(`${P}/notifications/faults`, async (req, reply) => {
    const f = parse(NotificationFaultBody, req.body ?? {});
    const fault = ctx.faults.addNotificationFault({ scope: f.scope, mode: f.mode, remaining: f.count, copies: f.copies, delayMs: f.delayMs });
    return reply.code(201).send({ fault });
  });

  app.post(`${P}/reset`, async () => {
    ctx.reset();
    return { reset: true };
  });

  app.get(`${P}/calls`, async (req) => {
    const q = parse(CallsQuery, req.query ?? {});
    return ctx.state.calls.filter((c) => (!q.scope || c.scope === q.scope) && (!q.operation || c.operation === q.operation));
  });
  app.delete(`${P}/calls`, async () => {
    ctx.state.calls = [];
    return { cleared: true };
  });

  /** The public half of the paySign key, so tests can verify wx.requestPayment signatures. */
  app.get(`${P}/keys`, async () => ({
    paySignPublicKeyPem: ctx.keys.publicKeyPem,
    wechatpay: {
      appId: ctx.options.credentials.wechatAppId,
      mchid: ctx.options.credentials.wechatpayMchid,
      mode: ctx.options.wechatpayMode,
      /** Verifies our Authorization headers and the paySign the API hands to wx.requestPayment. */
      merchantPublicKeyPem: ctx.wechatpayKeys.merchantPublicKeyPem,
      /** Verifies the sandbox's replies and notifications in public-key mode. */
      platformPublicKeyPem: ctx.wechatpayKeys.platformPublicKeyPem,
      publicKeyId: ctx.options.credentials.wechatpayPublicKeyId,
      platformCertificatePem: ctx.wechatpayKeys.certificate.pem,
      platformCertificateSerial: ctx.wechatpayKeys.certificate.serial,
    },
  }));

  /** Public-key mode (merchants since late 2024) or platform-certificate mode (older merchants). */
  app.put(`${P}/wechatpay/mode`, async (req) => {
    ctx.options.wechatpayMode = parse(WechatpayModeBody, req.body ?? {}).mode;
    return { wechatpayMode: ctx.options.wechatpayMode };
  });

  /** The next WeChat Pay refunds settle ABNORMAL or CLOSED instead of SUCCESS (REFUND.ABNORMAL / REFUND.CLOSED). */
  app.post(`${P}/wechatpay/refund-outcomes`, async (req, reply) => {
    const body = parse(RefundOutcomeBody, req.body ?? {});
    ctx.state.wechatpayRefundOutcomes.push(...Array<typeof body.status>(body.count).fill(body.status));
    return reply.code(201).send({ queued: ctx.state.wechatpayRefundOutcomes });
  });

  /** Sends a WECHATPAY/SIGNTEST/ probe, as WeChat does to check that a merchant verifies; reports the status. */
  app.post(`${P}/wechatpay/signtest`, async (req) => sendSigntestProbe(ctx, parse(SigntestBody, req.body ?? {})));

  app.put(`${P}/adyen/webhook-url`, async (req) => {
    ctx.options.adyenWebhookUrl = parse(WebhookUrlBody, req.body ?? {}).url;
    return { adyenWebhookUrl: ctx.options.adyenWebhookUrl };
  });

  /** Target of the Adyen redirect action's url; the mini program never opens it, it calls wx.requestPayment. */
  app.get<{ Params: { psp: string } }>(`${P}/adyen/redirect/:psp`, async (req) => {
    const payment = ctx.state.adyenPayments.get(req.params.psp);
    if (!payment) throw new ControlError(404, 'PAYMENT_NOT_FOUND', `no Adyen payment ${req.params.psp}`);
    return { pspReference: payment.pspReference, merchantReference: payment.merchantReference, status: payment.status };
  });
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ControlError(400, 'VALIDATION_FAILED', describeZodError(result.error));
  return result.data;
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}
