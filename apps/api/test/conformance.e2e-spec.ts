import { Order as OrderDto, RequestPaymentParams, type ProviderName } from '@minipay/contracts';
import { Order } from '../src/orders/order.entity';
import { PaymentReconciliation } from '../src/payments/payment-reconciliation';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { expectRejected, PROVIDER_KITS, type SandboxAttempt } from './conformance/provider-kits';
import { call, eventually, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

/**
 * The same scenarios against every payment adapter and its sandbox: what the API promises (an order is paid
 * exactly once, from a verified provider verdict, for the right amount) must not depend on the provider.
 */
describe.each(['intents', 'adyen', 'wechatpay'] as const)('provider conformance: %s', (provider: ProviderName) => {
  const kit = PROVIDER_KITS[provider]!;
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack({ PAYMENT_PROVIDER: provider });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
    shopper = await new Shopper(stack).login();
  });

  const sandbox = (method: string, path: string, body?: unknown) => call(stack.sandbox.url, method, `/__sandbox${path}`, { body });
  const attemptsOf = async (s: Stack, merchantOrderId: string): Promise<SandboxAttempt[]> =>
    (await call(s.sandbox.url, 'GET', `/__sandbox/payments/${merchantOrderId}`)).body.attempts;

  async function newOrder(s: Shopper = shopper): Promise<OrderDto> {
    const [product] = await s.products();
    return s.placeOrder([{ productId: product.id, quantity: 2 }]);
  }

  it('happy path: login → order → pay → approve → order PAID by the notification', async () => {
    const order = await newOrder();
    const pay = await shopper.pay(order.id);
    expect(pay.provider).toBe(provider);
    expect(RequestPaymentParams.safeParse(pay.requestPayment).success).toBe(true);
    expect(pay.requestPayment.package).toMatch(/^prepay_id=/);
    expect(pay.requestPayment).not.toHaveProperty('appId');

    const attempts = await attemptsOf(stack, order.merchantOrderId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ provider, amount: order.amount });

    expect((await shopper.act(order.merchantOrderId, 'approve')).status).toBe(200);
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID by the notification');
    expect(paid.latestPayment).toMatchObject({ id: pay.paymentId, status: 'SUCCEEDED', provider });
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 409, 'ORDER_ALREADY_PAID');
  });

  it('shopper cancel: the attempt is CANCELLED and the order is payable again with a new payment', async () => {
    const order = await newOrder();
    const first = await shopper.pay(order.id);
    expect((await shopper.act(order.merchantOrderId, 'cancel')).status).toBe(200);
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' });
    expect(reply.status).toBe(200);
    expect(OrderDto.parse(reply.body)).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { id: first.paymentId, status: 'CANCELLED' } });

    const second = await shopper.pay(order.id);
    expect(second.paymentId).not.toBe(first.paymentId);
    expect(second.requestPayment.package).not.toBe(first.requestPayment.package);
    await shopper.act(order.merchantOrderId, 'approve');
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID after the second attempt');
    expect(paid.latestPayment).toMatchObject({ id: second.paymentId, status: 'SUCCEEDED' });
  });

  it(`refused: the attempt ends ${kit.refusedStatus} and the order is payable again`, async () => {
    const order = await newOrder();
    const first = await shopper.pay(order.id);
    expect((await shopper.act(order.merchantOrderId, 'refuse')).status).toBe(200);
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail' });
    expect(reply.status).toBe(200);
    const settled = await shopper.waitForOrder(order.id, (o) => o.latestPayment?.status !== 'PENDING', 'the refused attempt settled');
    expect(settled).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { id: first.paymentId, status: kit.refusedStatus } });

    const second = await shopper.pay(order.id);
    expect(second.paymentId).not.toBe(first.paymentId);
  });

  it('duplicate notifications (5 concurrent copies) → exactly one PAID transition', async () => {
    await sandbox('POST', '/notifications/faults', { mode: 'duplicate', count: 1, copies: 5 });
    const order = await newOrder();
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID');
    await stack.sandbox.notificationsIdle();

    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    const [attempt] = await attemptsOf(stack, order.merchantOrderId);
    const inbox = await stack.db.getRepository(WebhookEvent).findBy({ provider, paymentReference: attempt.providerReference });
    expect(inbox).toHaveLength(1);
    expect(inbox[0].deliveries).toBe(5);
  });

  it('a forged notification is 401 WEBHOOK_SIGNATURE_INVALID and changes nothing', async () => {
    const order = await newOrder();
    const pay = await shopper.pay(order.id);
    const [attempt] = await attemptsOf(stack, order.merchantOrderId);
    const forged = kit.forgedSuccess(stack, attempt);
    expectRejected(kit, await call(stack.apiUrl, 'POST', forged.path, { rawBody: forged.rawBody, headers: forged.headers }), 401, 'WEBHOOK_SIGNATURE_INVALID');
    expect(await shopper.order(order.id)).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { id: pay.paymentId, status: 'PENDING' } });
    expect(await stack.db.getRepository(WebhookEvent).countBy({ provider, paymentReference: attempt.providerReference })).toBe(0);
  });

  it('an amount that differs from the order is not PAID and is flagged for review', async () => {
    const order = await newOrder();
    await shopper.pay(order.id);
    const reported = { value: order.amount.value - 1, currency: order.amount.currency };
    expect((await shopper.act(order.merchantOrderId, 'approve', { amount: reported })).status).toBe(200);
    const flagged = await eventually(
      () => stack.db.getRepository(Order).findOneByOrFail({ id: order.id }),
      (o) => o.reviewReason !== null,
      8000,
      'the order flagged for review',
    );
    expect(flagged.reviewReason).toMatch(/amount mismatch/);
    expect(flagged.status).not.toBe('PAID');
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(0);
  });

  it('provider 5xx twice, then success: /pay succeeds after bounded retries, one provider payment', async () => {
    await sandbox('DELETE', '/calls');
    await sandbox('POST', '/faults', { scope: provider, operation: 'create', mode: 'fail', status: 500, count: 2 });
    const order = await newOrder();
    const pay = await shopper.pay(order.id);
    expect(pay.requestPayment.package).toMatch(/^prepay_id=/);
    const creates = (await sandbox('GET', `/calls?scope=${provider}&operation=create`)).body as { status: number }[];
    expect(creates.map((c) => c.status)).toEqual([500, 500, 200]);
    expect(await attemptsOf(stack, order.merchantOrderId)).toHaveLength(1);
  });

  it("refunds: partial twice, over-refund rejected, then the rest (settled by the provider's notification)", async () => {
    const order = await newOrder();
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
    const admin = (body: unknown) =>
      call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/refunds`, { body, headers: { 'x-admin-key': stack.config.ADMIN_API_KEY } });
    expect((await admin({ amount: 100, reason: 'partial one' })).status).toBe(201);
    await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED' && o.refundedAmount.value === 100, 'first refund settled');
    expect((await admin({ amount: 200, reason: 'partial two' })).status).toBe(201);
    await shopper.waitForOrder(order.id, (o) => o.refundedAmount.value === 300, 'second refund settled');
    expectError(await admin({ amount: order.amount.value, reason: 'too much' }), 422, 'REFUND_EXCEEDS_PAID_AMOUNT');
    expect((await admin({ reason: 'the rest' })).status).toBe(201);
    const refunded = await shopper.waitForOrder(order.id, (o) => o.status === 'REFUNDED', 'order REFUNDED');
    expect(refunded.refundedAmount).toEqual(order.amount);
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts[0].refunds).toHaveLength(3);
  });

  it('no notification: reconciliation settles the order from the provider', async () => {
    await sandbox('POST', '/notifications/faults', { mode: 'drop' });
    const order = await newOrder();
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await stack.sandbox.notificationsIdle();
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
    const report = await stack.app.get(PaymentReconciliation).reconcilePending(new Date(Date.now() + 120_000));
    expect(report.settled).toBeGreaterThanOrEqual(1);
    expect((await shopper.order(order.id)).status).toBe('PAID');
  });

  it('expiry closes an unpaid order at the provider first', async () => {
    const order = await newOrder();
    await shopper.pay(order.id);
    const later = new Date(Date.now() + stack.config.ORDER_TTL_SECONDS * 1000 + 1000);
    await stack.app.get(PaymentReconciliation).expireOrders(later);
    expect((await shopper.order(order.id)).status).toBe('CLOSED');
    expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 409, 'ORDER_CLOSED');
  });

  describe('with a short provider timeout', () => {
    let slow: Stack;
    beforeAll(async () => {
      slow = await startStack({ PAYMENT_PROVIDER: provider, PROVIDER_TIMEOUT_MS: '500' });
    });
    afterAll(async () => {
      await slow?.close();
    });

    it('a create that times out → 504 PROVIDER_TIMEOUT; /pay again succeeds without a second provider payment for that reference; approve → PAID', async () => {
      const buyer = await new Shopper(slow).login();
      const order = await newOrder(buyer);
      await call(slow.sandbox.url, 'POST', '/__sandbox/faults', { body: { scope: provider, operation: 'create', mode: 'delay', delayMs: 1500, count: 1 } });
      expectError(await buyer.api('POST', `/orders/${order.id}/pay`), 504, 'PROVIDER_TIMEOUT');
      // The sandbox processed the create before holding its reply: the outcome was unknown, not "nothing".
      const [timedOut] = await attemptsOf(slow, order.merchantOrderId);
      expect(timedOut).toBeDefined();
      await call(slow.sandbox.url, 'DELETE', '/__sandbox/faults');

      const pay = await buyer.pay(order.id);
      expect(RequestPaymentParams.safeParse(pay.requestPayment).success).toBe(true);
      const attempts = await attemptsOf(slow, order.merchantOrderId);
      expect(attempts.filter((a) => a.providerReference === timedOut.providerReference)).toHaveLength(1);
      expect(attempts.filter((a) => a.status !== 'CANCELLED')).toHaveLength(1);
      // The retry re-sends the create with the same reference / Idempotency-Key: the provider replays it.
      expect(attempts).toHaveLength(1);

      await buyer.act(order.merchantOrderId, 'approve');
      const paid = await buyer.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID after the timed-out create');
      expect(paid.latestPayment).toMatchObject({ id: pay.paymentId, status: 'SUCCEEDED' });
      expect(await transitionsTo(slow.db, order.id, 'PAID')).toBe(1);
    });
  });
});
