import { signIntentsNotification } from '@minipay/sandbox';
import { OutboxMessage } from '../src/fulfilment/outbox-message.entity';
import { OrderEvent } from '../src/orders/order-event.entity';
import { call } from './support/http';
import { startSecondInstance } from './support/second-instance';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

/**
 * Two API instances on one PostgreSQL database (run by .ci/run with TEST_DATABASE_URL): the way the API scales
 * out. Both run the background jobs (reconciliation, outbox relay).
 */
describe('two API instances on one PostgreSQL', () => {
  let stack: Stack;
  let second: Awaited<ReturnType<typeof startSecondInstance>>;

  beforeAll(async () => {
    if (!process.env.TEST_DATABASE_URL) throw new Error('set TEST_DATABASE_URL=postgres://… to run the multi-instance suite');
    stack = await startStack({ JOBS_ENABLED: 'true', OUTBOX_POLL_MS: '100', RECONCILE_AFTER_SECONDS: '1', RECONCILE_INTERVAL_MS: '200' });
    second = await startSecondInstance(stack);
  });
  afterAll(async () => {
    await second?.app.close();
    await stack?.close();
  });

  it('50 concurrent copies of one notification split across both → one PAID, one outbox row, one fulfilment, all 2xx', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop', count: 1 } });
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    const approved = (await shopper.act(order.merchantOrderId, 'approve')).body;
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    const body = JSON.stringify({ notify_type: 'payment_success', data: { order_id: attempts[0].providerId, merchant_order_id: approved.providerReference } });
    const headers = { 'content-type': 'application/json', ...signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body) };

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(i % 2 === 0 ? stack.apiUrl : second.url, 'POST', '/webhooks/intents', { rawBody: body, headers })),
    );
    expect(replies.every((r) => r.status >= 200 && r.status < 300)).toBe(true);

    await shopper.waitForOrder(order.id, (o) => o.status === 'FULFILLED', 'fulfilment by one of the relays');
    await new Promise((resolve) => setTimeout(resolve, 500)); // give both relays a few more rounds
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(1);
    expect(await stack.db.getRepository(OrderEvent).countBy({ orderId: order.id, type: 'fulfilment' })).toBe(1);
    expect(await stack.db.getRepository(OutboxMessage).countBy({ orderId: order.id })).toBe(1);
  });

  it('both reconcilers together settle a paid order whose notifications were dropped, querying it without a storm', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop' } });
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/calls');
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'FULFILLED', 'reconciliation + fulfilment');
    const queries = (await call(stack.sandbox.url, 'GET', '/__sandbox/calls?scope=intents&operation=query')).body;
    expect(queries.length).toBeLessThanOrEqual(2);
    const events = await stack.db.getRepository(OrderEvent).findBy({ orderId: order.id, type: 'fulfilment' });
    expect(events).toHaveLength(1);
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
  });
});
