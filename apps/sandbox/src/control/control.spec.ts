import type { FastifyInstance } from 'fastify';
import { buildSandbox, sandboxContextOf } from '../app';
import { startSandbox } from '../server';
import { ADYEN_HEADERS, adyenPaymentBody, intentBody, intentsPost, intentsToken } from '../testing/fixtures';
import { Receiver } from '../testing/receiver';

describe('control surface', () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let hook: string;

  beforeEach(async () => {
    receiver = new Receiver();
    hook = await receiver.start();
    app = buildSandbox({ adyenWebhookUrl: hook, notifyRetryDelaysMs: [20], refundSettleDelayMs: 5 });
  });
  afterEach(async () => {
    await app.close();
    await receiver.stop();
  });

  const control = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url: `/__sandbox${url}`, ...(payload ? { payload } : {}) });
  const createIntent = async (merchantOrderId: string, token?: string) =>
    (await intentsPost(app, '/pa/payment_intents/create', intentBody({ merchant_order_id: merchantOrderId, notify_url: hook }), token)).json().data;
  const createAdyen = async (reference: string) =>
    (await app.inject({ method: 'POST', url: '/adyen/checkout/v71/payments', headers: ADYEN_HEADERS, payload: adyenPaymentBody({ reference }) })).json();

  describe('shopper actions', () => {
    it('acts on the LATEST attempt of the order, whatever the provider', async () => {
      const token = await intentsToken(app);
      await createIntent('ORD1-1', token);
      await createIntent('ORD1-2', token);
      await createIntent('ORD10-1', token); // same prefix, different order: must not match ORD1
      const res = await control('POST', '/payments/ORD1/approve');
      expect(res.json()).toEqual({ provider: 'intents', merchantOrderId: 'ORD1', providerReference: 'ORD1-2', status: 'SUCCEEDED' });

      await createAdyen('ORD1-3');
      expect((await control('POST', '/payments/ORD1/refuse')).json()).toMatchObject({ provider: 'adyen', providerReference: 'ORD1-3', status: 'Refused' });
      const listed = (await control('GET', '/payments/ORD1')).json();
      expect(listed.attempts.map((a: { providerReference: string; status: string }) => [a.providerReference, a.status])).toEqual([
        ['ORD1-1', 'PENDING'],
        ['ORD1-2', 'SUCCEEDED'],
        ['ORD1-3', 'Refused'],
      ]);
      expect(listed.attempts[1]).toMatchObject({ amount: { value: 1250, currency: 'HKD' }, createdAt: expect.any(String), refunds: [] });
    });

    it('answers 404 PAYMENT_NOT_FOUND, 409 when final, 400 on invalid input', async () => {
      expect((await control('POST', '/payments/NOPE/approve')).json()).toEqual({ error: { code: 'PAYMENT_NOT_FOUND', message: expect.any(String) } });
      expect((await control('GET', '/payments/NOPE')).statusCode).toBe(404);
      await createIntent('ORD2-1');
      await control('POST', '/payments/ORD2/cancel');
      const again = await control('POST', '/payments/ORD2/approve');
      expect(again.statusCode).toBe(409);
      const bad = await control('POST', '/payments/ORD2/approve', { amount: { value: 'x' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      expect((await control('POST', '/faults', { scope: 'nope', mode: 'fail' })).json().error.code).toBe('VALIDATION_FAILED');
      expect((await control('POST', '/wechat/codes', { openid: 5 })).statusCode).toBe(400);
    });

    it('approve with an amount makes the provider report it (query and Adyen notification)', async () => {
      await createIntent('ORD3-1');
      await control('POST', '/payments/ORD3/approve', { amount: { value: 100, currency: 'HKD' } });
      const q = (await intentsPost(app, '/pa/payment_intents/query', { merchant_order_id: 'ORD3-1' })).json();
      expect(q.data).toMatchObject({ amount: '1.00', currency: 'HKD', status: 'SUCCEEDED' });

      await createAdyen('ORD4-1');
      await control('POST', '/payments/ORD4/approve', { amount: { value: 999, currency: 'HKD' } });
      await receiver.waitFor(2);
      const adyenNote = receiver.received.find((r) => r.json.notificationItems)!;
      expect(adyenNote.json.notificationItems[0].NotificationRequestItem.amount).toEqual({ value: 999, currency: 'HKD' });
    });

    it('resends the latest notification on /notify', async () => {
      await createIntent('ORD5-1');
      expect((await control('POST', '/payments/ORD5/notify')).statusCode).toBe(409);
      await control('POST', '/payments/ORD5/approve');
      await receiver.waitFor(1);
      await control('POST', '/payments/ORD5/notify');
      await receiver.waitFor(2);
      expect(receiver.received[1]!.json).toEqual(receiver.received[0]!.json);
      await sandboxContextOf(app).notifier.idle();
      expect((await control('GET', '/payments/ORD5')).json().attempts[0].notificationsSent).toBe(2);
    });
  });

  describe('provider faults', () => {
    it('"fail" replies the status without processing, for count requests', async () => {
      const token = await intentsToken(app);
      await control('POST', '/faults', { scope: 'intents', operation: 'create', mode: 'fail', status: 503, count: 1 });
      const failed = await intentsPost(app, '/pa/payment_intents/create', intentBody(), token);
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ code: 50300, data: null });
      expect((await intentsPost(app, '/pa/payment_intents/query', { merchant_order_id: 'ORD100-1' }, token)).statusCode).toBe(404);
      expect((await intentsPost(app, '/pa/payment_intents/create', intentBody(), token)).statusCode).toBe(200);
    });

    it('"fail" on Adyen uses the Adyen error shape and does not store the idempotency key', async () => {
      await control('POST', '/faults', { scope: 'adyen', operation: 'create', mode: 'fail', count: 1 });
      const headers = { ...ADYEN_HEADERS, 'idempotency-key': 'k1' };
      const failed = await app.inject({ method: 'POST', url: '/v71/payments', headers, payload: adyenPaymentBody() });
      expect(failed.statusCode).toBe(500);
      expect(failed.json()).toMatchObject({ status: 500, errorCode: expect.any(String), errorType: 'internal' });
      const retried = await app.inject({ method: 'POST', url: '/v71/payments', headers, payload: adyenPaymentBody() });
      expect(retried.json().resultCode).toBe('Pending');
    });

    it('a fault without count stays until DELETE /faults; "*" matches every scope and operation', async () => {
      await control('POST', '/faults', { scope: '*', mode: 'fail', status: 502 });
      expect((await intentsPost(app, '/pa/payment_intents/query', { order_id: 'x' }, 'any')).statusCode).toBe(502);
      expect((await app.inject({ method: 'POST', url: '/v71/payments/details', headers: ADYEN_HEADERS, payload: {} })).statusCode).toBe(502);
      expect((await control('GET', '/faults')).json().faults).toHaveLength(1);
      await control('DELETE', '/faults');
      expect((await app.inject({ method: 'POST', url: '/mch-api/v1/pa/payment_intents/query', payload: {} })).statusCode).toBe(401);
    });

    it('"delay" processes the request and only delays the reply: a timed-out client leaves the intent behind', async () => {
      const sandbox = await startSandbox({ port: 0 });
      try {
        const token = (
          (await (
            await fetch(`${sandbox.url}/mch-api/v1/authentication/access_token`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ client_id: 'sandbox-intents-client', api_key: 'sandbox-intents-api-key-0001' }),
            })
          ).json()) as { data: { access_token: string } }
        ).data.access_token;
        await fetch(`${sandbox.url}/__sandbox/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ scope: 'intents', operation: 'create', mode: 'delay', delayMs: 400, count: 1 }),
        });
        const timedOut = await fetch(`${sandbox.url}/mch-api/v1/pa/payment_intents/create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(intentBody()),
          signal: AbortSignal.timeout(100),
        }).catch((e: unknown) => e);
        expect(timedOut).toHaveProperty('name', 'TimeoutError');
        const retry = await fetch(`${sandbox.url}/mch-api/v1/pa/payment_intents/create`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(intentBody()),
        });
        // The retry is answered with the intent the timed-out call created: still one provider order.
        expect(retry.status).toBe(200);
        const calls = (await (await fetch(`${sandbox.url}/__sandbox/calls?scope=intents&operation=create`)).json()) as { status: number }[];
        expect(calls.map((c) => c.status)).toEqual([200, 200]);
        expect(sandbox.state.intents.size).toBe(1);
      } finally {
        await sandbox.close();
      }
    });
  });

  describe('notification faults', () => {
    it('drop: the notification is never sent, and /notify can send it late', async () => {
      await control('POST', '/notifications/faults', { mode: 'drop', count: 1 });
      await createIntent('ORD6-1');
      await control('POST', '/payments/ORD6/approve');
      await new Promise((r) => setTimeout(r, 50));
      expect(receiver.received).toHaveLength(0);
      expect((await control('GET', '/payments/ORD6')).json().attempts[0].notifications[0].outcome).toBe('dropped');
      await control('POST', '/payments/ORD6/notify');
      await receiver.waitFor(1);
    });

    it('duplicate: sends N copies at once', async () => {
      await control('POST', '/notifications/faults', { mode: 'duplicate', copies: 3, count: 1 });
      await createAdyen('ORD7-1');
      await control('POST', '/payments/ORD7/approve');
      await receiver.waitFor(3);
      const bodies = new Set(receiver.received.map((r) => r.rawBody));
      expect(bodies.size).toBe(1);
    });

    it('delay: sends after delayMs', async () => {
      await control('POST', '/notifications/faults', { scope: 'intents', mode: 'delay', delayMs: 150, count: 1 });
      await createIntent('ORD8-1');
      const started = Date.now();
      await control('POST', '/payments/ORD8/approve');
      await receiver.waitFor(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });
  });

  describe('calls, reset, CORS', () => {
    it('logs provider calls and filters them; DELETE clears', async () => {
      const token = await intentsToken(app);
      await createIntent('ORD9-1', token);
      await intentsPost(app, '/pa/payment_intents/query', { merchant_order_id: 'ORD9-1' }, token);
      const creates = (await control('GET', '/calls?scope=intents&operation=create')).json();
      expect(creates).toEqual([
        { scope: 'intents', operation: 'create', method: 'POST', path: '/mch-api/v1/pa/payment_intents/create', status: 200, at: expect.any(String) },
      ]);
      expect((await control('GET', '/calls?scope=intents')).json().map((c: { operation: string }) => c.operation)).toEqual(['token', 'create', 'query']);
      await control('DELETE', '/calls');
      expect((await control('GET', '/calls')).json()).toEqual([]);
    });

    it('reset forgets payments, faults and tokens', async () => {
      const token = await intentsToken(app);
      await createIntent('ORD11-1', token);
      await control('POST', '/faults', { scope: 'adyen', mode: 'fail' });
      await control('POST', '/reset');
      expect((await control('GET', '/payments/ORD11')).statusCode).toBe(404);
      expect((await control('GET', '/faults')).json().faults).toEqual([]);
      expect((await intentsPost(app, '/pa/payment_intents/query', { order_id: 'x' }, token)).statusCode).toBe(401);
    });

    it('allows cross-origin calls from the H5 app', async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/__sandbox/payments/ORD1/approve',
        headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST' },
      });
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://127.0.0.1:10086');
    });
  });
});
