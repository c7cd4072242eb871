import { createVerify } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildSandbox, sandboxContextOf } from '../app';
import { SANDBOX_DEFAULT_CREDENTIALS as C } from '../config';
import { intentBody, intentsPost, intentsToken } from '../testing/fixtures';
import { Receiver } from '../testing/receiver';
import { signIntentsNotification } from './signing';

describe('payment-intents provider', () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let notifyUrl: string;

  beforeEach(async () => {
    receiver = new Receiver();
    notifyUrl = await receiver.start();
    app = buildSandbox({ notifyRetryDelaysMs: [20, 20], refundSettleDelayMs: 10 });
  });
  afterEach(async () => {
    await app.close();
    await receiver.stop();
  });

  const approve = (id: string, payload?: object) => app.inject({ method: 'POST', url: `/__sandbox/payments/${id}/approve`, ...(payload ? { payload } : {}) });

  describe('access token', () => {
    it('issues a 2-hour bearer token for the right client_id + api_key', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/mch-api/v1/authentication/access_token',
        payload: { client_id: C.intentsClientId, api_key: C.intentsApiKey },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        code: 0,
        data: { access_token: expect.any(String), expires_in: 7200 },
        message: 'ok',
        rid: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    });

    it('rejects wrong credentials and calls without a valid token with 401', async () => {
      const bad = await app.inject({
        method: 'POST',
        url: '/mch-api/v1/authentication/access_token',
        payload: { client_id: C.intentsClientId, api_key: 'nope' },
      });
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toMatchObject({ code: 40100, data: null });
      const noToken = await app.inject({ method: 'POST', url: '/mch-api/v1/pa/payment_intents/query', payload: { order_id: 'x' } });
      expect(noToken.statusCode).toBe(401);
      expect(noToken.json()).toMatchObject({ code: 40101 });
      const wrong = await intentsPost(app, '/pa/payment_intents/query', { order_id: 'x' }, 'forged');
      expect(wrong.json()).toMatchObject({ code: 40101 });
    });
  });

  describe('create', () => {
    it('creates a PENDING intent with a verifiable RSA paySign', async () => {
      const res = await intentsPost(app, '/pa/payment_intents/create', intentBody({ notify_url: notifyUrl }));
      expect(res.statusCode).toBe(200);
      const { data } = res.json();
      expect(data).toMatchObject({
        order_id: expect.stringMatching(/^C\d{21}$/),
        merchant_order_id: 'ORD100-1',
        amount: '12.50',
        currency: 'HKD',
        status: 'PENDING',
      });
      expect(data.create_time).toMatch(/\+08:00$/);
      const sdk = data.next_action.data;
      expect(data.next_action.type).toBe('call_sdk');
      expect(sdk).toMatchObject({
        appId: C.wechatAppId,
        signType: 'RSA',
        package: expect.stringMatching(/^prepay_id=wx/),
        timeStamp: expect.stringMatching(/^\d{10}$/),
      });
      const { paySignPublicKeyPem } = (await app.inject({ method: 'GET', url: '/__sandbox/keys' })).json();
      const verified = createVerify('RSA-SHA256')
        .update(`${sdk.appId}\n${sdk.timeStamp}\n${sdk.nonceStr}\n${sdk.package}\n`)
        .verify(paySignPublicKeyPem, sdk.paySign, 'base64');
      expect(verified).toBe(true);
    });

    it.each([
      [{ amount: '0' }],
      [{ amount: '12.345' }],
      [{ amount: '-1' }],
      [{ currency: 'hkd' }],
      [{ merchant_order_id: 'X'.repeat(33) }],
      [{ description: undefined }],
      [{ payment_method: { type: 'wechat', wechat: { flow: 'jsapi', sub_appid: C.wechatAppId, sub_openid: 'o' } } }],
    ])('rejects an invalid body %j with 400', async (override) => {
      const res = await intentsPost(app, '/pa/payment_intents/create', intentBody(override));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 40001, data: null, message: expect.any(String) });
    });

    it('rejects a sub_appid that is not the configured mini program', async () => {
      const body = intentBody({ payment_method: { type: 'wechat', wechat: { flow: 'mini_program', sub_appid: 'wxOTHER', sub_openid: 'o' } } });
      expect((await intentsPost(app, '/pa/payment_intents/create', body)).json()).toMatchObject({ code: 40004 });
    });

    it('answers 409 40901 to a second create with the same merchant_order_id but another payment', async () => {
      const token = await intentsToken(app);
      await intentsPost(app, '/pa/payment_intents/create', intentBody(), token);
      const dup = await intentsPost(app, '/pa/payment_intents/create', intentBody({ amount: '13.00' }), token);
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ code: 40901, message: 'merchant_order_id already exists' });
    });

    it('answers a repeated identical create (a retry) with the original intent, not a second one', async () => {
      const token = await intentsToken(app);
      const first = (await intentsPost(app, '/pa/payment_intents/create', intentBody(), token)).json();
      const retry = await intentsPost(app, '/pa/payment_intents/create', intentBody(), token);
      expect(retry.statusCode).toBe(200);
      expect(retry.json().data).toEqual(first.data);
      expect(sandboxContextOf(app).state.intents.size).toBe(1);
    });

    it('answers malformed JSON in the envelope', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/mch-api/v1/pa/payment_intents/create',
        headers: { authorization: `Bearer ${await intentsToken(app)}`, 'content-type': 'application/json' },
        payload: '{not json',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 40001, data: null });
    });
  });

  describe('query and cancel', () => {
    it('queries by either id, 404 when unknown, and reports pay_time once paid', async () => {
      const token = await intentsToken(app);
      const created = (await intentsPost(app, '/pa/payment_intents/create', intentBody(), token)).json().data;
      const byOrder = (await intentsPost(app, '/pa/payment_intents/query', { order_id: created.order_id }, token)).json();
      expect(byOrder.data).toEqual({
        order_id: created.order_id,
        merchant_order_id: 'ORD100-1',
        amount: '12.50',
        currency: 'HKD',
        status: 'PENDING',
        create_time: created.create_time,
      });
      await approve('ORD100');
      const byMerchant = (await intentsPost(app, '/pa/payment_intents/query', { merchant_order_id: 'ORD100-1' }, token)).json();
      expect(byMerchant.data).toMatchObject({ status: 'SUCCEEDED', pay_time: expect.stringMatching(/\+08:00$/) });
      const missing = await intentsPost(app, '/pa/payment_intents/query', { order_id: 'C000' }, token);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ code: 40401 });
      const neither = await intentsPost(app, '/pa/payment_intents/query', {}, token);
      expect(neither.statusCode).toBe(400);
    });

    it('cancels a pending intent; cancelling a paid one answers 409 40902 with the paid intent', async () => {
      const token = await intentsToken(app);
      await intentsPost(app, '/pa/payment_intents/create', intentBody(), token);
      const cancelled = await intentsPost(app, '/pa/payment_intents/cancel', { merchant_order_id: 'ORD100-1' }, token);
      expect(cancelled.json().data.status).toBe('CANCELLED');

      await intentsPost(app, '/pa/payment_intents/create', intentBody({ merchant_order_id: 'ORD101-1' }), token);
      await approve('ORD101');
      const late = await intentsPost(app, '/pa/payment_intents/cancel', { merchant_order_id: 'ORD101-1' }, token);
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 40902, data: { status: 'SUCCEEDED', merchant_order_id: 'ORD101-1' } });
    });
  });

  describe('notifications', () => {
    it('sends payment_success signed with HMAC-SHA256(secret, `${timestamp}.${rawBody}`)', async () => {
      const created = (await intentsPost(app, '/pa/payment_intents/create', intentBody({ notify_url: notifyUrl }))).json().data;
      await approve('ORD100');
      await receiver.waitFor(1);
      const [req] = receiver.received;
      expect(req!.json).toEqual({ notify_type: 'payment_success', data: { order_id: created.order_id, merchant_order_id: 'ORD100-1' } });
      const ts = Number(req!.headers['x-timestamp']);
      expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(5);
      expect(req!.headers['x-signature']).toBe(signIntentsNotification(C.intentsWebhookSecret, req!.rawBody, ts)['x-signature']);
    });

    it('retries on non-2xx with the configured delays, then gives up and records it', async () => {
      receiver.defaultStatus = 500;
      await intentsPost(app, '/pa/payment_intents/create', intentBody({ notify_url: notifyUrl }));
      await approve('ORD100');
      await receiver.waitFor(3);
      await new Promise((r) => setTimeout(r, 80));
      expect(receiver.received).toHaveLength(3);
      const attempt = (await app.inject({ method: 'GET', url: '/__sandbox/payments/ORD100' })).json().attempts[0];
      expect(attempt.notificationsSent).toBe(0);
      expect(attempt.notifications[0]).toMatchObject({ type: 'payment_success', attempts: 3, outcome: 'failed', lastStatus: 500 });
    });

    it('keeps retrying after a failed delivery until the receiver answers 2xx', async () => {
      receiver.statuses = [503];
      await intentsPost(app, '/pa/payment_intents/create', intentBody({ notify_url: notifyUrl }));
      await approve('ORD100');
      await receiver.waitFor(2);
      await new Promise((r) => setTimeout(r, 30));
      const attempt = (await app.inject({ method: 'GET', url: '/__sandbox/payments/ORD100' })).json().attempts[0];
      expect(attempt).toMatchObject({ notificationsSent: 1, notifications: [{ outcome: 'delivered', attempts: 2 }] });
    });
  });

  describe('refunds', () => {
    async function paidIntent() {
      const token = await intentsToken(app);
      const created = (await intentsPost(app, '/pa/payment_intents/create', intentBody({ notify_url: notifyUrl }), token)).json().data;
      await approve('ORD100');
      await receiver.waitFor(1);
      return { token, orderId: created.order_id as string };
    }

    it('refunds a paid intent, idempotently on merchant_refund_id, then notifies refund_success', async () => {
      const { token, orderId } = await paidIntent();
      const body = { order_id: orderId, merchant_refund_id: 'RF1', amount: '5.00', reason: 'customer' };
      const first = (await intentsPost(app, '/pa/refunds/create', body, token)).json();
      expect(first.data).toMatchObject({
        refund_id: expect.stringMatching(/^R\d{21}$/),
        merchant_refund_id: 'RF1',
        order_id: orderId,
        amount: '5.00',
        currency: 'HKD',
        status: 'PROCESSING',
      });
      const again = (await intentsPost(app, '/pa/refunds/create', body, token)).json();
      expect(again.data.refund_id).toBe(first.data.refund_id);

      await receiver.waitFor(2);
      const note = receiver.received[1]!;
      expect(note.json).toEqual({
        notify_type: 'refund_success',
        data: { order_id: orderId, merchant_order_id: 'ORD100-1', refund_id: first.data.refund_id, merchant_refund_id: 'RF1' },
      });
      expect(note.headers['x-signature']).toBe(
        signIntentsNotification(C.intentsWebhookSecret, note.rawBody, Number(note.headers['x-timestamp']))['x-signature'],
      );
      const queried = (await intentsPost(app, '/pa/refunds/query', { merchant_refund_id: 'RF1' }, token)).json();
      expect(queried.data.status).toBe('SUCCEEDED');
    });

    it('rejects refunds beyond the paid amount (400 40003) and on unpaid intents (409 40903)', async () => {
      const { token, orderId } = await paidIntent();
      await intentsPost(app, '/pa/refunds/create', { order_id: orderId, merchant_refund_id: 'RF1', amount: '10.00' }, token);
      const over = await intentsPost(app, '/pa/refunds/create', { order_id: orderId, merchant_refund_id: 'RF2', amount: '2.51' }, token);
      expect(over.statusCode).toBe(400);
      expect(over.json()).toMatchObject({ code: 40003 });

      const pending = (await intentsPost(app, '/pa/payment_intents/create', intentBody({ merchant_order_id: 'ORD102-1' }), token)).json().data;
      const unpaid = await intentsPost(app, '/pa/refunds/create', { order_id: pending.order_id, merchant_refund_id: 'RF3', amount: '1.00' }, token);
      expect(unpaid.statusCode).toBe(409);
      expect(unpaid.json()).toMatchObject({ code: 40903 });
    });
  });
});
