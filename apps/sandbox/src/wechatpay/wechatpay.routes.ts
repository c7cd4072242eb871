import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { SandboxContext } from '../context';
import { providerCall, type ProviderReply } from '../provider-call';
import { describeZodError } from '../validation';
import { checkAuthorization, wechatpaySignatureHeaders } from './crypto';
import { CloseBody, JsapiBody, RefundBody } from './wechatpay.schemas';
import * as wechatpay from './wechatpay.service';

type RawRequest = FastifyRequest & { rawBody?: string };

/**
 * WeChat Pay API v3 (`/v3/...`). Every call must carry a valid merchant Authorization (401 SIGN_ERROR with a
 * `detail` otherwise); every reply below 500 is signed with the platform key of the configured mode; a 5xx
 * (injected SYSTEM_ERROR) comes unsigned, as WeChat's may.
 */
export async function wechatpayRoutes(app: FastifyInstance, ctx: SandboxContext): Promise<void> {
  // The signature covers the exact bytes sent, so keep them next to the parsed body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as RawRequest).rawBody = body as string;
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      (err as { statusCode?: number }).statusCode = 400;
      done(err as Error, undefined);
    }
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    if (err.statusCode && err.statusCode < 500) return reply.code(400).send(wechatpay.wxError(400, 'PARAM_ERROR', `请求体不是合法的JSON: ${err.message}`).body);
    return reply.code(500).send({ code: 'SYSTEM_ERROR', message: '系统错误' });
  });

  const signed = (r: ProviderReply): ProviderReply => {
    if (r.status >= 500) return r;
    const text = r.body === undefined ? '' : JSON.stringify(r.body);
    const headers = wechatpaySignatureHeaders(ctx.wechatpayKeys.signer(), text);
    return {
      status: r.status,
      body: r.body === undefined ? undefined : text,
      headers: r.body === undefined ? headers : { ...headers, 'content-type': 'application/json; charset=utf-8' },
    };
  };

  const route = (method: 'GET' | 'POST', url: string, operation: string, handler: (req: RawRequest, mchid: string) => ProviderReply) => {
    app.route({
      method,
      url,
      handler: (req, reply) =>
        providerCall(ctx, req, reply, { scope: 'wechatpay', operation, failureBody: wechatpay.injectedWechatpayFailure }, () => {
          const raw = req as RawRequest;
          const { wechatpayMchid, wechatpayMerchantSerialNo } = ctx.options.credentials;
          const auth = checkAuthorization(
            req.headers.authorization,
            { method: req.method, url: req.url, body: raw.rawBody ?? '' },
            { mchid: wechatpayMchid, serialNo: wechatpayMerchantSerialNo, publicKey: ctx.wechatpayKeys.merchantPublicKey },
          );
          if (!auth.ok) {
            return signed(
              wechatpay.wxError(401, 'SIGN_ERROR', `签名错误: ${auth.message}`, {
                location: 'header',
                sign_information: {
                  method: req.method,
                  url: req.url,
                  sign_message_length: auth.signMessage?.length ?? 0,
                  truncated_sign_message: auth.signMessage?.slice(0, 64),
                },
              }),
            );
          }
          return signed(handler(raw, auth.mchid!));
        }),
    });
  };

  const parse = <S extends z.ZodType>(schema: S, body: unknown): z.infer<S> | ProviderReply => {
    const parsed = schema.safeParse(body ?? {});
    return parsed.success ? parsed.data : wechatpay.wxError(400, 'PARAM_ERROR', `参数错误: ${describeZodError(parsed.error)}`);
  };
  const isReply = (v: unknown): v is ProviderReply =>
    typeof v === 'object' && v !== null && 'status' in v && typeof (v as ProviderReply).status === 'number' && !('appid' in v);

  route('POST', '/v3/pay/transactions/jsapi', 'create', (req, mchid) => {
    const body = parse(JsapiBody, req.body);
    return isReply(body) ? body : wechatpay.jsapiPrepay(ctx, body, mchid);
  });
  route('GET', '/v3/pay/transactions/out-trade-no/:outTradeNo', 'query', (req) =>
    wechatpay.queryByOutTradeNo(ctx, (req.params as { outTradeNo: string }).outTradeNo, (req.query as { mchid?: string }).mchid),
  );
  route('POST', '/v3/pay/transactions/out-trade-no/:outTradeNo/close', 'cancel', (req, mchid) => {
    const body = parse(CloseBody, req.body);
    if (isReply(body)) return body;
    if (body.mchid !== mchid) return wechatpay.wxError(400, 'INVALID_REQUEST', 'mchid in the body is not the signing merchant');
    return wechatpay.closeOrder(ctx, (req.params as { outTradeNo: string }).outTradeNo, body.mchid);
  });
  route('POST', '/v3/refund/domestic/refunds', 'refund', (req) => {
    const body = parse(RefundBody, req.body);
    return isReply(body) ? body : wechatpay.createRefund(ctx, body);
  });
  route('GET', '/v3/refund/domestic/refunds/:outRefundNo', 'refund_query', (req) =>
    wechatpay.queryRefund(ctx, (req.params as { outRefundNo: string }).outRefundNo),
  );
  route('GET', '/v3/certificates', 'certificates', () => wechatpay.certificates(ctx));
}
