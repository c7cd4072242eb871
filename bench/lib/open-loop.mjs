// Open-loop order+pay load, run as its OWN process (node lib/open-loop.mjs '<json>') like lib/load.mjs.
// Config: { url, rate (iterations/s), duration (s), params: { tokens, productId }, spacing?: 'poisson' | 'uniform',
//           seed?, maxConnections?, preconnect?, timeoutMs? }. Prints one JSON line.
//
// Iterations are started by the clock, whatever the server does: iteration i is due at schedule[i] and is started
// then even if earlier ones have not answered (a closed loop, like autocannon's, waits for an answer before the next
// request, so a slow server slows its own load: "coordinated omission"). Every latency is counted from when the
// iteration was DUE, so if this process starts one late (its own event loop busy, the agent out of sockets) that
// lateness is in the latency, never hidden; the lateness itself is reported so a run whose generator could not
// keep its schedule can be discarded.
//
// Spacing: Poisson by default (exponential gaps, seeded, so every target in a round gets the same arrivals).
// Shoppers arrive independently of each other, and independent arrivals bunch up: a uniform schedule would offer
// the server a perfectly smoothed load and report a p99 that real traffic at the same mean rate does not get.
// 'uniform' is there for comparison.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { makeAgent, makeOrderPay, percentiles, preconnect, tally } from './order-pay-client.mjs';

const cfg = JSON.parse(process.argv[2]);
const rate = Number(cfg.rate);
const durationMs = Number(cfg.duration ?? 5) * 1000;
if (!(rate > 0)) throw new Error(`open-loop: rate must be > 0 (got ${cfg.rate})`);

// mulberry32: a small seeded PRNG, so a schedule can be repeated exactly
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const spacing = cfg.spacing ?? 'poisson';
const random = rng(cfg.seed ?? 1);
const schedule = [];
for (let t = 0; t < durationMs;) {
  schedule.push(t);
  t += spacing === 'uniform' ? 1000 / rate : (-Math.log(1 - random()) * 1000) / rate;
}

// Enough connections that the generator never queues: at most maxConnections in flight at once, pre-opened so
// that no measured request pays a TCP connect (more are opened on demand, up to the cap).
const maxConnections = cfg.maxConnections ?? 1024;
const agent = makeAgent(maxConnections);
await preconnect(agent, cfg.url, cfg.preconnect ?? 64);
const orderPay = makeOrderPay({ url: cfg.url, params: cfg.params, agent, timeoutMs: cfg.timeoutMs ?? 10_000 });

const eld = monitorEventLoopDelay({ resolution: 1 });
const results = new Array(schedule.length);
const lateness = new Array(schedule.length);
let inFlight = 0;
let maxInFlight = 0;
const pending = [];
const t0 = performance.now() + 20; // first iteration due 20 ms from now
eld.enable();

function launch(i) {
  const due = t0 + schedule[i];
  lateness[i] = performance.now() - due;
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  pending.push(
    orderPay().then((r) => {
      inFlight--;
      results[i] = { ...r, due };
    }),
  );
}

await new Promise((resolve) => {
  let i = 0;
  const tick = () => {
    const now = performance.now();
    while (i < schedule.length && t0 + schedule[i] <= now) launch(i++);
    if (i >= schedule.length) return resolve();
    // setTimeout fires ≥ 1 ms late at best; what is due by then is launched in one batch (and the delay measured)
    setTimeout(tick, Math.max(0, t0 + schedule[i] - performance.now()));
  };
  setTimeout(tick, Math.max(0, t0 - performance.now()));
});
const scheduleEnd = performance.now();
await Promise.all(pending);
eld.disable();
agent.destroy();

const ok = results.filter((r) => r.ok);
const lastAt = Math.max(...results.map((r) => r.payAt ?? r.orderAt));
const perRequest = [];
for (const r of results) {
  perRequest.push(r.orderAt - r.due);
  if (r.payAt !== null) perRequest.push(r.payAt - r.orderAt);
}
const { failed, codes } = tally(results);
const ms = (ns) => Math.round((ns / 1e6 - 1) * 100) / 100; // the histogram's 1 ms resolution subtracted
process.stdout.write(
  JSON.stringify({
    scenario: 'order-pay open loop',
    spacing,
    offeredRate: rate,
    scheduled: schedule.length,
    durationS: durationMs / 1000,
    // completed iterations ÷ (first due → last answer): equals the offered rate when the server keeps up (less the
    // last iteration's latency), and falls to the server's capacity when it does not
    achievedRate: Math.round((ok.length / ((lastAt - t0) / 1000)) * 100) / 100,
    drainMs: Math.round(performance.now() - scheduleEnd),
    // per request (POST /orders from when its iteration was due; the pay from when the order's answer arrived,
    // which is when it was sent), and per iteration (due → pay answered)
    latency: percentiles(perRequest),
    order: percentiles(results.map((r) => r.orderAt - r.due)),
    pay: percentiles(results.filter((r) => r.payAt !== null).map((r) => r.payAt - r.orderAt)),
    iteration: percentiles(ok.map((r) => r.payAt - r.due)),
    generator: {
      lateness: percentiles(lateness),
      eventLoopDelay: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
      maxInFlight,
    },
    ok: ok.length,
    failed,
    codes,
  }) + '\n',
);
