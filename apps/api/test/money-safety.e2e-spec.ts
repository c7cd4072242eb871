import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { Order as OrderDto, Refund as RefundDto } from '@minipay/contracts';
import { adyenNotificationHmac, type AdyenNotificationRequestItem } from '@minipay/sandbox';
import { FulfilmentHandler } from '../src/fulfilment/fulfilment.handler';
import { FulfilmentRelay } from '../src/fulfilment/fulfilment-relay';
import { OutboxMessage } from '../src/fulfilment/outbox-message.entity';
import { Order } from '../src/orders/order.entity';
import { OrderEvent } from '../src/orders/order-event.entity';
import { Payment } from '../src/payments/payment.entity';
import { PaymentSettlement } from '../src/payments/payment-settlement';
import { PaymentReconciliation } from '../src/payments/payment-reconciliation';
import { PAYMENT_PROVIDERS, type PaymentProviderMap } from '../src/payments/providers/payment-provider';
import { Refund } from '../src/refunds/refund.entity';
import { RefundsService } from '../src/refunds/refunds.service';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { WebhookSweeper } from '../src/webhooks/webhook-sweeper';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

/**
 * Money safety, second pass: each scenario was seen losing an event, taking money twice or keeping money
 * without a way back; each test here failed before its fix. Runs on SQLite and, with TEST_DATABASE_URL, on
 * PostgreSQL (where the concurrent-settlement race is real).
 */
const HOUR = 3600_000;

async function timelineOf(stack: Stack, orderId: string): Promise<OrderEvent[]> {
  return stack.db.getRepository(OrderEvent).find({ where: { orderId }, order: { at: 'ASC', id: 'ASC' } });
}

function signedAdyen(stack: Stack, item: Omit<AdyenNotificationRequestItem, 'additionalData' | 'merchantAccountCode' | 'eventDate'>) {
  const full = {
    merchantAccountCode: stack.config.ADYEN_MERCHANT_ACCOUNT,
    eventDate: new Date().toISOString(),
    additionalData: {},
    ...item,
  } as AdyenNotificationRequestItem;
  full.additionalData = { hmacSignature: adyenNotificationHmac(stack.config.ADYEN_HMAC_KEYS[0], full) };
  return call(stack.apiUrl, 'POST', '/webhooks/adyen', { body: { live: 'false', notificationItems: [{ NotificationRequestItem: full }] } });
}

describe('money safety (intents)', () => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack({ WEBHOOK_RETENTION_DAYS: '1' });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
    shopper = await new Shopper(stack).login();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    call(stack.apiUrl, method, path, { body, headers: { 'x-admin-key': stack.config.ADMIN_API_KEY } });
  const fault = (body: Record<string, unknown>) => call(stack.sandbox.url, 'POST', '/__sandbox/faults', { body });

  async function placedAndPaying(quantity = 1): Promise<OrderDto> {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity }]);
    await shopper.pay(order.id);
    return order;
  }

  describe('1. a notification whose processing failed is not lost', () => {
    it('the redelivery of an unprocessed event processes it, and the timeline shows each attempt', async () => {
      const order = await placedAndPaying();
      // Every query of the first delivery fails (3 tries with PROVIDER_MAX_RETRIES=2): it is answered 503.
      await fault({ scope: 'intents', operation: 'query', mode: 'fail', status: 503, count: 3 });
      await shopper.act(order.merchantOrderId, 'approve');
      // No reconciliation runs in this stack (JOBS_ENABLED=false): only the redelivery can pay the order.
      await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID by the redelivery');
      const summaries = (await timelineOf(stack, order.id)).map((e) => e.summary);
      expect(summaries.some((s) => /processing attempt 1 \(delivery\)/.test(s))).toBe(true);
      expect(summaries.some((s) => /processing attempt 1 of .* failed/.test(s))).toBe(true);
      expect(summaries.some((s) => /processing attempt 2 \(delivery\)/.test(s))).toBe(true);
      const [row] = await stack.db.getRepository(WebhookEvent).find({ where: { paymentReference: `${order.merchantOrderId}-1` } });
      expect(row.processedAt).not.toBeNull();
      expect(row.attempts).toBe(2);
    });

    it('the sweeper processes an event the provider never delivers again', async () => {
      const order = await placedAndPaying();
      await fault({ scope: 'intents', operation: 'query', mode: 'fail', status: 503 }); // until cleared: every delivery fails
      await shopper.act(order.merchantOrderId, 'approve');
      await stack.sandbox.notificationsIdle();
      expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
      await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');

      await stack.app.get(WebhookSweeper).tick(new Date(Date.now() + HOUR));
      expect((await shopper.order(order.id)).status).toBe('PAID');
      const summaries = (await timelineOf(stack, order.id)).map((e) => e.summary);
      expect(summaries.some((s) => /processing attempt \d+ \(sweep\)/.test(s))).toBe(true);
      expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    });

    it('a failed event waits for its backoff: a sweep before it is due leaves it alone', async () => {
      const order = await placedAndPaying();
      await fault({ scope: 'intents', operation: 'query', mode: 'fail', status: 503 });
      await shopper.act(order.merchantOrderId, 'approve');
      await stack.sandbox.notificationsIdle();
      await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
      const [row] = await stack.db.getRepository(WebhookEvent).find({ where: { paymentReference: `${order.merchantOrderId}-1` } });
      expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
      await stack.app.get(WebhookSweeper).tick(new Date(row.nextAttemptAt!.getTime() - 1));
      expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
      await stack.app.get(WebhookSweeper).tick(new Date(row.nextAttemptAt!.getTime() + 1));
      expect((await shopper.order(order.id)).status).toBe('PAID');
    });
  });

  describe('2. a mismatched payment puts the order in review', () => {
    it('no second payment is taken (409 ORDER_IN_REVIEW) and the mismatched payment can be refunded by id', async () => {
      const order = await placedAndPaying(2);
      const taken = order.amount.value - 1;
      await shopper.act(order.merchantOrderId, 'approve', { amount: { value: taken, currency: order.amount.currency } });
      const flagged = await shopper.waitForOrder(order.id, (o) => o.inReview, 'order in review');
      expect(flagged.status).toBe('PENDING_PAYMENT');
      expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 409, 'ORDER_IN_REVIEW');

      // The order itself is not refundable (it was never paid) …
      expectError(await admin('POST', `/admin/orders/${order.id}/refunds`, { reason: 'wrong amount' }), 409, 'ORDER_NOT_REFUNDABLE');
      // … but the payment that took money is, up to what it took.
      const paymentId = flagged.latestPayment!.id;
      expectError(
        await admin('POST', `/admin/orders/${order.id}/refunds`, { paymentId, amount: taken + 1, reason: 'too much' }),
        422,
        'REFUND_EXCEEDS_PAID_AMOUNT',
      );
      const refund = await admin('POST', `/admin/orders/${order.id}/refunds`, { paymentId, reason: 'wrong amount taken' });
      expect(refund.status).toBe(201);
      expect(RefundDto.parse(refund.body)).toMatchObject({ paymentId, amount: { value: taken, currency: order.amount.currency } });
      const after = await shopper.waitForOrder(order.id, (o) => o.refunds.some((r) => r.status === 'SUCCEEDED'), 'refund of the mismatched payment settled');
      expect(after.status).toBe('PENDING_PAYMENT');
      expect(after.refundedAmount.value).toBe(0);
    });

    it('a payment reported succeeded without an amount is not PAID: the order goes to review', async () => {
      const order = await placedAndPaying();
      const payment = await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });
      const result = await stack.app.get(PaymentSettlement).settle(payment, { found: true, status: 'SUCCEEDED' }, 'notification');
      expect(result).toMatchObject({ orderPaid: false, flaggedForReview: true });
      const after = await shopper.order(order.id);
      expect(after.status).toBe('PENDING_PAYMENT');
      expect(after.inReview).toBe(true);
    });

    it('a success without an amount is confirmed by a query before the order is PAID', async () => {
      await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { scope: 'intents', mode: 'drop', count: 1 } });
      const order = await placedAndPaying();
      await shopper.act(order.merchantOrderId, 'approve'); // its notification is dropped
      const payment = await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });
      const provider = stack.app.get<PaymentProviderMap>(PAYMENT_PROVIDERS).get('intents')!;
      const result = await stack.app.get(PaymentSettlement).settleVerified(provider, payment, { found: true, status: 'SUCCEEDED' }, 'client_result');
      expect(result).toMatchObject({ orderPaid: true, flaggedForReview: false });
      const after = await shopper.order(order.id);
      expect(after).toMatchObject({ status: 'PAID', inReview: false });
      expect((await stack.db.getRepository(Payment).findOneByOrFail({ id: payment.id })).capturedValue).toBe(order.amount.value);
    });

    it('two attempts settling SUCCEEDED at the same moment: one pays the order, the other is flagged for refund', async () => {
      for (let round = 0; round < 5; round++) {
        const order = await placedAndPaying();
        const payments = stack.db.getRepository(Payment);
        const first = await payments.findOneByOrFail({ orderId: order.id });
        const second: Payment = { ...first, id: randomUUID(), attempt: 2, reference: `${order.merchantOrderId}-2`, providerPaymentId: null };
        await payments.insert(second);
        const settlement = stack.app.get(PaymentSettlement);
        const verdict = { found: true, status: 'SUCCEEDED' as const, amount: order.amount };
        const results = await Promise.all([settlement.settle(first, verdict, 'notification'), settlement.settle(second, verdict, 'reconciliation')]);
        expect(results.filter((r) => r.orderPaid)).toHaveLength(1);
        expect(results.filter((r) => r.flaggedForReview)).toHaveLength(1);
        const after = await stack.db.getRepository(Order).findOneByOrFail({ id: order.id });
        expect(after.status).toBe('PAID');
        expect(after.reviewReason).toMatch(/second successful payment/);
        expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
      }
    });
  });

  describe('4. notifications are matched by provider', () => {
    it('an Adyen notification naming an intents payment changes nothing', async () => {
      const order = await placedAndPaying();
      const reply = await signedAdyen(stack, {
        eventCode: 'AUTHORISATION',
        success: 'true',
        pspReference: 'FORGEDACROSS0001',
        merchantReference: `${order.merchantOrderId}-1`,
        amount: order.amount,
      });
      expect(reply.status).toBe(200);
      const after = await shopper.order(order.id);
      expect(after.status).toBe('PENDING_PAYMENT');
      expect(after.latestPayment?.status).toBe('PENDING');
    });
  });

  describe('5. refunds', () => {
    it('a refund whose create failed is sent again under the same reference by reconciliation, not left PENDING', async () => {
      const order = await placedAndPaying(2);
      await shopper.act(order.merchantOrderId, 'approve');
      await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
      await fault({ scope: 'intents', operation: 'refund', mode: 'fail', status: 503, count: 10 });
      const created = await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 100, reason: 'outage' });
      expect(created.status).toBe(201);
      expect(RefundDto.parse(created.body).status).toBe('PENDING');
      await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');

      const report = await stack.app.get(RefundsService).reconcilePending(new Date(Date.now() + HOUR));
      expect(report.queried).toBe(1);
      const refunded = await shopper.waitForOrder(
        order.id,
        (o) => o.status === 'PARTIALLY_REFUNDED' && o.refundedAmount.value === 100,
        'refund settled after resend',
      );
      expect(refunded.refunds).toHaveLength(1);
      const refundCalls = (await call(stack.sandbox.url, 'GET', '/__sandbox/calls?scope=intents&operation=refund')).body as unknown[];
      expect(refundCalls.length).toBeGreaterThanOrEqual(2);
    });

    it('refund reconciliation claims a row once per round and backs off', async () => {
      const order = await placedAndPaying();
      await shopper.act(order.merchantOrderId, 'approve');
      await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
      await fault({ scope: 'intents', operation: 'refund', mode: 'fail', status: 503, count: 10 });
      await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: 100, reason: 'outage' });
      await fault({ scope: 'intents', operation: '*', mode: 'fail', status: 503 });
      const refunds = stack.app.get(RefundsService);
      const at = new Date(Date.now() + HOUR);
      const [a, b] = await Promise.all([refunds.reconcilePending(at), refunds.reconcilePending(at)]);
      expect(a.queried + b.queried).toBe(1);
      const row = await stack.db.getRepository(Refund).findOneByOrFail({ orderId: order.id });
      expect(row.status).toBe('PENDING');
      expect(row.nextQueryAt!.getTime()).toBeGreaterThan(at.getTime());
      expect((await refunds.reconcilePending(at)).queried).toBe(0);
    });
  });

  describe('6. fair jobs', () => {
    it('100 outbox messages that keep failing do not block one that can be delivered', async () => {
      const outbox = stack.db.getRepository(OutboxMessage);
      const base = Date.now() - HOUR;
      const bad: OutboxMessage[] = Array.from({ length: 100 }, (_, i) => ({
        id: randomUUID(),
        topic: 'order.paid',
        orderId: randomUUID(),
        payload: { poison: true },
        createdAt: new Date(base + i),
        claimedUntil: null,
        deliveredAt: null,
        attempts: 0,
        nextAttemptAt: new Date(base + i),
        lastError: null,
      }));
      const good: OutboxMessage = {
        ...bad[0],
        id: randomUUID(),
        orderId: randomUUID(),
        payload: {},
        createdAt: new Date(base + 1000),
        nextAttemptAt: new Date(base + 1000),
      };
      await outbox.save([...bad, good]);
      const handler = stack.app.get(FulfilmentHandler);
      const original = handler.handle.bind(handler);
      const spy = jest.spyOn(handler, 'handle').mockImplementation(async (manager, message) => {
        if ((message.payload as { poison?: boolean }).poison) throw new Error('poison message');
        return original(manager, message);
      });
      try {
        const relay = stack.app.get(FulfilmentRelay);
        for (let round = 0; round < 3; round++) await relay.drain(new Date());
      } finally {
        spy.mockRestore();
      }
      expect((await outbox.findOneByOrFail({ id: good.id })).deliveredAt).not.toBeNull();
      const failing = await outbox.findOneByOrFail({ id: bad[0].id });
      expect(failing.deliveredAt).toBeNull();
      expect(failing.lastError).toBe('poison message');
      expect(failing.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
      await outbox.delete(bad.map((m) => m.id));
    });

    it('100 expired orders whose provider keeps failing do not block one that can be closed', async () => {
      const orders = stack.db.getRepository(Order);
      const payments = stack.db.getRepository(Payment);
      const template = await placedAndPaying();
      const row = await orders.findOneByOrFail({ id: template.id });
      const payment = await payments.findOneByOrFail({ orderId: template.id });
      const past = Date.now() - HOUR;
      const bad: Order[] = [];
      for (let i = 0; i < 100; i++) {
        const id = randomUUID();
        bad.push({
          ...row,
          id,
          merchantOrderId: `MPX${String(i).padStart(3, '0')}${randomUUID().slice(0, 8)}`,
          idempotencyKey: null,
          expiresAt: new Date(past + i),
          updatedAt: new Date(past),
        });
      }
      await orders.insert(bad);
      await payments.insert(bad.map((o) => ({ ...payment, id: randomUUID(), orderId: o.id, reference: `${o.merchantOrderId}-1` })));
      const good: Order = {
        ...row,
        id: randomUUID(),
        merchantOrderId: `MPG${randomUUID().slice(0, 12)}`,
        idempotencyKey: null,
        expiresAt: new Date(past + 1000),
        updatedAt: new Date(past),
      };
      await orders.insert(good);
      await fault({ scope: 'intents', operation: 'cancel', mode: 'fail', status: 400 });
      await fault({ scope: 'intents', operation: 'query', mode: 'fail', status: 400 });
      const reconciliation = stack.app.get(PaymentReconciliation);
      const now = new Date();
      for (let round = 0; round < 5; round++) await reconciliation.expireOrders(now);
      expect((await orders.findOneByOrFail({ id: good.id })).status).toBe('CLOSED');
      expect((await orders.findOneByOrFail({ id: bad[0].id })).status).toBe('PENDING_PAYMENT');
      await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
      // Out of the way of the other tests in this stack.
      await payments.update({ orderId: In(bad.map((o) => o.id)) }, { status: 'CANCELLED' });
      await orders.update({ id: In(bad.map((o) => o.id)) }, { status: 'CLOSED' });
    });
  });

  describe('10. retention', () => {
    it('raw notification bodies are pruned after WEBHOOK_RETENTION_DAYS; the row keeps its identity and outcome', async () => {
      const order = await placedAndPaying();
      await shopper.act(order.merchantOrderId, 'approve');
      await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
      await stack.sandbox.notificationsIdle();
      const inbox = stack.db.getRepository(WebhookEvent);
      const [before] = await inbox.find({ where: { paymentReference: `${order.merchantOrderId}-1` } });
      expect(before.rawBody).toBeTruthy();
      const sweeper = stack.app.get(WebhookSweeper);
      await sweeper.prune(new Date(Date.now() + 12 * HOUR));
      expect((await inbox.findOneByOrFail({ id: before.id })).rawBody).toBeTruthy();
      expect(await sweeper.prune(new Date(Date.now() + 25 * HOUR))).toBeGreaterThanOrEqual(1);
      const after = await inbox.findOneByOrFail({ id: before.id });
      expect(after.rawBody).toBeNull();
      expect(after).toMatchObject({ eventKey: before.eventKey, outcome: before.outcome, provider: before.provider });
      expect(after.processedAt).not.toBeNull();
    });
  });
});

describe('money safety (Adyen)', () => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    // Adyen decides cancels (and refunds) 2 s after accepting them: time for the shopper to pay meanwhile.
    stack = await startStack({ PAYMENT_PROVIDER: 'adyen' }, { refundSettleDelayMs: 2000 });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
    shopper = await new Shopper(stack).login();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    call(stack.apiUrl, method, path, { body, headers: { 'x-admin-key': stack.config.ADMIN_API_KEY } });

  async function paidOrder(quantity = 2): Promise<OrderDto> {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    return shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'order PAID');
  }

  it('2. a second payment (the shopper paid a closed attempt too) puts a PAID order in review; that payment is refunded by id', async () => {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    // The shopper leaves the sheet: the API closes attempt 1 at Adyen, which decides that later …
    const left = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' });
    expect(left.status).toBe(200);
    // … and meanwhile the shopper did pay attempt 1; its AUTHORISATION is delayed.
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { scope: 'adyen', mode: 'delay', count: 1, delayMs: 1500 } });
    expect((await shopper.act(order.merchantOrderId, 'approve')).status).toBe(200);
    // Attempt 2 is paid too.
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID by attempt 2');
    const flagged = await shopper.waitForOrder(order.id, (o) => o.inReview, 'second payment flagged');
    expect(flagged.status).toBe('PAID');

    const payments = await stack.db.getRepository(Payment).find({ where: { orderId: order.id }, order: { attempt: 'ASC' } });
    expect(payments.map((p) => p.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const dbOrder = await stack.db.getRepository(Order).findOneByOrFail({ id: order.id });
    expect(dbOrder.payingPaymentId).toBe(payments[1].id);

    const refund = await admin('POST', `/admin/orders/${order.id}/refunds`, { paymentId: payments[0].id, reason: 'paid twice' });
    expect(refund.status).toBe(201);
    const after = await shopper.waitForOrder(
      order.id,
      (o) => o.refunds.some((r) => r.paymentId === payments[0].id && r.status === 'SUCCEEDED'),
      'second payment refunded',
    );
    // The order stays paid by attempt 2, with nothing of its own amount refunded.
    expect(after.status).toBe('PAID');
    expect(after.refundedAmount.value).toBe(0);
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
  });

  async function refundOf(order: OrderDto, amount: number): Promise<Refund> {
    const reply = await admin('POST', `/admin/orders/${order.id}/refunds`, { amount, reason: 'partial' });
    expect(reply.status).toBe(201);
    return stack.db.getRepository(Refund).findOneByOrFail({ id: reply.body.id });
  }

  function refundEvent(refund: Refund, payment: Payment, eventCode: string, success = 'true') {
    return signedAdyen(stack, {
      eventCode,
      success,
      pspReference: refund.providerRefundId!,
      originalReference: payment.providerPaymentId!,
      merchantReference: refund.reference,
      amount: { value: refund.amountValue, currency: refund.currency },
    } as AdyenNotificationRequestItem);
  }

  it('5. REFUNDED_REVERSED after a successful refund moves the refund and the order back', async () => {
    const order = await paidOrder();
    const refund = await refundOf(order, 100);
    await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED', 'refund settled');
    const payment = await stack.db.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    expect((await refundEvent(refund, payment, 'REFUNDED_REVERSED')).status).toBe(200);
    const after = await shopper.order(order.id);
    expect(after).toMatchObject({ status: 'PAID', refundedAmount: { value: 0 } });
    expect(after.refunds[0].status).toBe('REVERSED');
    // The whole amount can be refunded again.
    const again = await admin('POST', `/admin/orders/${order.id}/refunds`, { reason: 'all of it' });
    expect(RefundDto.parse(again.body).amount.value).toBe(order.amount.value);
  });

  it('5. REFUND_FAILED after a successful refund moves it back; a later success is applied once and not refundable again', async () => {
    const order = await paidOrder();
    const refund = await refundOf(order, 100);
    await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED', 'refund settled');
    const payment = await stack.db.getRepository(Payment).findOneByOrFail({ id: refund.paymentId });
    expect((await refundEvent(refund, payment, 'REFUND_FAILED')).status).toBe(200);
    let after = await shopper.order(order.id);
    expect(after).toMatchObject({ status: 'PAID', refundedAmount: { value: 0 } });
    expect(after.refunds[0].status).toBe('FAILED');

    // The provider reports it succeeded after all (e.g. its refund query says so): applied, and its amount is
    // taken again, so it cannot be refunded a second time.
    const refunds = stack.app.get(RefundsService);
    const adyen = stack.app.get<PaymentProviderMap>(PAYMENT_PROVIDERS).get('adyen')!;
    const failed = await stack.db.getRepository(Refund).findOneByOrFail({ id: refund.id });
    const outcome = await refunds.applyEvent(adyen, failed, {
      kind: 'refund',
      eventKey: 'late-success',
      providerRefundId: refund.providerRefundId!,
      status: 'SUCCEEDED',
    });
    expect(outcome).toBe('refund SUCCEEDED');
    after = await shopper.order(order.id);
    expect(after.refunds[0].status).toBe('SUCCEEDED');
    expect(after).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedAmount: { value: 100 } });
    expectError(
      await admin('POST', `/admin/orders/${order.id}/refunds`, { amount: order.amount.value, reason: 'too much' }),
      422,
      'REFUND_EXCEEDS_PAID_AMOUNT',
    );
  });
});
