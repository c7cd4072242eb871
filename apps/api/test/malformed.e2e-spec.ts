import { signIntentsNotification } from '@minipay/sandbox';
import { call, expectError } from './support/http';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';

/**
 * Bodies no endpoint accepts. Each must be a 400 with the error envelope — never a 500. The third column says whether
 * the API's JSON parser takes the body at all (it refuses broken JSON and, against prototype pollution, `__proto__`).
 */
const MALFORMED_BODIES: Array<[string, string, boolean]> = [
  ['truncated JSON', '{"items": [', false],
  ['not JSON at all', 'hello', false],
  ['JSON null', 'null', true],
  ['a JSON array', '[]', true],
  ['a JSON string', '"code"', true],
  ['a JSON number', '42', true],
  ['an empty object', '{}', true],
  ['wrong types', '{"code": 1, "items": "tea", "errMsg": false}', true],
  ['unknown fields only', '{"foo": {"bar": [1, 2, 3]}}', true],
  ['prototype pollution attempt', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', false],
];

describe('malformed requests get 400 with the envelope on every endpoint', () => {
  let stack: Stack;
  let shopper: Shopper;
  let orderId: string;

  beforeAll(async () => {
    stack = await startStack();
    shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    orderId = (await shopper.placeOrder([{ productId: product.id, quantity: 1 }])).id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const endpoints = (): Array<[string, string, boolean]> => [
    ['POST', '/auth/login', false],
    ['POST', '/orders', true],
    ['POST', `/orders/${orderId}/pay/result`, true],
  ];

  it.each(MALFORMED_BODIES)('%s', async (_name, rawBody) => {
    for (const [method, path, auth] of endpoints()) {
      const reply = await call(stack.apiUrl, method, path, { rawBody, token: auth ? shopper.token : undefined });
      expectError(reply, 400, 'VALIDATION_FAILED');
    }
  });

  it.each([
    ['GET', '/orders/not-a-uuid'],
    ['POST', '/orders/not-a-uuid/pay'],
    ['POST', "/orders/1'%20OR%20'1'='1/pay/result"],
  ])('%s %s with a malformed id is 400', async (method, path) => {
    const body = method === 'GET' ? undefined : { errMsg: 'requestPayment:ok' };
    expectError(await call(stack.apiUrl, method, path, { token: shopper.token, body }), 400, 'VALIDATION_FAILED');
  });

  it('a malformed Idempotency-Key header is 400', async () => {
    const [product] = await shopper.products();
    const reply = await call(stack.apiUrl, 'POST', '/orders', {
      token: shopper.token,
      body: { items: [{ productId: product.id, quantity: 1 }] },
      headers: { 'idempotency-key': 'x'.repeat(65) },
    });
    expectError(reply, 400, 'VALIDATION_FAILED');
  });

  it('a body over the size limit is 413', async () => {
    const reply = await call(stack.apiUrl, 'POST', '/orders', { token: shopper.token, rawBody: JSON.stringify({ items: 'x'.repeat(200_000) }) });
    expectError(reply, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type is 415', async () => {
    const reply = await call(stack.apiUrl, 'POST', '/auth/login', { rawBody: '<code>1</code>', headers: { 'content-type': 'application/xml' } });
    expectError(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('a correctly signed but malformed notification is 400; an unsigned one is rejected too', async () => {
    for (const [, rawBody, parsed] of MALFORMED_BODIES) {
      const signed = signIntentsNotification(stack.config.INTENTS_WEBHOOK_SECRET, rawBody);
      expectError(await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody, headers: { 'content-type': 'application/json', ...signed } }), 400);
      // A body the JSON parser refuses is 400 before verification; a parsed one without a signature is 401.
      const unsigned = await call(stack.apiUrl, 'POST', '/webhooks/intents', { rawBody, headers: { 'content-type': 'application/json' } });
      if (parsed) expectError(unsigned, 401, 'WEBHOOK_SIGNATURE_INVALID');
      else expectError(unsigned, 400, 'VALIDATION_FAILED');
    }
  });

  it('an unknown route is 404 with the envelope', async () => {
    expectError(await call(stack.apiUrl, 'GET', '/no/such/route'), 404, 'ROUTE_NOT_FOUND');
  });

  it('the API is still healthy afterwards', async () => {
    expect((await call(stack.apiUrl, 'GET', '/health')).status).toBe(200);
  });
});
