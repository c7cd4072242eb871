import { Order as OrderDto, Refund as RefundDto } from '@minipay/contracts';
import { adyenNotificationHmac, signIntentsNotification, type AdyenNotificationRequestItem } from '@minipay/sandbox';
import { OutboxMessage } from '../src/fulfilment/outbox-message.entity';
import { FulfilmentRelay } from '../src/fulfilment/fulfilment-relay';
import { OrderEvent } from '../src/orders/order-event.entity';
import { Payment } from '../src/payments/payment.entity';
import { PaymentSettlement } from '../src/payments/payment-settlement';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

/** Acceptance tests of "nothing lost, nothing twice" that run on one instance (SQLite or PostgreSQL). */
describe('reliability: refunds, late events, fulfilment, faults', () => {
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

  const admin = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    call(stack.apiUrl, method, path, { body, headers: { 'x-admin-key': stack.config.ADMIN_API_KEY, ...headers } });

  async function paidOrder(quantity = 2): Promise<OrderDto> {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    return shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID');
  }

  describe('refunds', () => {
    it('refunds in part twice, then rejects an over-refund with 422, then refunds the rest', async () => {
      const order = await paidOrder(2);
      const total = order.amount.value;
      const first = await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 100, reason: 'one tart was cold' });
      expect(first.status).toBe(201);
      expect(RefundDto.parse(first.body).amount).toEqual({ value: 100, currency: order.amount.currency });
      await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED' && o.refundedAmount.value === 100, 'first partial refund');

      expect((await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 250, reason: 'late delivery' })).status).toBe(201);
      await shopper.waitForOrder(order.id, (o) => o.refundedAmount.value === 350, 'second partial refund');

      expectError(await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: total, reason: 'too much' }), 422, 'REFUND_EXCEEDS_PAID_AMOUNT');

      const rest = await admin('POST', `/admin/orders/${order.id}/refunds`, { reason: 'refund the rest' });
      expect(RefundDto.parse(rest.body).amount.value).toBe(total - 350);
      const refunded = await shopper.waitForOrder(order.id, (o) => o.status === 'REFUNDED', 'order REFUNDED');
      expect(refunded.refundedAmount.value).toBe(total);
      expectError(await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 1, reason: 'again' }), 409, 'ORDER_NOT_REFUNDABLE');
    });

    it('a full refund without an amount refunds everything', async () => {
      const order = await paidOrder(1);
      const reply = await admin('POST', `/admin/orders/${order.id}/refunds`, { reason: 'customer changed their mind' });
      expect(RefundDto.parse(reply.body).amount).toEqual(order.amount);
      await shopper.waitForOrder(order.id, (o) => o.status === 'REFUNDED', 'order REFUNDED');
    });

    it('refuses to refund an unpaid order (409)', async () => {
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
      expectError(await admin('POST', `/admin/orders/${order.id}/refunds`, { reason: 'nope' }), 409, 'ORDER_NOT_REFUNDABLE');
    });

    it('honours its own Idempotency-Key, and concurrent refunds never exceed the paid amount', async () => {
      const order = await paidOrder(1);
      const key = { 'idempotency-key': `refund-${order.id}` };
      const a = await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 200, reason: 'dup' }, key);
      const b = await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 200, reason: 'dup' }, key);
      expect(b.body.id).toBe(a.body.id);
      expectError(await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 300, reason: 'dup' }, key), 422, 'IDEMPOTENCY_KEY_REUSED');

      const racing = await Promise.all(
        Array.from({ length: 6 }, () => admin('POST', `/admin/orders/${order.id}/refunds`, { amount: order.amount.value - 200, reason: 'race' })),
      );
      expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
      const final = await shopper.waitForOrder(order.id, (o) => o.status === 'REFUNDED', 'refunded once');
      expect(final.refundedAmount.value).toBe(order.amount.value);
    });

    it('requires the admin key', async () => {
      const order = await paidOrder(1);
      expectError(await call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/refunds`, { body: { reason: 'x' } }), 401, 'UNAUTHENTICATED');
      expectError(
        await call(stack.apiUrl, 'GET', `/admin/orders/${order.id}/timeline`, { headers: { 'x-admin-key': 'wrong-key-wrong-key' } }),
        401,
        'UNAUTHENTICATED',
      );
    });
  });

  describe('late and out-of-order events', () => {
    it('a late CANCELLED or PENDING verdict after PAID leaves the order PAID', async () => {
      const order = await paidOrder(1);
      const payment = await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });
      const settlement = stack.app.get(PaymentSettlement);
      await settlement.settle(payment, { found: true, status: 'CANCELLED' }, 'notification');
      await settlement.settle(payment, { found: true, status: 'PENDING' }, 'notification');
      await settlement.settle(payment, { found: true, status: 'FAILED', failureReason: 'late' }, 'notification');
      const after = await shopper.order(order.id);
      expect(after.status).toBe('PAID');
      expect(after.latestPayment?.status).toBe('SUCCEEDED');
      expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    });

    it('a payment notification arriving after the refund one does not undo the refund', async () => {
      await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop', count: 1 } });
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 2 }]);
      await shopper.pay(order.id);
      await shopper.act(order.merchantOrderId, 'approve'); // its notification is dropped …
      expect((await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:ok' })).body.status).toBe('PAID');
      await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 100, reason: 'partial' });
      await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED', 'refund applied');
      // … and delivered late, after the refund's.
      await call(stack.sandbox.url, 'POST', `/__sandbox/payments/${order.merchantOrderId}/notify`);
      await stack.sandbox.notificationsIdle();
      const after = await shopper.order(order.id);
      expect(after.status).toBe('PARTIALLY_REFUNDED');
      expect(after.refundedAmount.value).toBe(100);
      expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    });

    it('an amount mismatch is not PAID, is flagged for review and shows on the timeline', async () => {
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
      await shopper.pay(order.id);
      await shopper.act(order.merchantOrderId, 'approve', { amount: { value: order.amount.value - 1, currency: order.amount.currency } });
      await stack.sandbox.notificationsIdle();
      const timeline = await admin('GET', `/admin/orders/${order.id}/timeline`);
      expect(timeline.status).toBe(200);
      expect(timeline.body.status).toBe('PENDING_PAYMENT');
      expect(timeline.body.reviewReason).toMatch(/amount mismatch/);
      expect(timeline.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'provider_call', 'notification', 'review']));
    });
  });

  describe('late Adyen events (on an Adyen payment)', () => {
    let adyen: Stack;
    beforeAll(async () => {
      adyen = await startStack({ PAYMENT_PROVIDER: 'adyen' });
    });
    afterAll(async () => {
      await adyen?.close();
    });

    it('a late AUTHORISATION success=false after PAID is processed against the payment and leaves the order PAID', async () => {
      const buyer = await new Shopper(adyen).login();
      const [product] = await buyer.products();
      const order = await buyer.placeOrder([{ productId: product.id, quantity: 1 }]);
      const pay = await buyer.pay(order.id);
      expect(pay.provider).toBe('adyen');
      await buyer.act(order.merchantOrderId, 'approve');
      await buyer.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID');
      const payment = await adyen.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });
      expect(payment).toMatchObject({ provider: 'adyen', status: 'SUCCEEDED', providerPaymentId: expect.any(String) });

      // The same payment (pspReference and reference) now reported refused, late, and correctly signed.
      const item: AdyenNotificationRequestItem = {
        eventCode: 'AUTHORISATION',
        success: 'false',
        pspReference: payment.providerPaymentId!,
        merchantAccountCode: adyen.config.ADYEN_MERCHANT_ACCOUNT,
        merchantReference: payment.reference,
        amount: order.amount,
        eventDate: new Date().toISOString(),
        reason: 'Refused',
        additionalData: {},
      } as AdyenNotificationRequestItem;
      item.additionalData = { hmacSignature: adyenNotificationHmac(adyen.config.ADYEN_HMAC_KEYS[0], item) };
      const reply = await call(adyen.apiUrl, 'POST', '/webhooks/adyen', { body: { live: 'false', notificationItems: [{ NotificationRequestItem: item }] } });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe('[accepted]');

      // It reached the payment (stored, processed, not ignored as someone else's) and changed nothing.
      const late = await adyen.db
        .getRepository(WebhookEvent)
        .findOneByOrFail({ provider: 'adyen', eventKey: `${payment.providerPaymentId}:AUTHORISATION:false` });
      expect(late.processedAt).not.toBeNull();
      expect(late.outcome).not.toMatch(/^ignored/);
      expect((await buyer.order(order.id)).status).toBe('PAID');
      expect(await adyen.db.getRepository(Payment).findOneByOrFail({ id: payment.id })).toMatchObject({ status: 'SUCCEEDED' });
      expect(await transitionsTo(adyen.db, order.id, 'PAID')).toBe(1);
    });
  });

  describe('provider faults', () => {
    it('a provider 4xx is not retried', async () => {
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
      await call(stack.sandbox.url, 'DELETE', '/__sandbox/calls');
      await call(stack.sandbox.url, 'POST', '/__sandbox/faults', { body: { scope: 'intents', operation: 'create', mode: 'fail', status: 400, count: 1 } });
      const reply = await shopper.api('POST', `/orders/${order.id}/pay`);
      expect([502]).toContain(reply.status);
      expectError(reply, 502, 'PROVIDER_REJECTED');
      const calls = (await call(stack.sandbox.url, 'GET', '/__sandbox/calls?scope=intents&operation=create')).body;
      expect(calls).toHaveLength(1);
      // The next attempt works.
      expect((await shopper.pay(order.id)).requestPayment.package).toMatch(/^prepay_id=/);
    });
  });

  describe('exactly-once fulfilment', () => {
    it('the PAID transition writes one outbox row and the relay fulfils it once, however often it runs', async () => {
      const order = await paidOrder(1);
      const outbox = await stack.db.getRepository(OutboxMessage).findBy({ orderId: order.id });
      expect(outbox).toHaveLength(1);
      const relay = stack.app.get(FulfilmentRelay);
      await Promise.all([relay.drain(), relay.drain(), relay.drain()]);
      await relay.drain();
      expect((await shopper.order(order.id)).status).toBe('FULFILLED');
      expect(await transitionsTo(stack.db, order.id, 'FULFILLED')).toBe(1);
      const fulfilments = await stack.db.getRepository(OrderEvent).countBy({ orderId: order.id, type: 'fulfilment' });
      expect(fulfilments).toBe(1);
      expect((await stack.db.getRepository(OutboxMessage).findOneByOrFail({ orderId: order.id })).deliveredAt).not.toBeNull();
    });
  });

  describe('replayed and forged notifications change nothing', () => {
    it.each([
      ['older than the window', (body: string, secret: string) => signIntentsNotification(secret, body, Math.floor(Date.now() / 1000) - 301)],
      ['signed with an unknown key', (body: string) => signIntentsNotification('an-unknown-webhook-key-0000', body)],
      ['without headers', () => ({})],
    ])('intents notification %s → 401', async (_name, sign) => {
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
      await shopper.pay(order.id);
      const body = JSON.stringify({ notify_type: 'payment_success', data: { order_id: 'C000', merchant_order_id: `${order.merchantOrderId}-1` } });
      const headers = { 'content-type': 'application/json', ...sign(body, stack.config.INTENTS_WEBHOOK_SECRET) };
      expectError(await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers }), 401, 'WEBHOOK_SIGNATURE_INVALID');
      expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
    });
  });
});
