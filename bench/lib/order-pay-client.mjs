// The order+pay iteration over node:http, shared by the open-loop (lib/open-loop.mjs) and closed-loop
// (lib/closed-loop.mjs) generators. node:http rather than undici: it ships with Node (no new dependency), and at
// the rates these figures offer (a few hundred requests/s) its per-request cost is a few % of one core.
import http from 'node:http';

/** A keep-alive agent that opens up to `maxSockets` connections; requests beyond that wait in the agent (and that
 * wait still counts, because the generators time every request from when it was due, not from when it was sent). */
export function makeAgent(maxSockets) {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

/** One HTTP request; resolves (never rejects) with { status, body } or { status: 0, error }. */
export function request(agent, url, method, path, headers, body, timeoutMs = 10_000) {
  const { hostname, port } = new URL(url);
  const payload = body ?? '';
  return new Promise((resolve) => {
    const req = http.request({ agent, hostname, port, method, path, headers: { ...headers, 'content-length': Buffer.byteLength(payload) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    req.end(payload);
  });
}

/** Opens `n` connections up front (n concurrent GETs of a cheap route) so that no measured request pays a TCP connect. */
export async function preconnect(agent, url, n, path = '/health/live') {
  const rs = await Promise.all(Array.from({ length: n }, () => request(agent, url, 'GET', path, {})));
  const bad = rs.filter((r) => r.status !== 200);
  if (bad.length) throw new Error(`preconnect ${url}${path}: ${bad.length}/${n} failed (${bad[0].status || bad[0].error})`);
}

/**
 * The same iteration as the `order-pay` scenario of lib/load.mjs: POST /orders with a bearer token (shoppers
 * rotating), then POST /orders/:id/pay with the id from the answer. `due` is when the iteration should have started
 * (performance.now() clock). Resolves with the times the two answers arrived and what went wrong, if anything;
 * the pay is not sent when the order failed (autocannon sent it to /orders/missing/pay and counted a 404).
 */
export function makeOrderPay({ url, params, agent, timeoutMs }) {
  const orderBody = JSON.stringify({ items: [{ productId: params.productId, quantity: 1 }] });
  let next = 0;
  return async function orderPay() {
    const auth = `Bearer ${params.tokens[next++ % params.tokens.length]}`;
    const order = await request(agent, url, 'POST', '/orders', { 'content-type': 'application/json', authorization: auth }, orderBody, timeoutMs);
    const orderAt = performance.now();
    if (order.status !== 201) return { orderAt, payAt: null, order: order.status, pay: null, error: order.error };
    let id;
    try {
      id = JSON.parse(order.body).id;
    } catch {
      return { orderAt, payAt: null, order: 201, pay: null, error: 'order answer not JSON' };
    }
    const pay = await request(agent, url, 'POST', `/orders/${id}/pay`, { authorization: auth }, '', timeoutMs);
    const payAt = performance.now();
    return { orderAt, payAt, order: 201, pay: pay.status, error: pay.error, ok: pay.status >= 200 && pay.status < 300 };
  };
}

/** Exact percentiles (nearest rank) of an unsorted array of milliseconds. */
export function percentiles(xs) {
  if (xs.length === 0) return { n: 0, mean: null, p50: null, p90: null, p99: null, max: null };
  const s = Float64Array.from(xs).sort();
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  const round = (x) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    mean: round(s.reduce((a, b) => a + b, 0) / s.length),
    p50: round(at(50)),
    p90: round(at(90)),
    p99: round(at(99)),
    max: round(s[s.length - 1]),
  };
}

/** Counts of what went wrong: HTTP status codes outside 2xx, and socket errors / timeouts by code. */
export function tally(results) {
  const codes = {};
  let failed = 0;
  for (const r of results) {
    if (r.ok) continue;
    failed++;
    const k = r.error ? `error ${r.error}` : r.pay === null ? `order ${r.order}` : `pay ${r.pay}`;
    codes[k] = (codes[k] ?? 0) + 1;
  }
  return { failed, codes };
}
