import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SANDBOX_DEFAULT_CREDENTIALS as C } from '../config';

export const ADYEN_HEADERS = { 'x-api-key': C.adyenApiKey };

export function intentBody(overrides: Record<string, unknown> = {}) {
  return {
    amount: '12.50',
    currency: 'HKD',
    merchant_order_id: 'ORD100-1',
    description: 'Mini Program Payment',
    payment_method: { type: 'wechat', wechat: { flow: 'mini_program', sub_appid: C.wechatAppId, sub_openid: 'oTestOpenid000000000000000000' } },
    ...overrides,
  };
}

export function adyenPaymentBody(overrides: Record<string, unknown> = {}) {
  return {
    merchantAccount: C.adyenMerchantAccount,
    amount: { value: 1250, currency: 'HKD' },
    reference: 'ORD200-1',
    paymentMethod: { type: 'wechatpayMiniProgram', openid: 'oTestOpenid000000000000000000', appId: C.wechatAppId },
    ...overrides,
  };
}

export async function intentsToken(app: FastifyInstance): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/mch-api/v1/authentication/access_token',
    payload: { client_id: C.intentsClientId, api_key: C.intentsApiKey },
  });
  return res.json().data.access_token;
}

/** POST to an intents endpoint with a fresh bearer token. */
export async function intentsPost(app: FastifyInstance, path: string, payload: unknown, token?: string): Promise<LightMyRequestResponse> {
  const bearer = token ?? (await intentsToken(app));
  return app.inject({ method: 'POST', url: `/mch-api/v1${path}`, payload: payload as object, headers: { authorization: `Bearer ${bearer}` } });
}
