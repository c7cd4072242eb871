import { startSandbox, type RunningSandbox } from '@minipay/sandbox';
import { ProviderRejectedError, ProviderTimeoutError } from '../../../common/errors/provider-errors';
import { StaticAppSettings } from '../../../config/app-config';
import { loadConfig } from '../../../config/config.schema';
import { CurrencyNotSupportedError } from '../money';
import { WebhookPayloadError, WebhookVerificationError } from '../payment-provider';
import { signAdyenItem } from './adyen-hmac';
import { adyenCheckoutBase } from './adyen-http-client';
import { AdyenPaymentProvider } from './adyen.adapter';
import { mapResultCode } from './adyen.transformers';
import { ResultCode } from './adyen.wire';

const KEY = 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6';
const ROTATED = '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF';

function adapter(env: Record<string, string> = {}) {
  return new AdyenPaymentProvider(new StaticAppSettings(loadConfig({ ADYEN_HMAC_KEYS: `${KEY},${ROTATED}`, PROVIDER_RETRY_BASE_MS: '1', ...env })));
}

function item(overrides: Record<string, unknown> = {}, key = KEY) {
  const base: Record<string, any> = {
    eventCode: 'AUTHORISATION',
    success: 'true',
    pspReference: 'PSP0000000000001',
    merchantAccountCode: 'MinipaySandboxECOM',
    merchantReference: 'ORD1-1',
    amount: { value: 1250, currency: 'HKD' },
    eventDate: '2026-01-01T00:00:00+00:00',
    ...overrides,
  };
  base.additionalData = { hmacSignature: signAdyenItem(key, base) };
  return base;
}

const body = (...items: unknown[]) => Buffer.from(JSON.stringify({ live: 'false', notificationItems: items.map((i) => ({ NotificationRequestItem: i })) }));

describe('AdyenPaymentProvider', () => {
  describe('resultCode mapping', () => {
    it.each([
      ['Authorised', 'SUCCEEDED'],
      ['Refused', 'FAILED'],
      ['Error', 'FAILED'],
      ['Cancelled', 'CANCELLED'],
      ['Pending', 'PENDING'],
      ['Received', 'PENDING'],
      ['RedirectShopper', 'PENDING'],
      ['PartiallyAuthorised', 'PENDING'],
    ] as const)('%s → %s', (code, status) => {
      expect(mapResultCode(code)).toBe(status);
    });

    it('maps every known result code', () => {
      for (const code of ResultCode.options) expect(['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED']).toContain(mapResultCode(code));
    });
  });

  it('accepts ADYEN_CHECKOUT_URL with or without an API version', () => {
    expect(adyenCheckoutBase('http://127.0.0.1:4010/adyen/checkout/v71')).toBe('http://127.0.0.1:4010/adyen/checkout');
    expect(adyenCheckoutBase('http://127.0.0.1:4010/adyen/checkout/')).toBe('http://127.0.0.1:4010/adyen/checkout');
  });

  describe('parseNotification', () => {
    const provider = adapter();

    it('turns a successful AUTHORISATION into a SUCCEEDED payment event and acknowledges with [accepted]', () => {
      const parsed = provider.parseNotification(body(item()), {});
      expect(parsed.acknowledgement).toEqual({ contentType: 'text/plain', body: '[accepted]' });
      expect(parsed.events).toEqual([
        {
          kind: 'payment',
          eventKey: 'PSP0000000000001:AUTHORISATION:true',
          reference: 'ORD1-1',
          providerPaymentId: 'PSP0000000000001',
          status: 'SUCCEEDED',
          amount: { value: 1250, currency: 'HKD' },
          failureReason: undefined,
        },
      ]);
    });

    it('maps a failed AUTHORISATION to FAILED with the reason, or CANCELLED when the shopper cancelled', () => {
      const [refused] = provider.parseNotification(body(item({ success: 'false', reason: 'Refused' })), {}).events;
      expect(refused).toMatchObject({ kind: 'payment', status: 'FAILED', failureReason: 'Refused', eventKey: 'PSP0000000000001:AUTHORISATION:false' });
      const [cancelled] = provider.parseNotification(body(item({ success: 'false', reason: 'Cancelled' })), {}).events;
      expect(cancelled).toMatchObject({ kind: 'payment', status: 'CANCELLED' });
    });

    it('maps REFUND and CANCELLATION; ignores other event codes', () => {
      const refund = item({
        eventCode: 'REFUND',
        pspReference: 'REF0000000000001',
        originalReference: 'PSP0000000000001',
        merchantReference: 'refund-1',
        amount: { value: 500, currency: 'HKD' },
      });
      const cancel = item({
        eventCode: 'CANCELLATION',
        pspReference: 'CAN0000000000001',
        originalReference: 'PSP0000000000001',
        merchantReference: 'cancel-ORD1-1',
      });
      const report = item({ eventCode: 'REPORT_AVAILABLE', pspReference: 'REP0000000000001' });
      const events = provider.parseNotification(body(refund, cancel, report), {}).events;
      expect(events[0]).toEqual({
        kind: 'refund',
        eventKey: 'REF0000000000001:REFUND:true',
        providerPaymentId: 'PSP0000000000001',
        providerRefundId: 'REF0000000000001',
        refundReference: 'refund-1',
        status: 'SUCCEEDED',
        amount: { value: 500, currency: 'HKD' },
      });
      expect(events[1]).toMatchObject({ kind: 'payment', status: 'CANCELLED', reference: 'ORD1-1', providerPaymentId: 'PSP0000000000001' });
      expect(events[2]).toMatchObject({ kind: 'ignored' });
    });

    it("ignores an event for another merchant account (the webhook's key may be shared)", () => {
      expect(provider.parseNotification(body(item({ merchantAccountCode: 'SomebodyElseECOM' })), {}).events[0]).toMatchObject({ kind: 'ignored' });
    });

    it("reads amounts in Adyen's unit, ignores another account's currencies, and refuses an amount it cannot read", () => {
      const idr = provider.parseNotification(body(item({ amount: { value: 15_000, currency: 'IDR' } })), {}).events[0];
      expect(idr).toMatchObject({ kind: 'payment', amount: { value: 1_500_000, currency: 'IDR' } });
      const theirs = item({ merchantAccountCode: 'SomebodyElseECOM', amount: { value: 1000, currency: 'CLP' } });
      expect(provider.parseNotification(body(theirs), {}).events[0]).toMatchObject({ kind: 'ignored' });
      expect(() => provider.parseNotification(body(item({ amount: { value: 1000, currency: 'CLP' } })), {})).toThrow(WebhookPayloadError);
    });

    it('refuses a currency or fraction it cannot send with 422 CURRENCY_NOT_SUPPORTED, before any call', async () => {
      // Port 9 (discard): a call would fail as unavailable, not as CURRENCY_NOT_SUPPORTED.
      const offline = adapter({ ADYEN_CHECKOUT_URL: 'http://127.0.0.1:9/adyen/checkout/v71' });
      const order = { reference: 'CUR1-1', merchantOrderId: 'CUR1', description: 'x', openid: 'o1', notifyUrl: 'http://127.0.0.1/x', idempotencyKey: 'k' };
      for (const amount of [
        { value: 12_345, currency: 'IDR' },
        { value: 1000, currency: 'CLP' },
      ]) {
        expect(() => offline.assertChargeable(amount)).toThrow(CurrencyNotSupportedError);
        await expect(offline.createPayment({ ...order, amount })).rejects.toMatchObject({
          code: 'CURRENCY_NOT_SUPPORTED',
          details: { currency: amount.currency },
        });
      }
    });

    it('verifies an item signed with the second configured key (rotation)', () => {
      expect(provider.parseNotification(body(item({}, ROTATED)), {}).events).toHaveLength(1);
    });

    it('rejects a tampered amount, a wrong key, and a missing signature', () => {
      const tampered = { ...item(), amount: { value: 1, currency: 'HKD' } };
      expect(() => provider.parseNotification(body(tampered), {})).toThrow(WebhookVerificationError);
      const forged = item({}, 'FF'.repeat(32));
      expect(() => provider.parseNotification(body(forged), {})).toThrow(WebhookVerificationError);
      const unsigned = { ...item(), additionalData: {} };
      expect(() => provider.parseNotification(body(unsigned), {})).toThrow(WebhookVerificationError);
      // One bad item rejects the whole delivery.
      expect(() => provider.parseNotification(body(item(), unsigned), {})).toThrow(WebhookVerificationError);
    });

    it('rejects bodies that are not notifications', () => {
      expect(() => provider.parseNotification(Buffer.from('not json'), {})).toThrow(WebhookPayloadError);
      expect(() => provider.parseNotification(Buffer.from('{"notificationItems":[]}'), {})).toThrow(WebhookPayloadError);
    });
  });

  describe('against the sandbox', () => {
    let sandbox: RunningSandbox;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, logger: false, adyenWebhookUrl: 'http://127.0.0.1:9/unused', notifyRetryDelaysMs: [10], refundSettleDelayMs: 5 });
    });
    afterAll(async () => sandbox?.close());
    afterEach(async () => {
      await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
    });

    const env = () => ({ SANDBOX_PORT: String(sandbox.port), ADYEN_CHECKOUT_URL: `${sandbox.url}/adyen/checkout/v71` });
    const input = (reference: string) => ({
      reference,
      merchantOrderId: reference.split('-')[0]!,
      amount: { value: 1250, currency: 'HKD' },
      description: 'Tea',
      openid: 'oTestOpenid000001',
      notifyUrl: 'http://127.0.0.1/webhooks/adyen',
      idempotencyKey: `create-${reference}`,
    });
    const control = (path: string, payload?: unknown) =>
      fetch(`${sandbox.url}/__sandbox${path}`, {
        method: payload ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: payload ? JSON.stringify(payload) : undefined,
      }).then((r) => r.json() as Promise<any>);

    it('creates a payment: the WeChat data without appId, pspReference, and what /payments/details needs', async () => {
      const provider = adapter(env());
      const created = await provider.createPayment(input('ADY1-1'));
      expect(created.providerPaymentId).toMatch(/^[A-Z0-9]{16}$/);
      expect(created.status).toBe('PENDING');
      expect(created.requestPayment).toEqual({
        timeStamp: expect.any(String),
        nonceStr: expect.any(String),
        package: expect.stringMatching(/^prepay_id=/),
        signType: 'RSA',
        paySign: expect.any(String),
      });
      // The action's opaque paymentData, which the library's model would have dropped.
      expect(created.providerData?.paymentData).toEqual(expect.any(String));
      expect(created.providerData?.paymentData).not.toBe(created.providerPaymentId);
      const { attempts } = await control('/payments/ADY1');
      expect(attempts[0]).toMatchObject({ provider: 'adyen', providerReference: 'ADY1-1', amount: { value: 1250, currency: 'HKD' } });

      // The same Idempotency-Key replays the same payment (a create retried after a timeout).
      const again = await provider.createPayment(input('ADY1-1'));
      expect(again.providerPaymentId).toBe(created.providerPaymentId);
      expect((await control('/payments/ADY1')).attempts).toHaveLength(1);
    });

    it('queries through /payments/details and closes through /cancels', async () => {
      const provider = adapter(env());
      const created = await provider.createPayment(input('ADY2-1'));
      const locator = { reference: 'ADY2-1', providerPaymentId: created.providerPaymentId, providerData: created.providerData ?? null };
      expect(await provider.queryPayment(locator)).toMatchObject({ found: true, status: 'PENDING', amount: { value: 1250, currency: 'HKD' } });
      expect(await provider.cancelPayment(locator)).toMatchObject({ found: true, status: 'CANCELLED' });

      const paid = await provider.createPayment(input('ADY3-1'));
      await control('/payments/ADY3/approve', {});
      const paidLocator = { reference: 'ADY3-1', providerPaymentId: paid.providerPaymentId, providerData: paid.providerData ?? null };
      expect(await provider.queryPayment({ ...paidLocator, clientResult: 'requestPayment:ok' })).toMatchObject({
        status: 'SUCCEEDED',
        providerPaymentId: paid.providerPaymentId,
      });
      expect(await provider.cancelPayment(paidLocator)).toMatchObject({ status: 'SUCCEEDED' });
      expect(
        await provider.refundPayment({ payment: paidLocator, refundReference: 'refund-ADY3-1', amount: { value: 500, currency: 'HKD' }, reason: 'test' }),
      ).toMatchObject({
        status: 'PENDING',
        providerRefundId: expect.any(String),
      });

      const refused = await provider.createPayment(input('ADY4-1'));
      await control('/payments/ADY4/refuse', {});
      expect(
        await provider.queryPayment({ reference: 'ADY4-1', providerPaymentId: refused.providerPaymentId, providerData: refused.providerData ?? null }),
      ).toMatchObject({
        status: 'FAILED',
        failureReason: 'Refused',
      });
    });

    it('answers found=false for an attempt whose create never answered (nothing to look up)', async () => {
      expect(await adapter(env()).queryPayment({ reference: 'X-1', providerPaymentId: null, providerData: null })).toEqual({ found: false, status: 'PENDING' });
    });

    it('retries 5xx with the same Idempotency-Key, maps 4xx to ProviderRejectedError and a slow reply to ProviderTimeoutError', async () => {
      const provider = adapter(env());
      await control('/faults', { scope: 'adyen', operation: 'create', mode: 'fail', status: 500, count: 2 });
      await provider.createPayment(input('ADY5-1'));
      const creates = (await control('/calls?scope=adyen&operation=create')) as { path: string; status: number }[];
      expect(creates.slice(-3).map((c) => c.status)).toEqual([500, 500, 200]);
      expect(creates.at(-1)!.path).toMatch(/\/adyen\/checkout\/v\d+\/payments$/);

      await expect(adapter({ ...env(), ADYEN_MERCHANT_ACCOUNT: 'SomebodyElse' }).createPayment(input('ADY6-1'))).rejects.toBeInstanceOf(ProviderRejectedError);
      await expect(adapter({ ...env(), ADYEN_API_KEY: 'wrong-api-key' }).createPayment(input('ADY7-1'))).rejects.toBeInstanceOf(ProviderRejectedError);

      await control('/faults', { scope: 'adyen', operation: 'create', mode: 'delay', delayMs: 600, count: 1 });
      await expect(adapter({ ...env(), PROVIDER_TIMEOUT_MS: '200' }).createPayment(input('ADY8-1'))).rejects.toBeInstanceOf(ProviderTimeoutError);
    });
  });
});
