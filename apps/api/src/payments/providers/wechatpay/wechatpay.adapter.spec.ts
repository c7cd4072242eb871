import { createPrivateKey } from 'node:crypto';
import { startSandbox, wechatpayEncryptResource, wechatpaySandboxKeys, wechatpaySignatureHeaders, type RunningSandbox } from '@minipay/sandbox';
import { DomainError } from '../../../common/errors/domain-error';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { StaticAppSettings } from '../../../config/app-config';
import { loadConfig } from '../../../config/config.schema';
import { WebhookPayloadError, WebhookVerificationError } from '../payment-provider';
import { WechatpayPaymentProvider } from './wechatpay.adapter';

const K = wechatpaySandboxKeys;
const publicKeySigner = { serial: K.SANDBOX_WECHATPAY_PUBLIC_KEY_ID, key: createPrivateKey(K.SANDBOX_WECHATPAY_PLATFORM_PRIVATE_KEY) };
const certSigner = { serial: '5157F09EFDC096DE15EBE81A47057A7232F4A1E2', key: createPrivateKey(K.SANDBOX_WECHATPAY_PLATFORM_CERT_PRIVATE_KEY) };

describe('WechatpayPaymentProvider against the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, notifyRetryDelaysMs: [10], refundSettleDelayMs: 5 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const adapter = (env: Record<string, string> = {}) =>
    new WechatpayPaymentProvider(new StaticAppSettings(loadConfig({ SANDBOX_PORT: String(sandbox.port), PROVIDER_RETRY_BASE_MS: '1', ...env })));
  const setMode = (mode: 'public_key' | 'certificate') =>
    fetch(`${sandbox.url}/__sandbox/wechatpay/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
  const notification = (resource: object, eventType = 'TRANSACTION.SUCCESS', apiV3Key = K.SANDBOX_WECHATPAY_APIV3_KEY) =>
    Buffer.from(
      JSON.stringify({
        id: 'EV-1',
        create_time: '2026-12-02T20:00:00+08:00',
        resource_type: 'encrypt-resource',
        event_type: eventType,
        summary: 'x',
        resource: { original_type: 'transaction', ...wechatpayEncryptResource(apiV3Key, JSON.stringify(resource), 'transaction') },
      }),
    );
  const paid = (over: object = {}) => ({
    appid: 'wx5f3b0c8a9d2e4f61',
    mchid: K.SANDBOX_WECHATPAY_MCHID,
    out_trade_no: 'MP-A-1',
    transaction_id: '4200000000000000000000000042',
    trade_state: 'SUCCESS',
    amount: { total: 6200, currency: 'CNY' },
    ...over,
  });

  it('create → query → close → query: paySign parameters, NOTPAY → PENDING, 204 close → CANCELLED', async () => {
    const a = adapter();
    const input = {
      reference: 'MPUNIT000000001-1',
      merchantOrderId: 'MPUNIT000000001',
      amount: { value: 1990, currency: 'CNY' },
      description: 'tea',
      openid: 'oUnit',
      notifyUrl: 'http://127.0.0.1:9/webhooks/wechatpay',
      idempotencyKey: 'k',
    };
    const created = await a.createPayment(input);
    expect(created.requestPayment).toMatchObject({ signType: 'RSA', package: `prepay_id=${created.providerPaymentId}` });
    expect(created.providerData).toEqual({ total: '1990' });
    const locator = { reference: input.reference, providerPaymentId: created.providerPaymentId, providerData: created.providerData ?? null };
    expect(await a.queryPayment(locator)).toMatchObject({ found: true, status: 'PENDING', amount: { value: 1990, currency: 'CNY' } });
    expect(await a.cancelPayment(locator)).toEqual({ found: true, status: 'CANCELLED' });
    expect(await a.queryPayment(locator)).toMatchObject({ status: 'CANCELLED' });
    expect(await a.queryPayment({ ...locator, reference: 'MPUNKNOWN00000-1' })).toEqual({ found: false, status: 'PENDING' });
  });

  it('refuses a non-CNY amount with CURRENCY_NOT_SUPPORTED before calling WeChat Pay', async () => {
    const attempt = adapter().createPayment({
      reference: 'MPUNIT000000002-1',
      merchantOrderId: 'MPUNIT000000002',
      amount: { value: 100, currency: 'HKD' },
      description: 'x',
      openid: 'o',
      notifyUrl: 'http://127.0.0.1:9/x',
      idempotencyKey: 'k',
    });
    await expect(attempt).rejects.toBeInstanceOf(DomainError);
    await expect(attempt).rejects.toMatchObject({ code: 'CURRENCY_NOT_SUPPORTED' });
  });

  it('a WeChat error reply becomes ProviderRejectedError with its code', async () => {
    const a = adapter();
    const base = { merchantOrderId: 'MPUNIT000000003', description: 'x', openid: 'o', notifyUrl: 'http://127.0.0.1:9/x', idempotencyKey: 'k' };
    await a.createPayment({ ...base, reference: 'MPUNIT000000003-1', amount: { value: 100, currency: 'CNY' } });
    const reused = a.createPayment({ ...base, reference: 'MPUNIT000000003-1', amount: { value: 101, currency: 'CNY' } });
    await expect(reused).rejects.toBeInstanceOf(ProviderRejectedError);
    await expect(reused).rejects.toMatchObject({ details: { providerCode: 'OUT_TRADE_NO_USED' } });
  });

  it('parses TRANSACTION.SUCCESS (public key) into a verified payment event keyed by the transaction', () => {
    const raw = notification(paid());
    const n = adapter().parseNotification(raw, wechatpaySignatureHeaders(publicKeySigner, raw.toString()));
    expect(n.acknowledgement.body).toBe('');
    expect(n.events).toEqual([
      {
        kind: 'payment',
        eventKey: 'TRANSACTION.SUCCESS:4200000000000000000000000042',
        reference: 'MP-A-1',
        status: 'SUCCEEDED',
        amount: { value: 6200, currency: 'CNY' },
      },
    ]);
  });

  it('parses REFUND.ABNORMAL into a FAILED refund event, and ignores unknown event types', () => {
    const refund = {
      mchid: K.SANDBOX_WECHATPAY_MCHID,
      out_trade_no: 'MP-A-1',
      transaction_id: '42',
      out_refund_no: 'RF-1',
      refund_id: '5030',
      refund_status: 'ABNORMAL',
      amount: { total: 6200, refund: 100 },
    };
    const raw = notification(refund, 'REFUND.ABNORMAL');
    expect(adapter().parseNotification(raw, wechatpaySignatureHeaders(publicKeySigner, raw.toString())).events[0]).toMatchObject({
      kind: 'refund',
      eventKey: 'REFUND.ABNORMAL:5030',
      refundReference: 'RF-1',
      status: 'FAILED',
      amount: { value: 100, currency: 'CNY' },
    });
    const other = notification({}, 'MCHTRANSFER.BILL.FINISHED');
    expect(adapter().parseNotification(other, wechatpaySignatureHeaders(publicKeySigner, other.toString())).events[0]).toMatchObject({ kind: 'ignored' });
  });

  it('refuses another appid with a payload error', () => {
    const raw = notification(paid({ appid: 'wx0000000000000000' }));
    expect(() => adapter().parseNotification(raw, wechatpaySignatureHeaders(publicKeySigner, raw.toString()))).toThrow(WebhookPayloadError);
  });

  it('certificate mode: a notification under a not-yet-downloaded serial is refused and triggers the download; the retry verifies', async () => {
    await setMode('certificate');
    try {
      const a = adapter({ WECHATPAY_PUBLIC_KEY_ID: '', WECHATPAY_PUBLIC_KEY: '' });
      expect(a.mode).toBe('certificate');
      const raw = notification(paid());
      const headers = wechatpaySignatureHeaders(certSigner, raw.toString());
      await fetch(`${sandbox.url}/__sandbox/calls`, { method: 'DELETE' });
      expect(() => a.parseNotification(raw, headers)).toThrow(WebhookVerificationError);
      // No outbound call of ours is needed: the refusal itself starts the download, so WeChat's retry verifies.
      let parsed;
      for (let i = 0; i < 100 && !parsed; i++) {
        await new Promise((r) => setTimeout(r, 20));
        try {
          parsed = a.parseNotification(raw, headers);
        } catch {
          // not downloaded yet
        }
      }
      expect(parsed?.events[0]).toMatchObject({ kind: 'payment', status: 'SUCCEEDED' });
      const downloads = await (await fetch(`${sandbox.url}/__sandbox/calls?scope=wechatpay&operation=certificates`)).json();
      expect(downloads).toHaveLength(1);
      // The WeChat Pay public key is not trusted in certificate mode.
      expect(() => a.parseNotification(raw, wechatpaySignatureHeaders(publicKeySigner, raw.toString()))).toThrow(WebhookVerificationError);
    } finally {
      await setMode('public_key');
    }
  });
});
