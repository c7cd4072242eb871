import { createDecipheriv, createPrivateKey, generateKeyPairSync, createPublicKey, createSign, createVerify, randomBytes, X509Certificate } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildSandbox, sandboxContextOf } from '../app';
import { SANDBOX_DEFAULT_CREDENTIALS as C } from '../config';
import { Receiver } from '../testing/receiver';
import { SANDBOX_WECHATPAY_MERCHANT_PRIVATE_KEY } from '../testing/wechatpay-merchant';
import { SIGNTEST_PREFIX } from './crypto';
import { SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY } from './keys';

const merchantKey = createPrivateKey(SANDBOX_WECHATPAY_MERCHANT_PRIVATE_KEY);
const lines = (...p: string[]) => p.map((x) => `${x}\n`).join('');

/** A merchant request signed as WeChat Pay v3 requires (independent of the sandbox's own code). */
function authorization(method: string, url: string, body: string, over: { key?: typeof merchantKey; ts?: number; mchid?: string } = {}) {
  const ts = String(over.ts ?? Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = createSign('RSA-SHA256')
    .update(lines(method, url, ts, nonce, body))
    .sign(over.key ?? merchantKey, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${over.mchid ?? C.wechatpayMchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${ts}",serial_no="${C.wechatpayMerchantSerialNo}"`;
}

function verifies(res: LightMyRequestResponse, key = createPublicKey(SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY)): boolean {
  const h = res.headers as Record<string, string>;
  return createVerify('RSA-SHA256')
    .update(lines(h['wechatpay-timestamp']!, h['wechatpay-nonce']!, res.body))
    .verify(key, h['wechatpay-signature']!, 'base64');
}

function decrypt(resource: { ciphertext: string; nonce: string; associated_data: string }): any {
  const data = Buffer.from(resource.ciphertext, 'base64');
  const d = createDecipheriv('aes-256-gcm', Buffer.from(C.wechatpayApiV3Key), Buffer.from(resource.nonce));
  d.setAuthTag(data.subarray(data.length - 16));
  d.setAAD(Buffer.from(resource.associated_data));
  return JSON.parse(Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString());
}

describe('WeChat Pay API v3 sandbox', () => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let notifyUrl: string;

  beforeEach(async () => {
    receiver = new Receiver();
    receiver.defaultStatus = 204;
    notifyUrl = await receiver.start();
    app = buildSandbox({ notifyRetryDelaysMs: [20, 20], refundSettleDelayMs: 5 });
  });
  afterEach(async () => {
    await app.close();
    await receiver.stop();
  });

  const v3 = (method: 'GET' | 'POST', url: string, payload?: object, over?: Parameters<typeof authorization>[3]) => {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    return app.inject({
      method,
      url,
      payload: body || undefined,
      headers: { authorization: authorization(method, url, body, over), ...(body ? { 'content-type': 'application/json' } : {}) },
    });
  };
  const prepayBody = (over: Record<string, unknown> = {}) => ({
    appid: C.wechatAppId,
    mchid: C.wechatpayMchid,
    description: 'Oolong tea',
    out_trade_no: 'MP261202ABCDEFGH-1',
    notify_url: notifyUrl,
    amount: { total: 6200, currency: 'CNY' },
    payer: { openid: 'oTestOpenid000000000000000000' },
    ...over,
  });
  const prepay = (over?: Record<string, unknown>) => v3('POST', '/v3/pay/transactions/jsapi', prepayBody(over));

  it('answers a prepay with a signed {prepay_id}, and the same order placed again with the same prepay_id', async () => {
    const res = await prepay();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ prepay_id: expect.stringMatching(/^wx\d{14}[0-9a-f]{20}$/) });
    expect(res.headers['wechatpay-serial']).toBe(C.wechatpayPublicKeyId);
    expect(verifies(res)).toBe(true);
    expect((await prepay()).json()).toEqual(res.json());
    const reused = await prepay({ amount: { total: 1, currency: 'CNY' } });
    expect(reused.statusCode).toBe(403);
    expect(reused.json()).toMatchObject({ code: 'OUT_TRADE_NO_USED' });
  });

  it('refuses a bad signature with 401 SIGN_ERROR and a detail, and an expired timestamp', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrongKey = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody(), { key: other });
    expect([wrongKey.statusCode, wrongKey.json().code]).toEqual([401, 'SIGN_ERROR']);
    expect(verifies(wrongKey)).toBe(true);
    expect((await prepay()).statusCode).toBe(200);
    const forged = await app.inject({
      method: 'POST',
      url: '/v3/pay/transactions/jsapi',
      payload: prepayBody({ out_trade_no: 'MP-forged-1' }),
      headers: { authorization: authorization('POST', '/v3/pay/transactions/jsapi', '{}') },
    });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toMatchObject({
      code: 'SIGN_ERROR',
      message: expect.any(String),
      detail: { location: 'header', sign_information: { method: 'POST' } },
    });
    const stale = await v3('POST', '/v3/pay/transactions/jsapi', prepayBody({ out_trade_no: 'MP-stale-1' }), { ts: Math.floor(Date.now() / 1000) - 600 });
    expect(stale.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/v3/pay/transactions/out-trade-no/X?mchid=1' })).statusCode).toBe(401);
  });

  it('answers PARAM_ERROR 400 for a bad body and a non-CNY currency, APPID_MCHID_NOT_MATCH for another appid', async () => {
    expect((await prepay({ amount: { total: -1, currency: 'CNY' } })).json()).toMatchObject({ code: 'PARAM_ERROR' });
    const hkd = await prepay({ out_trade_no: 'MP-hkd-1', amount: { total: 100, currency: 'HKD' } });
    expect([hkd.statusCode, hkd.json().code]).toEqual([400, 'PARAM_ERROR']);
    expect((await prepay({ out_trade_no: 'MP-app-1', appid: 'wx0000000000000000' })).json()).toMatchObject({ code: 'APPID_MCHID_NOT_MATCH' });
  });

  it('query → approve → encrypted, signed TRANSACTION.SUCCESS notification; the query says SUCCESS', async () => {
    await prepay();
    const q = await v3('GET', `/v3/pay/transactions/out-trade-no/MP261202ABCDEFGH-1?mchid=${C.wechatpayMchid}`);
    expect(q.json()).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 6200, currency: 'CNY' } });
    expect(verifies(q)).toBe(true);
    const act = await app.inject({ method: 'POST', url: '/__sandbox/payments/MP261202ABCDEFGH/approve' });
    expect(act.json()).toMatchObject({ provider: 'wechatpay', status: 'SUCCESS' });
    await receiver.waitFor(1);
    const [n] = receiver.received;
    expect(
      createVerify('RSA-SHA256')
        .update(lines(n!.headers['wechatpay-timestamp'] as string, n!.headers['wechatpay-nonce'] as string, n!.rawBody))
        .verify(createPublicKey(SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY), n!.headers['wechatpay-signature'] as string, 'base64'),
    ).toBe(true);
    expect(n!.json).toMatchObject({
      resource_type: 'encrypt-resource',
      event_type: 'TRANSACTION.SUCCESS',
      resource: { algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction' },
    });
    expect(decrypt(n!.json.resource)).toMatchObject({
      out_trade_no: 'MP261202ABCDEFGH-1',
      trade_state: 'SUCCESS',
      mchid: C.wechatpayMchid,
      appid: C.wechatAppId,
      amount: { total: 6200 },
    });
    expect((await v3('GET', `/v3/pay/transactions/out-trade-no/MP261202ABCDEFGH-1?mchid=${C.wechatpayMchid}`)).json()).toMatchObject({
      trade_state: 'SUCCESS',
      transaction_id: expect.any(String),
    });
    const close = await v3('POST', '/v3/pay/transactions/out-trade-no/MP261202ABCDEFGH-1/close', { mchid: C.wechatpayMchid });
    expect(close.json()).toMatchObject({ code: 'ORDERPAID' });
  });

  it('retries a notification until the merchant answers 2xx', async () => {
    receiver.statuses = [500, 500];
    await prepay();
    await app.inject({ method: 'POST', url: '/__sandbox/payments/MP261202ABCDEFGH/approve' });
    await receiver.waitFor(3);
    await sandboxContextOf(app).notifier.idle();
    expect(receiver.received.map((r) => r.json.id)).toEqual(Array(3).fill(receiver.received[0]!.json.id));
  });

  it('close answers 204 (signed empty body); an order the shopper is paying answers 429 FREQUENCY_LIMITED', async () => {
    await prepay();
    await prepay({ out_trade_no: 'MP261202ZZZZZZZZ-1' });
    const close = await v3('POST', '/v3/pay/transactions/out-trade-no/MP261202ABCDEFGH-1/close', { mchid: C.wechatpayMchid });
    expect(close.statusCode).toBe(204);
    expect(close.body).toBe('');
    expect(verifies(close)).toBe(true);
    await app.inject({ method: 'POST', url: '/__sandbox/payments/MP261202ZZZZZZZZ/paying' });
    const busy = await v3('POST', '/v3/pay/transactions/out-trade-no/MP261202ZZZZZZZZ-1/close', { mchid: C.wechatpayMchid });
    expect([busy.statusCode, busy.json().code]).toEqual([429, 'FREQUENCY_LIMITED']);
    expect((await v3('POST', '/v3/pay/transactions/out-trade-no/NOPE-1/close', { mchid: C.wechatpayMchid })).statusCode).toBe(404);
  });

  it('refunds: PROCESSING, then SUCCESS with a REFUND.SUCCESS notification; never above the total', async () => {
    await prepay();
    await app.inject({ method: 'POST', url: '/__sandbox/payments/MP261202ABCDEFGH/approve' });
    const refund = (no: string, amount: number) =>
      v3('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: 'MP261202ABCDEFGH-1',
        out_refund_no: no,
        notify_url: notifyUrl,
        amount: { refund: amount, total: 6200, currency: 'CNY' },
      });
    const r = await refund('RF-1', 200);
    expect(r.json()).toMatchObject({ out_refund_no: 'RF-1', status: 'PROCESSING', amount: { refund: 200, total: 6200 } });
    await receiver.waitFor(2);
    const refundNotice = receiver.received.find((x) => x.json.event_type === 'REFUND.SUCCESS')!;
    expect(decrypt(refundNotice.json.resource)).toMatchObject({ out_refund_no: 'RF-1', refund_status: 'SUCCESS', amount: { refund: 200 } });
    expect((await v3('GET', '/v3/refund/domestic/refunds/RF-1')).json()).toMatchObject({ status: 'SUCCESS' });
    expect((await refund('RF-2', 6001)).json()).toMatchObject({ code: 'NOT_ENOUGH' });
  });

  it('injected failures use WeChat codes; a 5xx SYSTEM_ERROR comes unsigned', async () => {
    await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { scope: 'wechatpay', operation: 'create', mode: 'fail', status: 500, count: 1 } });
    const res = await prepay();
    expect([res.statusCode, res.json().code]).toEqual([500, 'SYSTEM_ERROR']);
    expect(res.headers['wechatpay-signature']).toBeUndefined();
  });

  it('public-key mode has no certificates (404); certificate mode serves the encrypted certificate and signs with it', async () => {
    expect((await v3('GET', '/v3/certificates')).statusCode).toBe(404);
    await app.inject({ method: 'PUT', url: '/__sandbox/wechatpay/mode', payload: { mode: 'certificate' } });
    const res = await v3('GET', '/v3/certificates');
    const [entry] = res.json().data;
    const d = entry.encrypt_certificate;
    const data = Buffer.from(d.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(C.wechatpayApiV3Key), Buffer.from(d.nonce));
    decipher.setAuthTag(data.subarray(data.length - 16));
    decipher.setAAD(Buffer.from(d.associated_data));
    const cert = new X509Certificate(Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString());
    expect(cert.serialNumber.toUpperCase()).toBe(entry.serial_no);
    expect(res.headers['wechatpay-serial']).toBe(entry.serial_no);
    expect(verifies(res, cert.publicKey)).toBe(true);
  });

  it('SIGNTEST probes carry a WECHATPAY/SIGNTEST/ signature and report whether the merchant refused them', async () => {
    receiver.defaultStatus = 401;
    const probe = await app.inject({ method: 'POST', url: '/__sandbox/wechatpay/signtest', payload: { url: notifyUrl } });
    expect(probe.json()).toMatchObject({ status: 401, verified: true });
    expect(String(receiver.received[0]!.headers['wechatpay-signature'])).toMatch(new RegExp(`^${SIGNTEST_PREFIX}`));
  });

  it('a prepay_id expires after 2 hours: the shopper cannot pay it, the same order placed again gets a new one', async () => {
    const first = (await prepay()).json().prepay_id;
    sandboxContextOf(app).state.wechatpayTransactions.get('MP261202ABCDEFGH-1')!.prepayExpiresAt = Date.now() - 1;
    expect((await app.inject({ method: 'POST', url: '/__sandbox/payments/MP261202ABCDEFGH/approve' })).statusCode).toBe(409);
    const second = (await prepay()).json().prepay_id;
    expect(second).not.toBe(first);
  });

  it('GET /__sandbox/keys publishes the WeChat Pay public halves', async () => {
    const keys = (await app.inject({ method: 'GET', url: '/__sandbox/keys' })).json();
    expect(keys.wechatpay).toMatchObject({
      appId: C.wechatAppId,
      mchid: C.wechatpayMchid,
      publicKeyId: C.wechatpayPublicKeyId,
      platformPublicKeyPem: SANDBOX_WECHATPAY_PLATFORM_PUBLIC_KEY,
    });
    expect(createPublicKey(keys.wechatpay.merchantPublicKeyPem).export({ type: 'spki', format: 'pem' })).toBe(
      createPublicKey(merchantKey).export({ type: 'spki', format: 'pem' }),
    );
    expect(JSON.stringify(keys)).not.toContain('PRIVATE KEY');
  });
});
