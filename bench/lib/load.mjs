// The load generator, run as its OWN process (node lib/load.mjs '<json>') so it never shares an event loop
// with a server under test. Prints one JSON line with the autocannon summary.
import { createHmac, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { adyenNotificationHmac } from '@minipay/sandbox';

const INTENTS_SECRET = 'sandbox-intents-webhook-secret-0001';
const ADYEN_HEX_KEY = 'B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6';
const MERCHANT_ACCOUNT = 'MinipaySandboxECOM';

const cfg = JSON.parse(process.argv[2]);
const json = { 'content-type': 'application/json' };

function intentsBody(id) {
  return JSON.stringify({ notify_type: 'payment_success', data: { order_id: `bench-po-${id}`, merchant_order_id: `bench-mo-${id}` } });
}
function intentsHeaders(body) {
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', INTENTS_SECRET).update(`${ts}.${body}`).digest('base64');
  return { ...json, 'x-timestamp': ts, 'x-signature': sig };
}
function adyenBody(id) {
  const item = {
    eventCode: 'AUTHORISATION',
    success: 'true',
    pspReference: `BENCH${id}`.slice(0, 60),
    merchantAccountCode: MERCHANT_ACCOUNT,
    merchantReference: `bench-mo-${id}`,
    amount: { value: 1250, currency: 'HKD' },
    eventDate: new Date().toISOString(),
    paymentMethod: 'wechatpayMiniProgram',
    reason: '',
    additionalData: {},
  };
  item.additionalData.hmacSignature = adyenNotificationHmac(ADYEN_HEX_KEY, item);
  return JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] });
}

function scenario() {
  const p = cfg.params ?? {};
  switch (cfg.scenario) {
    case 'get':
      return { requests: [{ method: 'GET', path: p.path, ...(p.headers ? { headers: p.headers } : {}) }] };
    case 'order-pay': {
      // One iteration = POST /orders then POST /orders/:id/pay with the id from the first answer; shoppers rotate.
      let next = 0;
      const orderBody = JSON.stringify({ items: [{ productId: p.productId, quantity: 1 }] });
      return {
        requests: [
          {
            method: 'POST',
            path: '/orders',
            body: orderBody,
            setupRequest: (req, ctx) => {
              ctx.auth = `Bearer ${p.tokens[next++ % p.tokens.length]}`;
              ctx.orderId = null;
              return { ...req, headers: { ...json, authorization: ctx.auth } };
            },
            onResponse: (status, body, ctx) => {
              if (status === 201) ctx.orderId = JSON.parse(body).id;
            },
          },
          {
            method: 'POST',
            setupRequest: (req, ctx) => ({ ...req, path: `/orders/${ctx.orderId ?? 'missing'}/pay`, headers: { authorization: ctx.auth } }),
          },
        ],
      };
    }
    case 'intents-new':
      return {
        requests: [
          {
            method: 'POST',
            path: '/webhooks/intents',
            setupRequest: (req) => {
              const body = intentsBody(randomUUID());
              return { ...req, body, headers: intentsHeaders(body) };
            },
          },
        ],
      };
    case 'intents-dup': {
      const body = intentsBody(p.fixedId);
      const headers = intentsHeaders(body); // signed once; the replay window is 300 s
      return { requests: [{ method: 'POST', path: '/webhooks/intents', body, headers }] };
    }
    case 'adyen-new':
      return {
        requests: [
          {
            method: 'POST',
            path: '/webhooks/adyen',
            setupRequest: (req) => ({ ...req, body: adyenBody(randomUUID().replaceAll('-', '').toUpperCase()), headers: json }),
          },
        ],
      };
    case 'adyen-dup':
      return { requests: [{ method: 'POST', path: '/webhooks/adyen', body: adyenBody(p.fixedId), headers: json }] };
    case 'post-json': {
      const body = intentsBody(randomUUID());
      return { requests: [{ method: 'POST', path: p.path, body, headers: intentsHeaders(body) }] };
    }
    default:
      throw new Error(`unknown scenario ${cfg.scenario}`);
  }
}

const result = await autocannon({
  url: cfg.url,
  connections: cfg.connections ?? 50,
  duration: cfg.duration ?? 5,
  pipelining: 1,
  timeout: 10,
  ...scenario(),
});
const codes = {};
for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx']) if (result[k]) codes[k] = result[k];
process.stdout.write(
  JSON.stringify({
    scenario: cfg.scenario,
    connections: result.connections,
    duration: result.duration,
    rps: result.requests.average,
    total: result.requests.total,
    latency: { mean: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    codes,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }) + '\n',
);
