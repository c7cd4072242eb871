import { AdminExceptionsResponse, AdminOrderDetail, AdminOrderListResponse, AdminSyncResponse, ConsoleSession, type Order } from '@minipay/contracts';
import { ConsoleOperator } from '../src/console/operator.entity';
import { signIntentsNotification } from '@minipay/sandbox';
import { Order as OrderRow } from '../src/orders/order.entity';
import { Refund as RefundRow } from '../src/refunds/refund.entity';
import { call, eventually, expectError, type HttpReply } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

/** A browser's view of the console API: it keeps the cookies the API sets and sends the CSRF header on POSTs. */
class ConsoleBrowser {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly stack: Stack) {}

  async signIn(username: string, password: string): Promise<HttpReply> {
    const reply = await this.send('POST', '/admin/session', { username, password });
    if (reply.status === 200) this.csrf = ConsoleSession.parse(reply.body).csrfToken;
    return reply;
  }

  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf: Record<string, string> = method !== 'GET' && this.csrf ? { 'x-csrf-token': this.csrf } : {};
    const reply = await call(this.stack.apiUrl, method, path, { body, headers: { ...(cookie ? { cookie } : {}), ...csrf, ...headers } });
    for (const line of reply.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair.split('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return reply;
  }
}

describe('merchant console API (sessions, roles, CSRF, orders, refunds)', () => {
  let stack: Stack;
  let operator: ConsoleBrowser;
  const password = 'a-long-viewer-password';

  beforeAll(async () => {
    stack = await startStack({ CONSOLE_BOOTSTRAP_USER: 'alice', CONSOLE_BOOTSTRAP_PASSWORD: 'alice-console-password-1' });
    operator = new ConsoleBrowser(stack);
    expect((await operator.signIn('alice', 'alice-console-password-1')).status).toBe(200);
    const created = await operator.send('POST', '/admin/operators', { username: 'victor', password, role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'victor', role: 'viewer' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function paidOrder(quantity = 1): Promise<Order> {
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    return shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
  }

  describe('sign-in', () => {
    it('creates accounts once (409 for a taken name) and only for an operator', async () => {
      expectError(
        await operator.send('POST', '/admin/operators', { username: 'victor', password: 'another-long-password', role: 'operator' }),
        409,
        'OPERATOR_EXISTS',
      );
      expectError(await operator.send('POST', '/admin/operators', { username: 'shorty', password: 'short', role: 'viewer' }), 400, 'VALIDATION_FAILED');
      const viewer = new ConsoleBrowser(stack);
      await viewer.signIn('victor', password);
      expectError(await viewer.send('POST', '/admin/operators', { username: 'mallory', password: 'a-long-password-here', role: 'operator' }), 403, 'FORBIDDEN');
      expect(await stack.db.getRepository(ConsoleOperator).existsBy({ username: 'mallory' })).toBe(false);
    });

    it('stores the bootstrap operator with an argon2id hash, never the password', async () => {
      const row = await stack.db.getRepository(ConsoleOperator).findOneByOrFail({ username: 'alice' });
      expect(row.role).toBe('operator');
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      expect(row.passwordHash).not.toContain('alice-console-password-1');
    });

    it('sets an HttpOnly SameSite=Strict session cookie and a readable CSRF cookie; GET /admin/session says who', async () => {
      const browser = new ConsoleBrowser(stack);
      const reply = await browser.signIn('alice', 'alice-console-password-1');
      expect(reply.status).toBe(200);
      expect(ConsoleSession.parse(reply.body)).toMatchObject({ username: 'alice', role: 'operator' });
      const setCookies = reply.headers.getSetCookie();
      const session = setCookies.find((c) => c.startsWith('minipay_console_session='))!;
      expect(session).toMatch(/HttpOnly/i);
      expect(session).toMatch(/SameSite=Strict/i);
      expect(session).not.toMatch(/Secure/i); // not in production: plain http on loopback
      expect(setCookies.find((c) => c.startsWith('minipay_console_csrf='))).not.toMatch(/HttpOnly/i);
      const me = await browser.send('GET', '/admin/session');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'alice', role: 'operator', csrfToken: browser.csrf });
    });

    it('refuses a wrong password (and an unknown user) with 401 and signs nobody in', async () => {
      const browser = new ConsoleBrowser(stack);
      const wrong = await browser.signIn('alice', 'not-the-password');
      expectError(wrong, 401, 'UNAUTHENTICATED');
      expect(wrong.body.error.message).toMatch(/wrong username or password/i);
      expect(wrong.headers.getSetCookie()).toEqual([]);
      expectError(await browser.signIn('nobody', 'whatever-password'), 401, 'UNAUTHENTICATED');
      expectError(await browser.send('GET', '/admin/orders'), 401, 'UNAUTHENTICATED');
    });

    it('signs out: the session no longer works, even replaying the old cookie', async () => {
      const browser = new ConsoleBrowser(stack);
      await browser.signIn('alice', 'alice-console-password-1');
      const old = new Map(browser.cookies);
      expectError(await browser.send('POST', '/admin/session/sign-out', undefined, { 'x-csrf-token': 'wrong-token-wrong-token' }), 403, 'FORBIDDEN');
      expect((await browser.send('POST', '/admin/session/sign-out')).status).toBe(204);
      browser.cookies = old;
      expectError(await browser.send('GET', '/admin/orders'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('roles and CSRF', () => {
    it('a viewer reads but cannot refund or sync (403)', async () => {
      const order = await paidOrder();
      const viewer = new ConsoleBrowser(stack);
      expect((await viewer.signIn('victor', password)).status).toBe(200);
      expect((await viewer.send('GET', `/admin/orders/${order.id}`)).status).toBe(200);
      expectError(await viewer.send('POST', `/admin/orders/${order.id}/actions/refund`, { amount: 100, reason: 'try' }), 403, 'FORBIDDEN');
      expectError(await viewer.send('POST', `/admin/orders/${order.id}/actions/sync`), 403, 'FORBIDDEN');
      expect((await stack.db.getRepository(OrderRow).findOneByOrFail({ id: order.id })).refundReservedValue).toBe(0);
    });

    it('refuses a state-changing call without the CSRF header, or with a header that does not match', async () => {
      const order = await paidOrder();
      const noHeader = await call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/actions/refund`, {
        body: { amount: 100, reason: 'csrf' },
        headers: { cookie: [...operator.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      expectError(noHeader, 403, 'FORBIDDEN');
      expectError(
        await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { amount: 100, reason: 'csrf' }, { 'x-csrf-token': 'x'.repeat(32) }),
        403,
        'FORBIDDEN',
      );
      // The header alone (a script that guessed it) is not enough without the matching CSRF cookie.
      const headerOnly = await call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/actions/refund`, {
        body: { amount: 100, reason: 'csrf' },
        headers: { cookie: `minipay_console_session=${operator.cookies.get('minipay_console_session')}`, 'x-csrf-token': operator.csrf },
      });
      expectError(headerOnly, 403, 'FORBIDDEN');
      expect((await stack.db.getRepository(OrderRow).findOneByOrFail({ id: order.id })).refundReservedValue).toBe(0);
    });

    it('X-Admin-Key still works for scripts (no cookie, no CSRF), a wrong key does not', async () => {
      const reply = await call(stack.apiUrl, 'GET', '/admin/orders?limit=1', { headers: { 'x-admin-key': stack.config.ADMIN_API_KEY } });
      expect(reply.status).toBe(200);
      expectError(await call(stack.apiUrl, 'GET', '/admin/orders', { headers: { 'x-admin-key': 'not-the-admin-key-at-all' } }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('orders list', () => {
    it('pages newest first with a cursor, filters, and finds by merchantOrderId or provider payment id', async () => {
      const a = await paidOrder(1);
      const b = await paidOrder(2);
      const shopper = await new Shopper(stack).login();
      const [product] = await shopper.products();
      const pending = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);

      const first = AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?limit=2')).body);
      expect(first.items.map((o) => o.id)).toEqual([pending.id, b.id]);
      expect(first.nextCursor).not.toBeNull();
      const second = AdminOrderListResponse.parse((await operator.send('GET', `/admin/orders?limit=2&cursor=${first.nextCursor}`)).body);
      expect(second.items[0].id).toBe(a.id);
      expect(second.items.map((o) => o.id)).not.toContain(b.id);
      expectError(await operator.send('GET', '/admin/orders?cursor=bm90LWEtY3Vyc29y'), 400, 'VALIDATION_FAILED');

      const paid = AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?status=PAID&limit=200')).body);
      expect(paid.items.every((o) => o.status === 'PAID')).toBe(true);
      expect(paid.items.map((o) => o.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(paid.items.map((o) => o.id)).not.toContain(pending.id);
      const intents = AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?provider=intents&limit=200')).body);
      expect(intents.items.map((o) => o.id)).toContain(a.id);
      expect(intents.items.map((o) => o.id)).not.toContain(pending.id); // no attempt yet
      expect(AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?provider=adyen')).body).items).toEqual([]);
      expect(AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?inReview=true')).body).items).toEqual([]);
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(AdminOrderListResponse.parse((await operator.send('GET', `/admin/orders?from=${encodeURIComponent(future)}`)).body).items).toEqual([]);
      const window = AdminOrderListResponse.parse(
        (await operator.send('GET', `/admin/orders?from=${encodeURIComponent(a.createdAt)}&to=${encodeURIComponent(b.createdAt)}`)).body,
      );
      expect(window.items.map((o) => o.id)).toContain(a.id);
      expect(window.items.map((o) => o.id)).not.toContain(b.id);
      expectError(await operator.send('GET', '/admin/orders?status=NOPE'), 400, 'VALIDATION_FAILED');

      const byMerchantId = AdminOrderListResponse.parse((await operator.send('GET', `/admin/orders?q=${a.merchantOrderId}`)).body);
      expect(byMerchantId.items).toHaveLength(1);
      expect(byMerchantId.items[0]).toMatchObject({ id: a.id, status: 'PAID', provider: 'intents', amount: a.amount, inReview: false });
      const detail = AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${b.id}`)).body);
      const providerPaymentId = detail.payments[0].providerPaymentId!;
      expect(providerPaymentId).toBeTruthy();
      const byProviderId = AdminOrderListResponse.parse((await operator.send('GET', `/admin/orders?q=${encodeURIComponent(providerPaymentId)}`)).body);
      expect(byProviderId.items.map((o) => o.id)).toEqual([b.id]);

      const csv = await operator.send('GET', `/admin/orders/export?status=PAID`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = String(csv.body).trim().split('\r\n');
      expect(lines[0]).toBe('merchantOrderId,orderId,status,currency,amountMinor,amount,refundedMinor,provider,inReview,createdAt');
      expect(lines.some((l) => l.startsWith(`${a.merchantOrderId},${a.id},PAID,HKD,${a.amount.value},${(a.amount.value / 100).toFixed(2)},`))).toBe(true);
      expect(lines.some((l) => l.includes(pending.id))).toBe(false);
    });
  });

  describe('refunds and sync', () => {
    it('refunds part of a named payment, enforces what is left of it, and puts the operator on the timeline', async () => {
      const order = await paidOrder(2);
      const before = AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${order.id}`)).body);
      const [payment] = before.payments;
      expect(payment).toMatchObject({ status: 'SUCCEEDED', refundable: order.amount });
      expect(before.order.refundable).toEqual(order.amount);

      const part = 100;
      const refund = await operator.send(
        'POST',
        `/admin/orders/${order.id}/actions/refund`,
        { amount: part, reason: 'damaged item', paymentId: payment.id },
        { 'idempotency-key': 'console-refund-1' },
      );
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({ paymentId: payment.id, amount: { value: part, currency: 'HKD' }, reason: 'damaged item' });

      const detail = async () => AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${order.id}`)).body);
      // The provider settles the refund a moment later (its notification).
      const after = await eventually(detail, (d) => d.order.status === 'PARTIALLY_REFUNDED', 8000, 'PARTIALLY_REFUNDED');
      expect(after.order.refundable.value).toBe(order.amount.value - part);
      expect(after.payments[0].refundable.value).toBe(order.amount.value - part);
      expect(after.refunds).toHaveLength(1);
      expect(after.refunds[0]).toMatchObject({ status: 'SUCCEEDED', reason: 'damaged item', paymentId: payment.id });
      const created = after.timeline.find((e) => e.type === 'refund' && e.summary.includes('created by operator:alice: damaged item'));
      expect(created?.data).toMatchObject({ actor: 'operator:alice', paymentId: payment.id });

      // More than what is left of the payment: refused, nothing reserved.
      const tooMuch = await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, {
        amount: order.amount.value,
        reason: 'again',
        paymentId: payment.id,
      });
      expectError(tooMuch, 422, 'REFUND_EXCEEDS_PAID_AMOUNT');
      // A payment of another order, or one that does not exist, is not this order's to refund.
      const other = await paidOrder();
      const otherPayment = AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${other.id}`)).body).payments[0];
      expectError(
        await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { amount: 1, reason: 'x', paymentId: otherPayment.id }),
        404,
        'PAYMENT_NOT_FOUND',
      );
      // No amount: the rest of the order.
      const rest = await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { reason: 'the rest' });
      expect(rest.status).toBe(201);
      expect(rest.body.amount.value).toBe(order.amount.value - part);
      const done = await eventually(detail, (d) => d.order.status === 'REFUNDED', 8000, 'REFUNDED');
      expect(done.order.refundable.value).toBe(0);
    });

    it('an order in review: the payment that took the wrong amount is refunded by id, up to what it took', async () => {
      const shopper = await new Shopper(stack).login();
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 2 }]);
      await shopper.pay(order.id);
      const taken = order.amount.value - 1;
      await shopper.act(order.merchantOrderId, 'approve', { amount: { value: taken, currency: order.amount.currency } });
      await shopper.waitForOrder(order.id, (o) => o.inReview, 'order in review');

      const detail = AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${order.id}`)).body);
      expect(detail.order).toMatchObject({ status: 'PENDING_PAYMENT', inReview: true });
      expect(detail.order.reviewReason).toBeTruthy();
      const [payment] = detail.payments;
      expect(payment.refundable).toEqual({ value: taken, currency: order.amount.currency });
      expect(detail.order.refundable.value).toBe(taken);

      expectError(await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { reason: 'no payment named' }), 409, 'ORDER_NOT_REFUNDABLE');
      expectError(
        await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { paymentId: payment.id, amount: taken + 1, reason: 'too much' }),
        422,
        'REFUND_EXCEEDS_PAID_AMOUNT',
      );
      const refund = await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { paymentId: payment.id, reason: 'wrong amount taken' });
      expect(refund.status).toBe(201);
      expect(refund.body).toMatchObject({ paymentId: payment.id, amount: { value: taken } });
      const after = await eventually(
        async () => AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${order.id}`)).body),
        (d) => d.refunds.some((r) => r.status === 'SUCCEEDED'),
        8000,
        'refund settled',
      );
      expect(after.payments[0].refundable.value).toBe(0);
      expect(after.timeline.some((e) => e.summary.includes('created by operator:alice: wrong amount taken'))).toBe(true);
    });

    it('a refund without a reason is a 400', async () => {
      const order = await paidOrder();
      expectError(await operator.send('POST', `/admin/orders/${order.id}/actions/refund`, { amount: 1 }), 400, 'VALIDATION_FAILED');
    });

    it('sync asks the provider now, shows the answer, and records who asked', async () => {
      const shopper = await new Shopper(stack).login();
      const [product] = await shopper.products();
      const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
      await shopper.pay(order.id);
      // Approved at the provider with the notification lost: only a query can tell.
      await call(stack.sandbox.url, 'POST', '/__sandbox/notifications/faults', { body: { mode: 'drop', count: 1 } });
      await shopper.act(order.merchantOrderId, 'approve');
      expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
      const reply = await operator.send('POST', `/admin/orders/${order.id}/actions/sync`);
      expect(reply.status).toBe(200);
      const sync = AdminSyncResponse.parse(reply.body);
      expect(sync.results[0]).toMatchObject({ found: true, providerStatus: 'SUCCEEDED', statusAfter: 'SUCCEEDED' });
      expect(sync.order.order.status).toBe('PAID');
      expect(sync.order.timeline.some((e) => e.type === 'provider_call' && e.summary.startsWith('operator:alice synced'))).toBe(true);
    });
  });

  it('exceptions list orders in review, unmatched notifications, stale refunds and paid-not-fulfilled orders, each with its order', async () => {
    const reviewed = await paidOrder();
    await stack.db.getRepository(OrderRow).update({ id: reviewed.id }, { reviewReason: 'provider reported a different amount' });
    const stale = await paidOrder();
    await stack.db.getRepository(OrderRow).update({ id: stale.id }, { paidAt: new Date(Date.now() - 20 * 60_000) });
    const refunded = await paidOrder();
    const refund = await operator.send('POST', `/admin/orders/${refunded.id}/actions/refund`, { amount: 100, reason: 'stale' });
    expect(refund.status).toBe(201);
    await eventually(
      async () => (await stack.db.getRepository(RefundRow).findOneByOrFail({ id: refund.body.id })).status,
      (status) => status !== 'PENDING',
      8000,
      'refund settled',
    );
    await stack.db.getRepository(RefundRow).update({ id: refund.body.id }, { status: 'PENDING', createdAt: new Date(Date.now() - 2 * 3600_000) });
    const body = JSON.stringify({ notify_type: 'payment_success', data: { order_id: 'C-unknown', merchant_order_id: 'MP-NO-SUCH-ORDER-1' } });
    const signed = await call(stack.apiUrl, 'POST', '/webhooks/intents', {
      rawBody: body,
      headers: { 'content-type': 'application/json', ...signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body) },
    });
    expect(signed.status).toBe(200);

    const exceptions = AdminExceptionsResponse.parse((await operator.send('GET', '/admin/exceptions')).body);
    expect(exceptions.inReview.find((o) => o.id === reviewed.id)?.reviewReason).toBe('provider reported a different amount');
    expect(exceptions.paidNotFulfilled.map((o) => o.id)).toEqual([stale.id]);
    expect(exceptions.pendingRefunds).toEqual([
      expect.objectContaining({ refundId: refund.body.id, orderId: refunded.id, merchantOrderId: refunded.merchantOrderId }),
    ]);
    expect(exceptions.failedNotifications).toEqual([expect.objectContaining({ provider: 'intents', paymentReference: 'MP-NO-SUCH-ORDER-1', orderId: null })]);
    expect(exceptions.failedNotifications[0].outcome).toMatch(/^ignored: no .*payment/);

    // A failed sign-in and a forged notification are security events, listed here without the password.
    await call(stack.apiUrl, 'POST', '/admin/session', { body: { username: 'mallory', password: 'guessed-password-123' } });
    await call(stack.apiUrl, 'POST', '/webhooks/intents', {
      body: { notify_type: 'payment_success', data: {} },
      headers: { 'x-signature': 'forged', 'x-timestamp': '1' },
    });
    const later = AdminExceptionsResponse.parse((await operator.send('GET', '/admin/exceptions')).body);
    expect(later.securityEvents).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'signin_failed', detail: expect.stringContaining('mallory') }),
        expect.objectContaining({ kind: 'webhook_signature_invalid', detail: expect.stringContaining('intents') }),
      ]),
    );
    expect(JSON.stringify(later.securityEvents)).not.toContain('guessed-password-123');

    const inReview = AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?inReview=true')).body);
    expect(inReview.items.map((o) => o.id)).toContain(reviewed.id);
    expect(inReview.items.every((o) => o.inReview)).toBe(true);
    const notInReview = AdminOrderListResponse.parse((await operator.send('GET', '/admin/orders?inReview=false&limit=200')).body);
    expect(notInReview.items.map((o) => o.id)).not.toContain(reviewed.id);
    // An order in review still shows what its successful payment can give back.
    const detail = AdminOrderDetail.parse((await operator.send('GET', `/admin/orders/${reviewed.id}`)).body);
    expect(detail.order.reviewReason).toBe('provider reported a different amount');
    expect(detail.payments[0].refundable).toEqual(reviewed.amount);
  });

  it('rate-limits sign-in attempts (429 after 10 a minute)', async () => {
    const browser = new ConsoleBrowser(stack);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await browser.signIn('alice', `wrong-${i}`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expectError(await browser.signIn('alice', 'alice-console-password-1'), 429, 'RATE_LIMITED');
  });
});
