import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIntentsNotification } from '@minipay/sandbox';
import { User } from '../../src/auth/user.entity';
import { call } from './http';
import { Shopper } from './shopper';
import { startStack, type Stack } from './stack';

/**
 * Runs the whole flow on both providers with logging at `trace` into a file, then greps that file for every
 * secret the run used or produced: configured secrets, bearer tokens, WeChat session_keys, provider access
 * tokens and notification signatures. None may appear. (The mini program bundle is checked by its build check.)
 */
/** One provider per test file (they run in parallel in CI and each boots the whole stack). */
export function describeSecretHygiene(provider: 'intents' | 'adyen' | 'wechatpay'): void {
  describe(`secret hygiene of the logs (${provider})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'minipay-logs-'));
    afterAll(() => process.env.KEEP_LOGS || rmSync(dir, { recursive: true, force: true }));

    async function fullRun(provider: 'intents' | 'adyen' | 'wechatpay'): Promise<{ log: string; secrets: string[] }> {
      const logFile = join(dir, `${provider}.log`);
      const stack: Stack = await startStack({ PAYMENT_PROVIDER: provider, LOG_LEVEL: 'trace', LOG_FILE: logFile });
      const produced: string[] = [];
      try {
        const shopper = await new Shopper(stack).login();
        produced.push(shopper.token);
        const [product] = await shopper.products();
        const order = await shopper.placeOrder([{ productId: product.id, quantity: 2 }], { 'idempotency-key': `hygiene-${provider}` });
        const pay = await shopper.pay(order.id);
        produced.push(pay.requestPayment.paySign);
        await shopper.act(order.merchantOrderId, 'approve');
        await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID');
        await shopper.api('POST', `/orders/${order.id}/pay/result`, { errMsg: 'requestPayment:ok' });
        const admin = { 'x-admin-key': stack.config.ADMIN_API_KEY };
        await call(stack.apiUrl, 'POST', `/admin/orders/${order.id}/refunds`, { body: { amount: 100, reason: 'hygiene' }, headers: admin });
        await call(stack.apiUrl, 'GET', `/admin/orders/${order.id}/timeline`, { headers: admin });
        const body = JSON.stringify({ notify_type: 'payment_success', data: { order_id: 'C1', merchant_order_id: `${order.merchantOrderId}-1` } });
        const signature = signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, body);
        produced.push(signature['x-signature']);
        await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody: body, headers: { 'content-type': 'application/json', ...signature } });
        await call(stack.apiUrl, 'POST', '/auth/login', { body: { code: 'an-invalid-code' } });
        await stack.sandbox.notificationsIdle();
        for (const user of await stack.db.getRepository(User).find()) if (user.sessionKey) produced.push(user.sessionKey);
        produced.push(...stack.sandbox.state.intentTokens.keys());
        const c = stack.config;
        const configured = [
          c.WECHAT_APP_SECRET,
          c.INTENTS_API_KEY,
          c.INTENTS_WEBHOOK_SECRET,
          c.ADYEN_API_KEY,
          ...c.ADYEN_HMAC_KEYS,
          c.SESSION_SECRET,
          c.ADMIN_API_KEY,
        ];
        // WeChat Pay: the APIv3 key and every line of the merchant private key.
        configured.push(c.WECHATPAY_APIV3_KEY, ...c.WECHATPAY_MERCHANT_PRIVATE_KEY.split('\n').filter((line) => line.length > 40));
        return { log: '', secrets: [...configured, ...produced] };
      } finally {
        await stack.close();
      }
    }

    it(`a full ${provider} run logs no secret`, async () => {
      const { secrets } = await fullRun(provider);
      const log = readFileSync(join(dir, `${provider}.log`), 'utf8');
      // The test is only meaningful if the run did log its requests.
      expect(log).toContain('"url":"/orders"');
      expect(log).toContain('/webhooks/');
      expect(secrets.length).toBeGreaterThan(8);
      const leaked = secrets.filter((secret) => secret.length >= 8 && (log.includes(secret) || log.toLowerCase().includes(secret.toLowerCase())));
      expect(leaked.map((s) => `${s.slice(0, 6)}…`)).toEqual([]);
    });
  });
}
