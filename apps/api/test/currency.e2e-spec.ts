import type { ProviderName } from '@minipay/contracts';
import { Product } from '../src/catalog/product.entity';
import type { SandboxAttempt } from './conformance/provider-kits';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

/**
 * Amounts reach each provider in ITS unit for every kind of currency (docs/providers.md §7): two-decimal, zero-decimal,
 * the ones a provider counts differently from ISO 4217 (TWD and IDR at the intents provider, IDR at Adyen) and
 * three-decimal ones. What a provider cannot take exactly is 422 CURRENCY_NOT_SUPPORTED before any provider call.
 */
interface Case {
  currency: string;
  /** Catalog price in our (ISO 4217) minor units. */
  price: number;
  /** The amount the provider received, in its own minor units (the sandbox's view). */
  atProvider?: number;
}

const CASES: Record<'intents' | 'adyen', { accepted: Case[]; refused: Case[] }> = {
  intents: {
    accepted: [
      { currency: 'HKD', price: 1250, atProvider: 1250 },
      { currency: 'TWD', price: 1200, atProvider: 12 }, // 12.00 TWD is "12": it used to be sent as "1200"
      { currency: 'IDR', price: 1_500_000, atProvider: 15_000 }, // 15,000.00 rupiah
      { currency: 'JPY', price: 500, atProvider: 500 },
      { currency: 'KRW', price: 12_000, atProvider: 12_000 },
    ],
    refused: [
      { currency: 'TWD', price: 1250 }, // 12.50 TWD: the provider counts whole dollars
      { currency: 'IDR', price: 12_345 },
      { currency: 'KWD', price: 1234 }, // three decimals: not offered by this provider
      { currency: 'BHD', price: 5000 },
      { currency: 'CLP', price: 1000 }, // an ISO currency the provider's table does not list
    ],
  },
  adyen: {
    accepted: [
      { currency: 'HKD', price: 1250, atProvider: 1250 },
      { currency: 'TWD', price: 1250, atProvider: 1250 },
      { currency: 'IDR', price: 1_500_000, atProvider: 15_000 }, // Adyen counts whole rupiah
      { currency: 'JPY', price: 500, atProvider: 500 },
      { currency: 'KWD', price: 1234, atProvider: 1234 },
      { currency: 'JOD', price: 990, atProvider: 990 },
    ],
    refused: [
      { currency: 'IDR', price: 12_345 },
      { currency: 'CLP', price: 1000 },
    ],
  },
};

describe.each(['intents', 'adyen'] as const)('currencies through %s', (provider: ProviderName & keyof typeof CASES) => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack({ PAYMENT_PROVIDER: provider, CATALOG_CACHE_MS: '0' });
    const all = [...CASES[provider].accepted, ...CASES[provider].refused];
    await stack.db.getRepository(Product).insert(
      all.map((c, i) => ({
        id: productId(c),
        name: `${c.currency} item`,
        description: 'priced in another currency',
        imageUrl: null,
        priceValue: c.price,
        currency: c.currency,
        active: true,
        sortOrder: 100 + i,
      })),
    );
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    shopper = await new Shopper(stack).login();
  });

  const productId = (c: Case) => `fx-${c.currency.toLowerCase()}-${c.price}`;
  const attemptsOf = async (merchantOrderId: string): Promise<SandboxAttempt[]> =>
    (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${merchantOrderId}`)).body.attempts;
  const createCalls = async (): Promise<unknown[]> => (await call(stack.sandbox.url, 'GET', `/__sandbox/calls?scope=${provider}&operation=create`)).body;

  it.each(CASES[provider].accepted)('$currency $price (minor units) reaches the provider as $atProvider and is PAID', async (c) => {
    const order = await shopper.placeOrder([{ productId: productId(c), quantity: 1 }]);
    expect(order.amount).toEqual({ value: c.price, currency: c.currency });
    await shopper.pay(order.id);
    const [attempt] = await attemptsOf(order.merchantOrderId);
    expect(attempt.amount).toEqual({ value: c.atProvider, currency: c.currency });
    await shopper.act(order.merchantOrderId, 'approve');
    // The provider's verdict carries the amount in its unit; read back exactly, it matches the order.
    const paid = await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', `${c.currency} order PAID`);
    expect(paid.amount).toEqual({ value: c.price, currency: c.currency });
  });

  it.each(CASES[provider].refused)('$currency $price: /pay is 422 CURRENCY_NOT_SUPPORTED and nothing is sent to the provider', async (c) => {
    const order = await shopper.placeOrder([{ productId: productId(c), quantity: 1 }]);
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/calls');
    const reply = await shopper.api('POST', `/orders/${order.id}/pay`);
    expectError(reply, 422, 'CURRENCY_NOT_SUPPORTED');
    expect(reply.body.error.message).toContain(c.currency);
    expect(await createCalls()).toEqual([]);
    expect((await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).status).toBe(404);
    // No attempt is created at all (nothing to query later); asking again gives the same answer.
    expect(await shopper.order(order.id)).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: null });
    expectError(await shopper.api('POST', `/orders/${order.id}/pay`), 422, 'CURRENCY_NOT_SUPPORTED');
    expect(await createCalls()).toEqual([]);
  });

  it('a refund is converted the same way: a fraction the provider cannot hold is 422, a whole-unit refund goes through', async () => {
    const c = provider === 'intents' ? { currency: 'TWD', price: 1200 } : { currency: 'IDR', price: 1_500_000 };
    const order = await shopper.placeOrder([{ productId: productId(c), quantity: 1 }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
    const refund = (amount: number) =>
      call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/refunds`, {
        body: { amount, reason: 'currency test' },
        headers: { 'x-admin-key': stack.config.ADMIN_API_KEY },
      });
    // 0.50 TWD / 0.50 IDR: no whole unit at the provider.
    expectError(await refund(50), 422, 'CURRENCY_NOT_SUPPORTED');
    expect((await refund(100)).status).toBe(201);
    const refunded = await shopper.waitForOrder(order.id, (o) => o.status === 'PARTIALLY_REFUNDED', 'the whole-unit refund settled');
    expect(refunded.refundedAmount).toEqual({ value: 100, currency: c.currency });
    const [attempt] = (await call(stack.sandbox.url, 'GET', `/__sandbox/payments/${order.merchantOrderId}`)).body.attempts;
    expect(attempt.refunds).toHaveLength(1);
    expect(attempt.refunds[0].amount).toEqual({ value: 1, currency: c.currency });
  });
});
