import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderRejectedError } from '../../../common/errors/provider-errors';
import { StaticAppSettings } from '../../../config/app-config';
import { loadConfig } from '../../../config/config.schema';
import { CurrencyNotSupportedError } from '../money';
import { IntentsPaymentProvider } from './intents.adapter';

/**
 * The amount on the wire, per INTENTS_AMOUNT_UNIT, against a recording fake of the provider: the sandbox speaks
 * major units only, and what matters here is the exact string sent and how a reported one is read back.
 */
describe('IntentsPaymentProvider amounts on the wire', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { path: string; body: any }[] = [];
  let reported = { amount: '0', currency: 'HKD' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const body = raw ? JSON.parse(raw) : undefined;
        requests.push({ path: req.url ?? '', body });
        const reply = (data: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 0, data, message: 'ok', rid: 'r1' }));
        };
        if (req.url?.endsWith('/authentication/access_token')) return reply({ access_token: 'token', expires_in: 7200 });
        const intent = { order_id: 'C1', merchant_order_id: body?.merchant_order_id ?? 'M-1', status: 'PENDING', ...reported };
        if (req.url?.endsWith('/payment_intents/create')) {
          const sdk = { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=p', paySign: 's', signType: 'RSA' };
          return reply({ ...intent, amount: body.amount, currency: body.currency, next_action: { type: 'call_sdk', data: sdk } });
        }
        return reply(intent);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  const adapter = (unit: 'major' | 'minor') =>
    new IntentsPaymentProvider(new StaticAppSettings(loadConfig({ INTENTS_BASE_URL: baseUrl, INTENTS_AMOUNT_UNIT: unit, PROVIDER_RETRY_BASE_MS: '1' })));
  const create = (provider: IntentsPaymentProvider, value: number, currency: string) =>
    provider.createPayment({
      reference: 'M-1',
      merchantOrderId: 'M',
      amount: { value, currency },
      description: 'Tea',
      openid: 'o1',
      notifyUrl: 'http://127.0.0.1/webhooks/intents',
      idempotencyKey: 'create-M-1',
    });
  const sentAmount = () => requests.find((r) => r.path.endsWith('/payment_intents/create'))?.body;

  it.each<['major' | 'minor', number, string, string]>([
    ['major', 1250, 'HKD', '12.50'],
    ['major', 1200, 'TWD', '12'],
    ['major', 1_500_000, 'IDR', '15000'],
    ['major', 500, 'JPY', '500'],
    ['minor', 1250, 'HKD', '1250'],
    ['minor', 1200, 'TWD', '12'],
    ['minor', 1_500_000, 'IDR', '15000'],
    ['minor', 12_000, 'KRW', '12000'],
  ])('INTENTS_AMOUNT_UNIT=%s: %i %s is sent as "%s"', async (unit, value, currency, wire) => {
    await create(adapter(unit), value, currency);
    expect(sentAmount()).toMatchObject({ amount: wire, currency });
  });

  it.each<['major' | 'minor', string, string, number]>([
    ['major', '12.50', 'HKD', 1250],
    ['major', '12', 'TWD', 1200],
    ['major', '12.00', 'TWD', 1200],
    ['minor', '1250', 'HKD', 1250],
    ['minor', '12', 'TWD', 1200],
    ['minor', '15000', 'IDR', 1_500_000],
  ])('INTENTS_AMOUNT_UNIT=%s: a reported "%s" %s is %i of ours', async (unit, amount, currency, value) => {
    reported = { amount, currency };
    expect((await adapter(unit).queryPayment({ reference: 'M-1', providerPaymentId: 'C1', providerData: null })).amount).toEqual({ value, currency });
  });

  it.each(['major', 'minor'] as const)('INTENTS_AMOUNT_UNIT=%s: refuses what it cannot send with 422, before any request', async (unit) => {
    for (const [value, currency] of [
      [1250, 'TWD'],
      [1234, 'KWD'],
      [1000, 'CLP'],
    ] as const) {
      await expect(create(adapter(unit), value, currency)).rejects.toBeInstanceOf(CurrencyNotSupportedError);
      await expect(create(adapter(unit), value, currency)).rejects.toMatchObject({ code: 'CURRENCY_NOT_SUPPORTED', details: { currency } });
    }
    expect(requests).toEqual([]);
  });

  it('a reported amount it cannot read exactly is a rejected reply, not a guess', async () => {
    reported = { amount: '12.5', currency: 'TWD' };
    await expect(adapter('major').queryPayment({ reference: 'M-1', providerPaymentId: 'C1', providerData: null })).rejects.toBeInstanceOf(
      ProviderRejectedError,
    );
    reported = { amount: '1.234', currency: 'KWD' };
    await expect(adapter('major').queryPayment({ reference: 'M-1', providerPaymentId: 'C1', providerData: null })).rejects.toBeInstanceOf(
      ProviderRejectedError,
    );
  });
});
