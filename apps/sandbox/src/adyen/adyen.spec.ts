import { CheckoutAPI, Client, EnvironmentEnum, hmacValidator, type HttpClientException } from '@adyen/api-library';
import type { FastifyInstance } from 'fastify';
import { buildSandbox } from '../app';
import { SANDBOX_DEFAULT_CREDENTIALS as C } from '../config';
import { startSandbox, type RunningSandbox } from '../server';
import { FetchHttpClient } from '../testing/adyen-fetch-client';
import { ADYEN_HEADERS, adyenPaymentBody } from '../testing/fixtures';
import { Receiver } from '../testing/receiver';

const PAY = '/adyen/checkout/v71/payments';

describe('Adyen Checkout', () => {
  let app: FastifyInstance;
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = new Receiver();
    const webhook = await receiver.start();
    app = buildSandbox({ adyenWebhookUrl: webhook, notifyRetryDelaysMs: [20], refundSettleDelayMs: 5 });
  });
  afterEach(async () => {
    await app.close();
    await receiver.stop();
  });

  const post = (url: string, payload: object, headers: Record<string, string> = ADYEN_HEADERS) => app.inject({ method: 'POST', url, payload, headers });
  const pay = async (overrides: Record<string, unknown> = {}) => (await post(PAY, adyenPaymentBody(overrides))).json();
  const items = () => receiver.received.map((r) => r.json.notificationItems[0].NotificationRequestItem);

  it('requires X-API-Key, answering in Adyen error shape', async () => {
    const res = await post(PAY, adyenPaymentBody(), {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ status: 401, errorCode: '000', message: expect.any(String), errorType: 'security' });
  });

  it('creates a Pending payment with a redirect action carrying the wx.requestPayment data', async () => {
    const body = await pay();
    expect(body).toMatchObject({
      pspReference: expect.stringMatching(/^[A-Z0-9]{16}$/),
      resultCode: 'Pending',
      merchantReference: 'ORD200-1',
      action: {
        type: 'redirect',
        paymentMethodType: 'wechatpayMiniProgram',
        method: 'GET',
        url: expect.stringContaining('/__sandbox/adyen/redirect/'),
        paymentData: expect.any(String),
        data: {
          appId: C.wechatAppId,
          signType: 'RSA',
          package: expect.stringMatching(/^prepay_id=/),
          paySign: expect.any(String),
          nonceStr: expect.any(String),
          timeStamp: expect.any(String),
        },
      },
    });
  });

  it.each(['/adyen/checkout/v72/payments', '/v71/payments', '/checkout/v70/payments', '/adyen/v71/payments'])('serves %s', async (url) => {
    expect((await post(url, adyenPaymentBody())).statusCode).toBe(200);
  });

  it.each([
    [{ amount: { value: 12.5, currency: 'HKD' } }, 422],
    [{ amount: { value: 0, currency: 'HKD' } }, 422],
    [{ reference: '' }, 422],
    [{ paymentMethod: { type: 'wechatpayQR', openid: 'o', appId: C.wechatAppId } }, 422],
    [{ paymentMethod: { type: 'wechatpayMiniProgram', openid: 'o', appId: 'wxOTHER' } }, 422],
    [{ merchantAccount: 'Other' }, 403],
  ])('rejects %j', async (override, status) => {
    const res = await post(PAY, adyenPaymentBody(override));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ status, errorCode: expect.any(String), message: expect.any(String) });
  });

  it('replays the stored reply for the same Idempotency-Key and body, rejects a different body', async () => {
    const headers = { ...ADYEN_HEADERS, 'idempotency-key': 'idem-1' };
    const first = (await post(PAY, adyenPaymentBody(), headers)).json();
    const second = (await post('/adyen/checkout/v72/payments', adyenPaymentBody(), headers)).json();
    expect(second).toEqual(first);
    const conflict = await post(PAY, adyenPaymentBody({ reference: 'ORD200-2' }), headers);
    expect(conflict.statusCode).toBe(422);
    expect(conflict.json()).toMatchObject({ errorCode: '704' });
    const calls = (await app.inject({ method: 'GET', url: '/__sandbox/payments/ORD200' })).json();
    expect(calls.attempts).toHaveLength(1);
  });

  it('makes a new pspReference for each /payments call, even with the same reference', async () => {
    expect((await pay()).pspReference).not.toBe((await pay()).pspReference);
  });

  it('reports the sandbox state from /payments/details whatever paymentStatus says', async () => {
    const { action, pspReference } = await pay();
    const details = (paymentStatus: string, paymentData = action.paymentData) =>
      post('/adyen/checkout/v71/payments/details', { details: { paymentStatus }, paymentData });
    expect((await details('requestPayment:ok')).json()).toMatchObject({ resultCode: 'Pending', pspReference, merchantReference: 'ORD200-1' });
    await app.inject({ method: 'POST', url: '/__sandbox/payments/ORD200/approve' });
    expect((await details('requestPayment:fail cancel')).json()).toMatchObject({ resultCode: 'Authorised', amount: { value: 1250, currency: 'HKD' } });
    // The pspReference also identifies the payment (the official library drops action.paymentData).
    expect((await details('requestPayment:ok', pspReference)).json().resultCode).toBe('Authorised');
    expect((await details('requestPayment:ok', 'unknown')).statusCode).toBe(422);
  });

  it.each([
    ['refuse', 'Refused', 'Refused'],
    ['cancel', 'Cancelled', 'Cancelled'],
  ])('%s → resultCode %s and AUTHORISATION success=false', async (action, resultCode, reason) => {
    const { pspReference } = await pay();
    await app.inject({ method: 'POST', url: `/__sandbox/payments/ORD200/${action}` });
    const details = (await post('/v71/payments/details', { details: { paymentStatus: 'requestPayment:ok' }, paymentData: pspReference })).json();
    expect(details.resultCode).toBe(resultCode);
    await receiver.waitFor(1);
    expect(items()[0]).toMatchObject({ eventCode: 'AUTHORISATION', success: 'false', reason, pspReference });
  });

  it('sends an HMAC-signed AUTHORISATION the official HmacValidator accepts', async () => {
    const { pspReference } = await pay();
    await app.inject({ method: 'POST', url: '/__sandbox/payments/ORD200/approve' });
    await receiver.waitFor(1);
    expect(receiver.received[0]!.json.live).toBe('false');
    const item = items()[0];
    expect(item).toMatchObject({
      eventCode: 'AUTHORISATION',
      success: 'true',
      pspReference,
      merchantAccountCode: C.adyenMerchantAccount,
      merchantReference: 'ORD200-1',
      amount: { value: 1250, currency: 'HKD' },
      paymentMethod: 'wechatpayMiniProgram',
      additionalData: { hmacSignature: expect.any(String) },
    });
    expect(new hmacValidator().validateHMAC(item, C.adyenHmacKey)).toBe(true);
  });

  it('refunds: received now, REFUND notification later; over-refunds notify success=false', async () => {
    const { pspReference } = await pay();
    await app.inject({ method: 'POST', url: '/__sandbox/payments/ORD200/approve' });
    await receiver.waitFor(1);
    const refund = await post(`/adyen/checkout/v71/payments/${pspReference}/refunds`, {
      merchantAccount: C.adyenMerchantAccount,
      amount: { value: 1000, currency: 'HKD' },
      reference: 'RF-1',
    });
    expect(refund.statusCode).toBe(201);
    expect(refund.json()).toMatchObject({
      status: 'received',
      paymentPspReference: pspReference,
      pspReference: expect.stringMatching(/^[A-Z0-9]{16}$/),
      reference: 'RF-1',
      amount: { value: 1000, currency: 'HKD' },
      merchantAccount: C.adyenMerchantAccount,
    });
    await receiver.waitFor(2);
    expect(items()[1]).toMatchObject({ eventCode: 'REFUND', success: 'true', originalReference: pspReference, pspReference: refund.json().pspReference });
    expect(new hmacValidator().validateHMAC(items()[1], C.adyenHmacKey)).toBe(true);

    await post(`/adyen/checkout/v71/payments/${pspReference}/refunds`, {
      merchantAccount: C.adyenMerchantAccount,
      amount: { value: 251, currency: 'HKD' },
      reference: 'RF-2',
    });
    await receiver.waitFor(3);
    expect(items()[2]).toMatchObject({ eventCode: 'REFUND', success: 'false', reason: expect.any(String) });
    const unknown = await post('/adyen/checkout/v71/payments/NOPE/refunds', { merchantAccount: C.adyenMerchantAccount, amount: { value: 1, currency: 'HKD' } });
    expect(unknown.statusCode).toBe(422);
  });

  it('cancels a pending payment (CANCELLATION true) but not an authorised one (false)', async () => {
    const pending = await pay();
    await post(`/v71/payments/${pending.pspReference}/cancels`, { merchantAccount: C.adyenMerchantAccount, reference: 'C-1' });
    await receiver.waitFor(1);
    expect(items()[0]).toMatchObject({ eventCode: 'CANCELLATION', success: 'true', originalReference: pending.pspReference });

    const paid = await pay({ reference: 'ORD201-1' });
    await app.inject({ method: 'POST', url: '/__sandbox/payments/ORD201/approve' });
    await post(`/v71/payments/${paid.pspReference}/cancels`, { merchantAccount: C.adyenMerchantAccount });
    await receiver.waitFor(3);
    expect(items()[2]).toMatchObject({ eventCode: 'CANCELLATION', success: 'false', originalReference: paid.pspReference });
  });
});

describe('Adyen Checkout through the official @adyen/api-library', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());

  function checkout(apiKey = C.adyenApiKey) {
    const client = new Client({ apiKey, environment: EnvironmentEnum.TEST }, new FetchHttpClient(`${sandbox.url}/adyen/checkout`) as never);
    return new CheckoutAPI(client);
  }

  it('runs payments → details → refund with the library typings', async () => {
    const api = checkout();
    const request = {
      merchantAccount: C.adyenMerchantAccount,
      amount: { value: 1250, currency: 'HKD' },
      reference: 'LIB1-1',
      paymentMethod: { type: 'wechatpayMiniProgram', openid: 'oLib', appId: C.wechatAppId },
    };
    const payment = await api.PaymentsApi.payments(request as never, { idempotencyKey: 'lib-idem-1' });
    expect(payment.resultCode).toBe('Pending');
    const action = payment.action as { type: string; data: Record<string, string> };
    expect(action.type).toBe('redirect');
    expect(action.data.package).toMatch(/^prepay_id=/);
    const replay = await api.PaymentsApi.payments(request as never, { idempotencyKey: 'lib-idem-1' });
    expect(replay.pspReference).toBe(payment.pspReference);

    await fetch(`${sandbox.url}/__sandbox/payments/LIB1/approve`, { method: 'POST' });
    const details = await api.PaymentsApi.paymentsDetails({ details: { paymentStatus: 'requestPayment:ok' }, paymentData: payment.pspReference } as never);
    expect(details.resultCode).toBe('Authorised');

    const refund = await api.ModificationsApi.refundCapturedPayment(payment.pspReference!, {
      merchantAccount: C.adyenMerchantAccount,
      amount: { value: 1250, currency: 'HKD' },
      reference: 'LIB1-R1',
    } as never);
    expect(refund.status).toBe('received');
  });

  it('surfaces a wrong API key as an HttpClientException with statusCode 401', async () => {
    const err = (await checkout('wrong')
      .PaymentsApi.paymentsDetails({ details: {}, paymentData: 'x' } as never)
      .catch((e: unknown) => e)) as HttpClientException;
    expect(err.statusCode).toBe(401);
    expect(err.errorCode).toBe('000');
  });
});
