import { createPrivateKey, createPublicKey, createVerify, X509Certificate } from 'node:crypto';
import type { Order as OrderDto } from '@minipay/contracts';
import { wechatpayEncryptResource, wechatpaySandboxKeys, wechatpaySignatureHeaders } from '@minipay/sandbox';
import { Rsa, Formatter } from 'wechatpay-axios-plugin';
import { WebhookEvent } from '../src/webhooks/webhook-event.entity';
import { expectWechatpayFail, wechatpaySuccessBody, type SandboxAttempt } from './conformance/provider-kits';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { transitionsTo } from './support/timeline';

/** The sandbox platform's own signing key: what a genuine notification is signed with. */
const signer = () => ({
  serial: wechatpaySandboxKeys.SANDBOX_WECHATPAY_PUBLIC_KEY_ID,
  key: createPrivateKey(wechatpaySandboxKeys.SANDBOX_WECHATPAY_PLATFORM_PRIVATE_KEY),
});

/** WeChat Pay v3 specifics on top of the conformance suite: probes, replays, tampering, modes, currency, USERPAYING. */
describe('WeChat Pay v3 (direct)', () => {
  let stack: Stack;
  let shopper: Shopper;

  beforeAll(async () => {
    stack = await startStack({ PAYMENT_PROVIDER: 'wechatpay' });
  });
  afterAll(async () => {
    await stack?.close();
  });
  beforeEach(async () => {
    shopper = await new Shopper(stack).login();
  });

  const attemptOf = async (s: Stack, merchantOrderId: string): Promise<SandboxAttempt & { status: string }> =>
    (await call(s.sandbox.url, 'GET', `/__sandbox/payments/${merchantOrderId}`)).body.attempts.at(-1);
  const inboxCount = (reference: string) => stack.db.getRepository(WebhookEvent).countBy({ provider: 'wechatpay', paymentReference: reference });
  const postNotification = (rawBody: string, headers: Record<string, string>) =>
    call(stack.apiUrl, 'POST', '/webhooks/wechatpay', { rawBody, headers: { 'content-type': 'application/json', ...headers } });

  async function pendingOrder(s: Shopper = shopper): Promise<{ order: OrderDto; attempt: SandboxAttempt }> {
    const [product] = await s.products();
    const order = await s.placeOrder([{ productId: product.id, quantity: 1 }]);
    await s.pay(order.id);
    return { order, attempt: await attemptOf(stack, order.merchantOrderId) };
  }

  it('the catalog is in CNY and /pay hands out RSA paySign parameters that verify with the merchant key the sandbox publishes', async () => {
    const [product] = await shopper.products();
    expect(product.price.currency).toBe('CNY');
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    const pay = await shopper.pay(order.id);
    expect(pay.requestPayment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) });
    const { wechatpay } = (await call(stack.sandbox.url, 'GET', '/__sandbox/keys')).body;
    expect(wechatpay).toMatchObject({
      appId: stack.config.WECHAT_APP_ID,
      mchid: stack.config.WECHATPAY_MCHID,
      publicKeyId: stack.config.WECHATPAY_PUBLIC_KEY_ID,
    });
    const p = pay.requestPayment;
    const message = Formatter.joinedByLineFeed(wechatpay.appId, p.timeStamp, p.nonceStr, p.package);
    expect(Rsa.verify(message, p.paySign, Rsa.from(wechatpay.merchantPublicKeyPem, 'public'))).toBe(true);
    expect(createVerify('RSA-SHA256').update(message).verify(createPublicKey(wechatpay.merchantPublicKeyPem), p.paySign, 'base64')).toBe(true);
  });

  it('a WECHATPAY/SIGNTEST/ probe from the sandbox is refused 401 {"code":"FAIL"} and moves nothing', async () => {
    const { order, attempt } = await pendingOrder();
    const probe = (await call(stack.sandbox.url, 'POST', '/__sandbox/wechatpay/signtest', { body: { merchantOrderId: order.merchantOrderId } })).body;
    expect(probe).toMatchObject({ status: 401, verified: true });
    expect(JSON.parse(probe.body)).toMatchObject({ code: 'FAIL' });
    expect(await inboxCount(attempt.providerReference)).toBe(0);
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');
  });

  it('a genuine notification replayed outside the 5-minute window is refused; the same bytes freshly signed are accepted with 204', async () => {
    const { order, attempt } = await pendingOrder();
    const rawBody = wechatpaySuccessBody(stack, attempt);
    const stale = wechatpaySignatureHeaders(signer(), rawBody, Math.floor(Date.now() / 1000) - 301);
    expectWechatpayFail(await postNotification(rawBody, stale), 401, 'WEBHOOK_SIGNATURE_INVALID');
    expect(await inboxCount(attempt.providerReference)).toBe(0);
    expect((await shopper.order(order.id)).status).toBe('PENDING_PAYMENT');

    // The positive control: the refusals above are about the signature window, not the body.
    const fresh = await postNotification(rawBody, wechatpaySignatureHeaders(signer(), rawBody));
    expect(fresh.status).toBe(204);
    expect(fresh.body ?? '').toBe('');
    expect((await shopper.order(order.id)).status).toBe('PAID');
  });

  it('a validly signed notification whose ciphertext was tampered with is refused 401 and stores nothing', async () => {
    const { order, attempt } = await pendingOrder();
    const body = JSON.parse(wechatpaySuccessBody(stack, attempt));
    const bytes = Buffer.from(body.resource.ciphertext, 'base64');
    bytes[5] ^= 1;
    body.resource.ciphertext = bytes.toString('base64');
    const rawBody = JSON.stringify(body);
    expectWechatpayFail(await postNotification(rawBody, wechatpaySignatureHeaders(signer(), rawBody)), 401, 'WEBHOOK_SIGNATURE_INVALID');
    expect(await inboxCount(attempt.providerReference)).toBe(0);
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(0);
  });

  it('a notification encrypted with another APIv3 key, or for another merchant, never moves the order', async () => {
    const { order, attempt } = await pendingOrder();
    const otherKey = wechatpaySuccessBody(stack, attempt, 'Z'.repeat(32));
    expectWechatpayFail(await postNotification(otherKey, wechatpaySignatureHeaders(signer(), otherKey)), 401, 'WEBHOOK_SIGNATURE_INVALID');
    const foreign = JSON.stringify({
      id: 'EV-foreign',
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      resource: {
        original_type: 'transaction',
        ...wechatpayEncryptResource(
          stack.config.WECHATPAY_APIV3_KEY,
          JSON.stringify({
            appid: stack.config.WECHAT_APP_ID,
            mchid: '1230000109',
            out_trade_no: attempt.providerReference,
            trade_state: 'SUCCESS',
            amount: { total: attempt.amount.value, currency: 'CNY' },
          }),
          'transaction',
        ),
      },
    });
    expectWechatpayFail(await postNotification(foreign, wechatpaySignatureHeaders(signer(), foreign)), 400, 'WEBHOOK_PAYLOAD_INVALID');
    expect(await transitionsTo(stack.db, order.id, 'PAID')).toBe(0);
  });

  it('closing an order the shopper is paying answers 429 FREQUENCY_LIMITED: the attempt stays open, never guessed closed', async () => {
    const { order } = await pendingOrder();
    expect((await call(stack.sandbox.url, 'POST', `/__sandbox/payments/${order.merchantOrderId}/paying`)).status).toBe(200);
    await call(stack.sandbox.url, 'DELETE', '/__sandbox/calls');
    const reply = await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:fail cancel' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'PENDING_PAYMENT', latestPayment: { status: 'PENDING' } });
    const closes = (await call(stack.sandbox.url, 'GET', '/__sandbox/calls?scope=wechatpay&operation=cancel')).body as { status: number }[];
    expect(closes.map((c) => c.status)).toEqual([429]);
    expect((await attemptOf(stack, order.merchantOrderId)).status).toBe('USERPAYING');
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID once the shopper finished paying');
  });

  it('a refund WeChat reports ABNORMAL (REFUND.ABNORMAL) ends FAILED and refunds nothing; a later one succeeds', async () => {
    const { order } = await pendingOrder();
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
    await call(stack.sandbox.url, 'POST', '/__sandbox/wechatpay/refund-outcomes', { body: { status: 'ABNORMAL' } });
    const admin = (body: unknown) =>
      call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/refunds`, { body, headers: { 'x-admin-key': stack.config.ADMIN_API_KEY } });
    expect((await admin({ amount: 100, reason: 'abnormal' })).status).toBe(201);
    const failed = await shopper.waitForOrder(order.id, (o) => o.refunds.some((r) => r.status === 'FAILED'), 'the refund FAILED by REFUND.ABNORMAL');
    expect(failed).toMatchObject({ status: 'PAID', refundedAmount: { value: 0, currency: 'CNY' } });
    expect((await admin({ amount: 100, reason: 'again' })).status).toBe(201);
    const refunded = await shopper.waitForOrder(order.id, (o) => o.refundedAmount.value === 100, 'the second refund settled');
    expect(refunded.status).toBe('PARTIALLY_REFUNDED');
  });

  it('an HKD order is refused at pay time with 422 CURRENCY_NOT_SUPPORTED, before any provider call', async () => {
    const hkd = await startStack({ PAYMENT_PROVIDER: 'wechatpay', CATALOG_CURRENCY: 'HKD' });
    try {
      const buyer = await new Shopper(hkd).login();
      const [product] = await buyer.products();
      expect(product.price.currency).toBe('HKD');
      const order = await buyer.placeOrder([{ productId: product.id, quantity: 1 }]);
      expectError(await buyer.api('POST', `/orders/${order.id}/pay`), 422, 'CURRENCY_NOT_SUPPORTED');
      expect((await call(hkd.sandbox.url, 'GET', '/__sandbox/calls?scope=wechatpay')).body).toEqual([]);
    } finally {
      await hkd.close();
    }
  });

  describe('platform-certificate mode', () => {
    let certStack: Stack;
    beforeAll(async () => {
      certStack = await startStack({ PAYMENT_PROVIDER: 'wechatpay', WECHATPAY_PUBLIC_KEY_ID: '', WECHATPAY_PUBLIC_KEY: '' });
      await call(certStack.sandbox.url, 'PUT', '/__sandbox/wechatpay/mode', { body: { mode: 'certificate' } });
    });
    afterAll(async () => {
      await certStack?.close();
    });

    it('downloads and decrypts the platform certificate, verifies replies and the notification with it: order PAID', async () => {
      const buyer = await new Shopper(certStack).login();
      const [product] = await buyer.products();
      const order = await buyer.placeOrder([{ productId: product.id, quantity: 1 }]);
      await buyer.pay(order.id);
      const certs = (await call(certStack.sandbox.url, 'GET', '/__sandbox/calls?scope=wechatpay&operation=certificates')).body;
      expect(certs).toHaveLength(1);
      await buyer.act(order.merchantOrderId, 'approve');
      await buyer.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID by a certificate-signed notification');
      const { wechatpay } = (await call(certStack.sandbox.url, 'GET', '/__sandbox/keys')).body;
      expect(new X509Certificate(wechatpay.platformCertificatePem).serialNumber).toBe(wechatpay.platformCertificateSerial);
      // Cached: one download for the whole flow.
      expect((await call(certStack.sandbox.url, 'GET', '/__sandbox/calls?scope=wechatpay&operation=certificates')).body).toHaveLength(1);
    });

    it('replies signed under a serial the API does not trust are not acted on (503), in either direction', async () => {
      const buyer = await new Shopper(stack).login();
      const [product] = await buyer.products();
      const order = await buyer.placeOrder([{ productId: product.id, quantity: 1 }]);
      // The public-key API against a sandbox that now signs with its certificate.
      await call(stack.sandbox.url, 'PUT', '/__sandbox/wechatpay/mode', { body: { mode: 'certificate' } });
      try {
        expectError(await buyer.api('POST', `/orders/${order.id}/pay`), 503, 'PROVIDER_UNAVAILABLE');
      } finally {
        await call(stack.sandbox.url, 'PUT', '/__sandbox/wechatpay/mode', { body: { mode: 'public_key' } });
      }
    });
  });
});
