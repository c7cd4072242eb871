// Closed-loop order+pay load for figure 6 (slow provider), run as its OWN process (node lib/closed-loop.mjs '<json>').
// Config: { url, connections (L), duration (s), rampMs, params: { tokens, productId }, timeoutMs? }. Prints one JSON line.
//
// L workers, one connection each, each doing order+pay iterations back to back (autocannon's model). What it does
// differently from autocannon, and why (figure 6 compares the measured throughput with Little's law, λ = L / W, so
// the throughput must be measured as exactly as W):
// - the L connections are opened before the clock starts, and the workers' first iterations are spread evenly over
//   `rampMs` (≈ one W) instead of all starting at the same instant: a synchronised start sends L orders at once,
//   and with a fixed provider delay the burst comes back every W, so the whole round measures the start-up
//   burst instead of the steady state;
// - iterations that START in the first `rampMs` are not counted (ramp-up);
// - no request is cut off at the end: a worker starts no iteration after `duration` and finishes the one it is in,
//   and its throughput is (counted iterations) ÷ (start of its first counted iteration → end of its last). autocannon
//   counts the requests that finished inside a fixed window, so with W ≈ 0.3 s and a 4 s round a connection
//   completes 12 or 13 iterations depending on where the window edge falls: ±4 % per round from the edge alone.
// λ = Σ over workers of their throughput; each worker's cycle includes this process's own turnaround between
// iterations, which is also in the W0 that run.mjs measures with this same script at L = 1.
import { makeAgent, makeOrderPay, percentiles, preconnect, tally } from './order-pay-client.mjs';

const cfg = JSON.parse(process.argv[2]);
const L = Number(cfg.connections);
const durationMs = Number(cfg.duration) * 1000;
const rampMs = Number(cfg.rampMs ?? 0);
const agent = makeAgent(L);
await preconnect(agent, cfg.url, L);
const orderPay = makeOrderPay({ url: cfg.url, params: cfg.params, agent, timeoutMs: cfg.timeoutMs ?? 10_000 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const t0 = performance.now();
const end = t0 + rampMs + durationMs;
const all = [];
async function worker(w) {
  await sleep((w * rampMs) / L);
  const counted = [];
  while (performance.now() < end) {
    const start = performance.now();
    const r = { ...(await orderPay()), start };
    all.push(r);
    if (start >= t0 + rampMs) counted.push(r);
  }
  const ok = counted.filter((r) => r.ok);
  if (ok.length === 0) return { n: 0, rate: 0 };
  const last = counted[counted.length - 1];
  const span = (last.payAt ?? last.orderAt) - counted[0].start; // failed iterations still took their time
  return { n: ok.length, rate: ok.length / (span / 1000) };
}
const perWorker = await Promise.all(Array.from({ length: L }, (_, w) => worker(w)));
agent.destroy();

const counted = all.filter((r) => r.start >= t0 + rampMs);
const ok = counted.filter((r) => r.ok);
const { failed, codes } = tally(counted);
const rate = perWorker.reduce((a, w) => a + w.rate, 0);
process.stdout.write(
  JSON.stringify({
    scenario: 'order-pay closed loop',
    connections: L,
    durationS: durationMs / 1000,
    rampMs,
    iterations: ok.length,
    // iterations/s, and the mean cycle per worker (L / λ: iteration + this process's turnaround)
    rate: Math.round(rate * 100) / 100,
    cycleMs: Math.round((L / rate) * 1000 * 100) / 100,
    iteration: percentiles(ok.map((r) => r.payAt - r.start)),
    order: percentiles(ok.map((r) => r.orderAt - r.start)),
    pay: percentiles(ok.map((r) => r.payAt - r.orderAt)),
    failed,
    codes,
  }) + '\n',
);
