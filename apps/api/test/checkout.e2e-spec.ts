import { Order, PayResponse, RequestPaymentParams } from '@minipay/contracts';
import { signIntentsNotification } from '@minipay/sandbox';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

describe('checkout, end to end (API + sandbox on loopback)', () => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
    shopper = await new Shopper(stack).login();
  });

  it('login → products → order → pay → approve → notification → order PAID', async () => {
    const products = await shopper.products();
    expect(products.length).toBeGreaterThanOrEqual(3);
    expect(products.every((p) => Number.isInteger(p.price.value) && p.price.currency === 'HKD')).toBe(true);

    const [first, second] = products;
    const order = await shopper.placeOrder([
      { productId: first.id, quantity: 2 },
      { productId: second.id, quantity: 1 },
    ]);
    expect(order.status).toBe('PENDING_PAYMENT');
    expect(order.amount).toEqual({ value: first.price.value * 2 + second.price.value, currency: 'HKD' });
    expect(order.merchantOrderId.length).toBeLessThanOrEqual(32);

    const pay = await shopper.pay(order.id);
    expect(pay.provider).toBe('intents');
    expect(RequestPaymentParams.safeParse(pay.requestPayment).success).toBe(true);
    expect(pay.requestPayment.package).toMatch(/^prepay_id=/);
    expect(pay.requestPayment).not.toHaveProperty('appId');

    // The provider saw exactly the server's price, in its own (major-unit decimal) format.
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts).toHaveLength(1);
    expect(attempts[0].amount).toEqual(order.amount);

    // Paying again while the attempt is pending reuses it: no second provider order.
    const again = await shopper.pay(order.id);
    expect(again.paymentId).toBe(pay.paymentId);
    expect(again.requestPayment).toEqual(pay.requestPayment);

    expect((await shopper.act(order.merchantOrderId, 'approve')).status).toBe(200);
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID by the notification');
    expect(paid.paidAt).not.toBeNull();
    expect(paid.latestPayment).toMatchObject({ id: pay.paymentId, status: 'SUCCEEDED', provider: 'intents' });
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);

    const mine = (await shopper.api('GET', '/orders')).body;
    expect(mine.items.map((o: Order) => o.id)).toContain(order.id);

    // Paying a paid order is a conflict.
    expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 409, 'ORDER_ALREADY_PAID');
  });

  it('cancel path: the cancelled attempt is CANCELLED and the order is payable again with a new intent', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const first = await shopper.pay(order.id);

    expect((await shopper.act(order.merchantOrderId, 'cancel')).status).toBe(200);
    const afterCancel = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' });
    expect(afterCancel.status).toBe(200);
    expect(Order.parse(afterCancel.body)).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { id: first.paymentId, status: 'CANCELLED' } });

    const second: PayResponse = await shopper.pay(order.id);
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.requestPayment.package).not.toBe(first.requestPayment.package);

    await shopper.act(order.merchantOrderId, 'approve');
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID after the second attempt');
    expect(paid.latestPayment).toMatchObject({ id: second.paymentId, status: 'SUCCEEDED' });
  });

  it('closes the attempt at the provider when the shopper closed the sheet but the provider still says pending', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const first = await shopper.pay(order.id);
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' });
    expect(Order.parse(reply.body).latestPayment).toMatchObject({ id: first.paymentId, status: 'CANCELLED' });
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts[attempts.length - 1].status).toBe('CANCELLED');
  });

  it('never trusts the client: "requestPayment:ok" without a provider success leaves the order unpaid', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:ok' });
    expect(reply.status).toBe(200);
    expect(Order.parse(reply.body)).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { status: 'PENDING' } });
  });

  it('settles from the provider on pay/result even when the notification is lost', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop', count: 1 } });
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:ok' });
    expect(Order.parse(reply.body).status).toBe('PAID');
  });

  it('20 concurrent copies of one notification → one PAID transition, every reply 2xx', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop', count: 1 } });
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 3 }]);
    await shopper.pay(order.id);
    const approved = (await shopper.act(order.merchantOrderId, 'approve')).body;

    const body = JSON.stringify({
      notify_type: 'payment_success',
      data: { order_id: await providerOrderId(order.merchantOrderId), merchant_order_id: approved.providerReference },
    });
    const headers = { 'content-type': 'application/json', ...signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body) };
    const replies = await Promise.all(Array.from({ length: 20 }, () => call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers })));
    expect(replies.map((r) => r.status)).toEqual(Array(20).fill(200));

    expect((await shopper.order(order.id)).status).toBe('PAID');
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    const inbox = await stack.db.getRepository(WebhookEvent).findBy({ paymentReference: approved.providerReference });
    expect(inbox).toHaveLength(1);
    expect(inbox[0].deliveries).toBe(20);
  });

  it('a forged notification is 401 and changes nothing', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    const reference = `${order.merchantOrderId}-1`;
    const body = JSON.stringify({
      notify_type: 'payment_success',
      data: { order_id: await providerOrderId(order.merchantOrderId), merchant_order_id: reference },
    });

    const forged = signIntentsNotification('not-the-webhook-secret-at-all', body);
    expectError(
      await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers: { 'content-type': 'application/json', ...forged } }),
      401,
      'WEBHOOK_SIGNATURE_INVALID',
    );

    const stale = signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body, Math.floor(Date.now() / 1000) - 3600);
    expectError(
      await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers: { 'content-type': 'application/json', ...stale } }),
      401,
      'WEBHOOK_SIGNATURE_INVALID',
    );

    const valid = signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body);
    const tampered = body.replace(reference, `${order.merchantOrderId}-9`);
    expectError(
      await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: tampered, headers: { 'content-type': 'application/json', ...valid } }),
      401,
      'WEBHOOK_SIGNATURE_INVALID',
    );

    expectError(
      await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers: { 'content-type': 'application/json' } }),
      401,
      'WEBHOOK_SIGNATURE_INVALID',
    );

    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
    expect(await stack.db.getRepository(WebhookEvent).countBy({ paymentReference: reference })).toBe(0);
  });

  it("another user's order is 404 everywhere", async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const stranger = await new Shopper(stack).login();
    expectError(await stranger.api('GET', `/orders/${order.id}`), 404, 'ORDER_NOT_FOUND');
    expectError(await stranger.api('POST', `/orders/${order.id}/pay`), 404, 'ORDER_NOT_FOUND');
    expectError(await stranger.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:ok' }), 404, 'ORDER_NOT_FOUND');
    expect((await stranger.api('GET', '/orders')).body.items).toEqual([]);
  });

  it('Idempotency-Key: same key + same body → same order; same key + other body → 422', async () => {
    const [a, b] = await shopper.products();
    const key = `checkout-${Date.now()}`;
    const first = await shopper.placeOrder([{ productId: a.id, quantity: 1 }], { 'idempotency-key': key });
    const replay = await shopper.api('POST', '/orders', { items: [{ productId: a.id, quantity: 1 }] }, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(first.id);
    expectError(await shopper.api('POST', '/orders', { items: [{ productId: b.id, quantity: 1 }] }, { 'idempotency-key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    // Concurrent first uses of one key also yield one order.
    const key2 = `race-${Date.now()}`;
    const before = (await shopper.api('GET', '/orders')).body.items.length;
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => shopper.api('POST', '/orders', { items: [{ productId: b.id, quantity: 2 }] }, { 'idempotency-key': key2 })),
    );
    // Exactly one created it; every other reply is that order replayed (or "key in use, retry", never an error
    // that could hide a second order). A set of ids proves nothing if the ids are missing, so check they exist.
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of racing.filter((r) => r.status !== 201 && r.status !== 200)) expectError(reply, 409, 'IDEMPOTENCY_KEY_IN_USE');
    const ids = racing.filter((r) => r.status < 300).map((r) => Order.parse(r.body).id);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(1);
    expect((await shopper.order(ids[0])).id).toBe(ids[0]);
    expect((await shopper.api('GET', '/orders')).body.items.length).toBe(before + 1);
  });

  it('prices on the server: a client-sent amount is rejected', async () => {
    const [product] = await shopper.products();
    expectError(
      await shopper.api('POST', '/orders', { items: [{ productId: product.id, quantity: 1 }], amount: { value: 1, currency: 'HKD' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(await shopper.api('POST', '/orders', { items: [{ productId: product.id, quantity: 1, price: 1 }] }), 400, 'VALIDATION_FAILED');
    expectError(await shopper.api('POST', '/orders', { items: [{ productId: 'no-such-product', quantity: 1 }] }), 422, 'PRODUCT_NOT_FOUND');
  });

  describe('login errors map WeChat errcodes', () => {
    it('a used code is 401 WECHAT_CODE_INVALID', async () => {
      const code = await shopper.mintCode();
      expect((await call(stack.apiUrl, 'POST', '/auth/login', { body: { code } })).status).toBe(200);
      expectError(await call(stack.apiUrl, 'POST', '/auth/login', { body: { code } }), 401, 'WECHAT_CODE_INVALID');
    });

    it('an unknown code is 401 WECHAT_CODE_INVALID', async () => {
      expectError(await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'never-minted-code' } }), 401, 'WECHAT_CODE_INVALID');
    });

    it.each<[number, number, string]>([
      [45011, 429, 'WECHAT_RATE_LIMITED'],
      [-1, 503, 'WECHAT_UNAVAILABLE'],
      [40226, 403, 'WECHAT_USER_BLOCKED'],
    ])('errcode %i → %i %s', async (errcode, status, code) => {
      await call(stack.sandbox.url, 'POST', '/__sandbox/faults', {
        body: { scope: 'wechat', operation: 'jscode2session', mode: 'wechat_errcode', errcode, count: 1 },
      });
      expectError(await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: await shopper.mintCode() } }), status, code);
    });

    it('keeps session_key and the token out of the reply', async () => {
      const reply = await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: await shopper.mintCode() } });
      expect(Object.keys(reply.body).sort()).toEqual(['expiresIn', 'token']);
      expect(JSON.stringify(reply.body)).not.toMatch(/session_key|openid/);
    });
  });

  it('serves health and OpenAPI docs generated from the contracts', async () => {
    expect((await call(stack.apiUrl, 'GET', '/health')).body.status).toBe('ok');
    expect((await call(stack.apiUrl, 'GET', '/health/live')).body).toEqual({ status: 'ok' });
    const doc = (await call(stack.apiUrl, 'GET', '/docs/openapi.json')).body;
    const createOrder = doc.paths['/orders'].post;
    const schema = createOrder.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['items']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(createOrder.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '422']));
    expect(doc.paths['/orders/{id}/pay'].post.responses['200'].content['application/json'].schema.properties.requestPayment.required).toEqual(
      expect.arrayContaining(['timeStamp', 'nonceStr', 'package', 'signType', 'paySign']),
    );
  });

  it('a provider that does not answer in time gives a retryable 504, and the retry creates no second provider order', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await call(stack.sandbox.url, 'POST', '/__sandbox/faults', {
      body: { scope: 'intents', operation: 'create', mode: 'delay', delayMs: stack.config.PROVIDER_TIMEOUT_MS + 500, count: 1 },
    });
    const timedOut = await shopper.api('POST', `/orders/${order.id}/pay`);
    expectError(timedOut, 504, 'PROVIDER_TIMEOUT');
    expect(timedOut.headers.get('retry-after')).toBe('1');
    const retried = await shopper.pay(order.id);
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts).toHaveLength(1);
    await shopper.act(order.merchantOrderId, 'approve');
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID after a timed-out create');
    expect(paid.latestPayment?.id).toBe(retried.paymentId);
  });

  it('retries a provider 5xx (bounded) and succeeds with one provider order', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/calls');
    await call(stack.sandbox.url, 'POST', '/__sandbox/faults', { body: { scope: 'intents', operation: 'create', mode: 'fail', status: 500, count: 2 } });
    await shopper.pay(order.id);
    const calls = (await call(stack.sandbox.url, 'GET', '/__sandbox/calls?scope=intents&operation=create')).body;
    expect(calls.map((c: { status: number }) => c.status)).toEqual([500, 500, 200]);
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts).toHaveLength(1);
  });

  async function providerOrderId(merchantOrderId: string): Promise<string> {
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${merchantOrderId}`)).body;
    return attempts[attempts.length - 1].providerId;
  }
});
