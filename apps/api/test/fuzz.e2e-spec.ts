import fc from 'fast-check';
import { CreateOrderRequest, CreateRefundRequest, ErrorEnvelope, LoginRequest, PayResultRequest } from '@minipay/contracts';
import type { ZodType } from 'zod';
import { loadConfig } from '../src/config/config.schema';
import { call } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

const REQUESTS = 10_000;
const CONCURRENCY = 50;

/**
 * 10,000 generated malformed requests (fast-check, fixed seed so a failure replays) across every endpoint:
 * the API answers 4xx with the error envelope — never a 5xx — and is still healthy afterwards. A generated
 * request that happens to be valid may succeed, but only if the contract schema accepts it.
 */
describe('fuzzing every endpoint with malformed requests', () => {
  let stack: Stack;
  let shopper: Shopper;
  let orderId: string;

  beforeAll(async () => {
    // Limits far above REQUESTS, for every rate-limited action there is: under the default per-minute budgets most
    // valid-token calls would be 429 and the handlers this suite is about would barely be reached.
    const limits = Object.keys(loadConfig({})).filter((key) => /^THROTTLE_\w+_PER_MINUTE$/.test(key));
    stack = await startStack(Object.fromEntries(limits.map((key) => [key, String(REQUESTS * 10)])));
    shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    orderId = (await shopper.placeOrder([{ productId: product.id, quantity: 1 }])).id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(`answers ${REQUESTS} malformed requests with 4xx envelopes only`, async () => {
    interface Endpoint {
      method: string;
      path: (id: string) => string;
      schema?: ZodType;
      auth: 'shopper' | 'admin' | 'none';
    }
    const endpoints: Endpoint[] = [
      { method: 'POST', path: () => '/auth/login', schema: LoginRequest, auth: 'none' },
      { method: 'GET', path: () => '/catalog/products', auth: 'none' },
      { method: 'POST', path: () => '/orders', schema: CreateOrderRequest, auth: 'shopper' },
      { method: 'GET', path: () => '/orders', auth: 'shopper' },
      { method: 'GET', path: (id) => `/orders/${id}`, auth: 'shopper' },
      { method: 'POST', path: (id) => `/orders/${id}/pay`, auth: 'shopper' },
      { method: 'POST', path: (id) => `/orders/${id}/pay/result`, schema: PayResultRequest, auth: 'shopper' },
      { method: 'POST', path: () => '/webhooks/intents', auth: 'none' },
      { method: 'POST', path: () => '/webhooks/adyen', auth: 'none' },
      { method: 'POST', path: (id) => `/admin/orders/${id}/refunds`, schema: CreateRefundRequest, auth: 'admin' },
      { method: 'GET', path: (id) => `/admin/orders/${id}/timeline`, auth: 'admin' },
    ];
    const jsonish = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 200 }),
      fc.constantFrom(
        '{',
        '[',
        '{"items":[{"productId":',
        'null',
        '""',
        '{"code":null}',
        '{"errMsg":"requestPayment:"}',
        '{"items":[{"productId":"oolong-tea","quantity":1.5}]}',
      ),
      fc
        .record({ code: fc.anything(), items: fc.anything(), errMsg: fc.anything(), amount: fc.anything(), reason: fc.anything() }, { requiredKeys: [] })
        .map((v) => {
          try {
            return JSON.stringify(v) ?? '{}';
          } catch {
            return '{}';
          }
        }),
    );
    const idLike = fc.oneof(fc.constant('ORDER'), fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.uuid());
    const request = fc.record({
      endpoint: fc.constantFrom(...endpoints),
      id: idLike,
      body: fc.option(jsonish, { nil: undefined }),
      contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml'),
      authorization: fc.constantFrom('valid', 'none', 'garbage', 'Bearer x.y', 'Basic Zm9vOmJhcg=='),
      idempotencyKey: fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
      signature: fc.option(fc.record({ 'x-timestamp': fc.string({ maxLength: 14 }), 'x-signature': fc.base64String({ maxLength: 60 }) }), { nil: undefined }),
    });
    const samples = fc.sample(request, { numRuns: REQUESTS, seed: 20261125 });

    const problems: string[] = [];
    let served = 0;
    // Calls that carry a valid credential, and those of them that got past the rate limiter to the handler.
    let credentialed = 0;
    let throttled = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < samples.length; i += CONCURRENCY) {
      await Promise.all(
        samples.slice(i, i + CONCURRENCY).map(async (sample) => {
          const { endpoint } = sample;
          const path = endpoint.path(sample.id === 'ORDER' ? orderId : sample.id);
          const headers: Record<string, string> = { 'content-type': sample.contentType };
          if (endpoint.auth === 'shopper' && sample.authorization === 'valid') headers.authorization = `Bearer ${shopper.token}`;
          else if (sample.authorization !== 'none' && sample.authorization !== 'valid') headers.authorization = sample.authorization;
          if (endpoint.auth === 'admin' && sample.authorization === 'valid') headers['x-admin-key'] = stack.config.ADMIN_API_KEY;
          if (sample.idempotencyKey !== undefined) headers['idempotency-key'] = sample.idempotencyKey.replace(/[\r\n]/g, '');
          if (sample.signature) Object.assign(headers, sample.signature);
          const body = endpoint.method === 'GET' ? undefined : sample.body;
          let reply;
          try {
            reply = await call(stack.apiUrl, endpoint.method, path, { rawBody: body, headers });
          } catch (error) {
            // A header value fetch itself refuses to send is not a request to the API.
            if (/header|ByteString/i.test(String(error))) return;
            throw error;
          }
          served++;
          statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
          if (endpoint.auth !== 'none' && sample.authorization === 'valid') {
            credentialed++;
            if (reply.status === 429) throttled++;
          }
          if (reply.status >= 500) problems.push(`${endpoint.method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
          else if (reply.status >= 400 && !ErrorEnvelope.safeParse(reply.body).success)
            problems.push(`${endpoint.method} ${path} → ${reply.status} without the envelope`);
          else if (reply.status < 400 && endpoint.schema && body !== undefined) {
            let parsed: unknown;
            try {
              parsed = JSON.parse(body);
            } catch {
              parsed = undefined;
            }
            if (!endpoint.schema.safeParse(parsed).success) problems.push(`${endpoint.method} ${path} accepted an invalid body: ${body}`);
          }
        }),
      );
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(served).toBeGreaterThan(REQUESTS * 0.9);
    // The generated requests must reach the handlers, not the limiter: no 429 at all, a fair share of the calls
    // made with a valid credential (~1 in 5 of those to authenticated routes), and some accepted outright.
    const summary = JSON.stringify(Object.fromEntries(statuses));
    expect({ throttled: statuses.get(429) ?? 0, summary }).toEqual({ throttled: 0, summary });
    expect(credentialed).toBeGreaterThan(REQUESTS * 0.1);
    expect(throttled).toBe(0);
    expect([...statuses].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0)).toBeGreaterThan(REQUESTS * 0.05);
    expect((await call(stack.apiUrl, 'GET', '/health')).status).toBe(200);
    expect((await shopper.order(orderId)).id).toBe(orderId);
  }, 240_000);
});
