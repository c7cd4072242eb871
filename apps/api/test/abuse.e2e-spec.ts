import { SessionTokens } from '../src/auth/session-token';
import { User } from '../src/auth/user.entity';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

describe('rate limits on login, order creation and pay', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ THROTTLE_LOGIN_PER_MINUTE: '3', THROTTLE_ORDERS_PER_MINUTE: '2', THROTTLE_PAY_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 429 RATE_LIMITED past the login budget', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: `nope-${i}` } })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expectError(await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'nope' } }), 429, 'RATE_LIMITED');
  });

  it('limits order creation and pay per session, without touching other endpoints', async () => {
    const shopper = new Shopper(stack);
    // Logging in is over budget for this client now; mint a token through the service instead.
    const user = { id: '00000000-0000-4000-8000-000000000001', openid: 'o-abuse', sessionKey: null, createdAt: new Date(), updatedAt: new Date() };
    await stack.db.getRepository(User).insert(user);
    shopper.token = stack.app.get(SessionTokens).issue(user.id).token;
    const [product] = await shopper.products();
    const first = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.placeOrder([{ productId: product.id, quantity: 2 }]);
    expectError(await shopper.api('POST', '/orders', { items: [{ productId: product.id, quantity: 3 }] }), 429, 'RATE_LIMITED');
    expect((await shopper.api('GET', '/orders')).status).toBe(200);
    expect((await shopper.api('POST', `/orders/${first.id}/pay`)).status).toBe(200);
    expect((await shopper.api('POST', `/orders/${first.id}/pay`)).status).toBe(200);
    expectError(await shopper.api('POST', `/orders/${first.id}/pay`), 429, 'RATE_LIMITED');
  });
});
