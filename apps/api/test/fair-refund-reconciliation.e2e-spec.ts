import { randomUUID } from 'node:crypto';
import { ProviderUnavailableError } from '../src/common/errors/provider-errors';
import { Payment } from '../src/payments/payment.entity';
import { PAYMENT_PROVIDERS, type PaymentProviderMap } from '../src/payments/providers/payment-provider';
import { Refund } from '../src/refunds/refund.entity';
import { RefundsService } from '../src/refunds/refunds.service';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

/**
 * Money safety item 6 for refund reconciliation: 100 pending refunds whose provider query keeps failing do not
 * block one that the provider can settle (each failing row is claimed and pushed back with its own backoff).
 */
describe('refund reconciliation is fair', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('100 refunds that keep failing do not block one that can be settled', async () => {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 2 }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
    const payment = await stack.db.getRepository(Payment).findOneByOrFail({ orderId: order.id });

    const past = Date.now() - 3600_000;
    const row = (reference: string, dueAt: number): Refund => ({
      id: randomUUID(),
      orderId: order.id,
      paymentId: payment.id,
      reference,
      providerRefundId: `PR-${reference}`,
      status: 'PENDING',
      amountValue: 1,
      currency: order.amount.currency,
      reason: 'fairness',
      idempotencyKey: null,
      requestHash: null,
      failureReason: null,
      nextQueryAt: new Date(dueAt),
      queryAttempts: 0,
      createdAt: new Date(past),
      updatedAt: new Date(past),
    });
    const bad = Array.from({ length: 100 }, (_, i) => row(`BAD-${i}-${randomUUID().slice(0, 8)}`, past + i));
    const good = row(`GOOD-${randomUUID().slice(0, 8)}`, past + 1000);
    await stack.db.getRepository(Refund).insert([...bad, good]);

    const intents = stack.app.get<PaymentProviderMap>(PAYMENT_PROVIDERS).get('intents')!;
    const spy = jest.spyOn(intents, 'queryRefund').mockImplementation(async (locator) => {
      if (locator.refundReference.startsWith('BAD-')) throw new ProviderUnavailableError('intents.refund_query', 503);
      return { status: 'SUCCEEDED', providerRefundId: locator.providerRefundId ?? undefined };
    });
    try {
      const refunds = stack.app.get(RefundsService);
      const now = new Date();
      // Batches of 25: the good refund is reached by the fifth round at the latest, however the bad ones fail.
      for (let round = 0; round < 5; round++) await refunds.reconcilePending(now);
    } finally {
      spy.mockRestore();
    }
    const repo = stack.db.getRepository(Refund);
    expect((await repo.findOneByOrFail({ id: good.id })).status).toBe('SUCCEEDED');
    const failing = await repo.findOneByOrFail({ id: bad[0].id });
    expect(failing.status).toBe('PENDING');
    expect(failing.queryAttempts).toBe(1);
    expect(failing.nextQueryAt!.getTime()).toBeGreaterThan(Date.now());
  });
});
