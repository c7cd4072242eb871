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

describe('rate limits that hold (issue 9, item 7)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ THROTTLE_LOGIN_PER_MINUTE: '30', THROTTLE_ORDERS_PER_MINUTE: '2', THROTTLE_PAY_RESULT_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('limits 40 logins from one client even when each carries a different made-up Authorization header', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const reply = await call(stack.apiUrl, 'POST', '/auth/login', {
        body: { code: `made-up-${i}` },
        headers: { authorization: `Bearer made-up-token-${i}` },
      });
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual(Array(10).fill(429));
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set (a forged header is no fresh budget)', async () => {
    const reply = await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'nope' }, headers: { 'x-forwarded-for': '198.51.100.1' } });
    expectError(reply, 429, 'RATE_LIMITED');
  });

  it('keys authenticated routes on the verified user: two shoppers behind one IP have a budget each, forged tokens get 401', async () => {
    const users = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    const shoppers = await Promise.all(
      users.map(async (id) => {
        await stack.db.getRepository(User).insert({ id, openid: `o-${id}`, sessionKey: null, createdAt: new Date(), updatedAt: new Date() });
        const shopper = new Shopper(stack);
        shopper.token = stack.app.get(SessionTokens).issue(id).token;
        return shopper;
      }),
    );
    const [product] = await shoppers[0].products();
    const items = [{ productId: product.id, quantity: 1 }];
    const a = await shoppers[0].placeOrder(items);
    await shoppers[0].placeOrder(items);
    expectError(await shoppers[0].api('POST', '/orders', { items }), 429, 'RATE_LIMITED');
    await shoppers[1].placeOrder(items);
    // A made-up token is refused before it could count anywhere.
    expectError(await call(stack.apiUrl, 'POST', '/orders', { token: 'made.up', body: { items } }), 401, 'UNAUTHENTICATED');

    // pay/result queries the provider on every call: limited too.
    await shoppers[0].pay(a.id);
    expect((await shoppers[0].api('POST', `/orders/${a.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' })).status).toBe(200);
    expect((await shoppers[0].api('POST', `/orders/${a.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' })).status).toBe(200);
    expectError(await shoppers[0].api('POST', `/orders/${a.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' }), 429, 'RATE_LIMITED');
  });
});

describe('behind a load balancer (TRUST_PROXY)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ TRUST_PROXY: '127.0.0.1', THROTTLE_LOGIN_PER_MINUTE: '2' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('counts per client address from X-Forwarded-For set by the trusted proxy', async () => {
    const login = (client: string) =>
      call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'nope' }, headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    expect([await login('203.0.113.1'), await login('203.0.113.1'), await login('203.0.113.1')]).toEqual([401, 401, 429]);
    expect(await login('203.0.113.2')).toBe(401);
  });

  it('counts an IPv6 client by its /64, so rotating addresses inside it buys nothing', async () => {
    const login = (client: string) =>
      call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'nope' }, headers: { 'x-forwarded-for': client } }).then((r) => r.status);
    expect([await login('2001:db8:0:9::1'), await login('2001:db8:0:9::2'), await login('2001:db8:0:9:ffff::3')]).toEqual([401, 401, 429]);
    expect(await login('2001:db8:0:a::1')).toBe(401);
  });
});
