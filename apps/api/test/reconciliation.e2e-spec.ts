import { Payment } from '../src/payments/payment.entity';
import { PaymentReconciliation } from '../src/payments/payment-reconciliation';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

describe('reconciliation and expiry', () => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack({ JOBS_ENABLED: 'true', RECONCILE_AFTER_SECONDS: '1', RECONCILE_INTERVAL_MS: '200' });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/faults');
    shopper = await new Shopper(stack).login();
  });

  async function pendingOrder() {
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    return order;
  }

  it('settles a paid order whose notifications were all dropped', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop' } });
    const order = await pendingOrder();
    await shopper.act(order.merchantOrderId, 'approve');
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'reconciliation to settle the order');
    expect(paid.latestPayment?.status).toBe('SUCCEEDED');
  });

  it('closes an unpaid order past its TTL, at the provider first', async () => {
    const order = await pendingOrder();
    const service = stack.app.get(PaymentReconciliation);
    const report = await service.expireOrders(new Date(Date.now() + stack.config.ORDER_TTL_SECONDS * 1000 + 1000));
    expect(report.closed).toBeGreaterThanOrEqual(1);
    expect((await shopper.order(order.id)).status).toBe('CLOSED');
    const { attempts } = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body;
    expect(attempts[0].status).toBe('CANCELLED');
    expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 409, 'ORDER_CLOSED');
  });

  it('does not close early: an order inside its TTL stays payable', async () => {
    const order = await pendingOrder();
    await stack.app.get(PaymentReconciliation).expireOrders(new Date());
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
  });

  it('an expiring order that the provider reports paid becomes PAID, not CLOSED', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop' } });
    const order = await pendingOrder();
    await shopper.act(order.merchantOrderId, 'approve');
    const report = await stack.app.get(PaymentReconciliation).expireOrders(new Date(Date.now() + stack.config.ORDER_TTL_SECONDS * 1000 + 1000));
    expect(report.paidMeanwhile).toBe(1);
    expect((await shopper.order(order.id)).status).toBe('PAID');
  });

  it('concurrent reconciliation rounds query each due payment once', async () => {
    await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop' } });
    const order = await pendingOrder();
    const service = stack.app.get(PaymentReconciliation);
    const later = new Date(Date.now() + 5000);
    await Promise.all([service.reconcilePending(later), service.reconcilePending(later), service.reconcilePending(later)]);
    const payment = await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });
    expect(payment.queryAttempts).toBe(1);
    // The next round is pushed back (backoff), so an immediate second pass does not query it again.
    await service.reconcilePending(later);
    expect((await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id })).queryAttempts).toBe(1);
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
  });
});
