#!/usr/bin/env node
// `pnpm bench`: every figure as a ratio to a baseline measured side by side in this one run.
// Servers and the load generator (autocannon) are separate processes; each figure: warm-up, 3 rounds, median.
// Options: --build (run `pnpm build` first), --no-pg, --no-profile; BENCH_DURATION (s per round, default 4),
// BENCH_CONNECTIONS (default 50). A FAIL never fails the command.
// --quick (≈ 1–2 min, for a before/after check while working): figures 1 and 2 only (order+pay with its twin),
// 2 s rounds after a 1 s warm-up, no profile, PostgreSQL only with --pg; writes results-quick.json, never RESULTS.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, freePort, median, runLoad, sleep, startNode, stop, waitFor200 } from './lib/proc.mjs';
import { summarizeProfile } from './lib/profile.mjs';
import { DEFAULT_SESSION_SECRET, issueToken } from './lib/session-token.mjs';
import { weappSize } from './lib/weapp.mjs';

const ROOT = join(BENCH_DIR, '..');
const argv = new Set(process.argv.slice(2));
if (argv.has('--growth')) {
  await import('./growth.mjs'); // the growth bench (1M orders vs empty); it exits when done
  process.exit(0); // not reached: growth.mjs exits itself
}
const QUICK = argv.has('--quick');
const DURATION = Number(process.env.BENCH_DURATION ?? (QUICK ? 2 : 4));
const WARMUP = QUICK ? 1 : 2;
const ROUNDS = 3;
const C = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SLOW_MS = 300;
const TMP = mkdtempSync(join(tmpdir(), 'minipay-bench-'));
const LOGS = join(TMP, 'logs');
mkdirSync(LOGS);
const t0 = performance.now();
const log = (...a) => console.log(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(3)}s]`, ...a);
const children = [];
const results = {
  startedAt: new Date().toISOString(),
  settings: {
    quick: QUICK,
    durationS: DURATION,
    warmupS: WARMUP,
    rounds: ROUNDS,
    connections: C,
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
  },
  figures: {},
  rows: [],
};

function row(figure, metric, value, target, pass, note = '') {
  results.rows.push({ figure, metric, value, target: target ?? '', status: pass === undefined ? '' : pass ? 'PASS' : 'FAIL', note });
}
const r2 = (x) => (Number.isFinite(x) ? (Math.abs(x) < 0.1 ? Number(x.toPrecision(2)) : Math.round(x * 100) / 100) : null);
const r0 = (x) => (Number.isFinite(x) ? Math.round(x) : null);

async function json(method, url, body, headers = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

// ---------- event-loop windows (SIGWINCH toggles, see lib/preload.cjs) ----------
function eldLines(file) {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}
async function withWindow(server, fn) {
  if (!server?.eldFile) return { value: await fn(), eld: null };
  const before = eldLines(server.eldFile).length;
  server.child.kill('SIGWINCH');
  await sleep(20);
  const value = await fn();
  server.child.kill('SIGWINCH');
  for (let i = 0; i < 200 && eldLines(server.eldFile).length <= before; i++) await sleep(25);
  return { value, eld: eldLines(server.eldFile)[before] ?? null };
}

// ---------- servers ----------
const PRELOAD = join(BENCH_DIR, 'lib/preload.cjs');
async function startServer(name, args, env, readyPath, { preload = false, profileDir, port: fixedPort } = {}) {
  const port = fixedPort ?? (await freePort());
  const eldFile = preload ? join(TMP, `${name}.eld.jsonl`) : null;
  const fullEnv = {
    ...env,
    PORT: String(port),
    API_PORT: String(port),
    ...(eldFile ? { BENCH_ELD_FILE: eldFile } : {}),
    ...(profileDir ? { BENCH_PROFILE_DIR: profileDir } : {}),
  };
  const child = startNode(name, [...(preload ? ['--require', PRELOAD] : []), ...args], { env: fullEnv, logDir: LOGS, cwd: ROOT });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const bootMs = await waitFor200(url + readyPath, { child, intervalMs: 20 });
  log(`  ${name} up on :${port} in ${r0(bootMs)} ms (log ${child.log})`);
  return { name, port, url, child, eldFile };
}

function apiEnv(extra) {
  return {
    // "production stack": NODE_ENV left at its default (production refuses the sandbox placeholder secrets),
    // request logging on at info; jobs off; rate limits raised so throttling does not shape the load.
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    THROTTLE_LOGIN_PER_MINUTE: '1000000',
    THROTTLE_ORDERS_PER_MINUTE: '1000000',
    THROTTLE_PAY_PER_MINUTE: '1000000',
    ...extra,
  };
}

async function shoppers(api, sandbox, n) {
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const { code } = await json('POST', `${sandbox.url}/__sandbox/wechat/codes`, {});
    const { token } = await json('POST', `${api.url}/auth/login`, { code });
    tokens.push(token);
  }
  const { items } = await json('GET', `${api.url}/catalog/products`);
  return { tokens, productId: items[0].id };
}

// ---------- measurement: warm-up each target, then ROUNDS rounds interleaved, median ----------
async function sideBySide(label, targets) {
  for (const t of targets) {
    log(`  ${label}: warm-up ${t.name}`);
    await runLoad({ connections: C, ...t.load, duration: WARMUP });
  }
  const rounds = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let r = 1; r <= ROUNDS; r++) {
    for (const t of targets) {
      const { value, eld } = await withWindow(t.server, () => runLoad({ connections: C, ...t.load, duration: DURATION }));
      value.eld = eld;
      rounds[t.name].push(value);
      const bad = value.non2xx + value.errors + value.timeouts;
      log(
        `  ${label} round ${r} ${t.name}: ${r0(value.rps)} rps, p50 ${value.latency.p50} ms, p99 ${value.latency.p99} ms${bad ? `, ${bad} non-2xx/errors ${JSON.stringify(value.codes)}` : ''}${eld ? `, ELD p99 ${eld.p99} ms` : ''}`,
      );
    }
  }
  const out = {};
  for (const t of targets) {
    const rs = rounds[t.name];
    out[t.name] = {
      rps: median(rs.map((x) => x.rps)),
      p50: median(rs.map((x) => x.latency.p50)),
      p99: median(rs.map((x) => x.latency.p99)),
      mean: median(rs.map((x) => x.latency.mean)),
      eldP99: median(rs.map((x) => x.eld?.p99)),
      non2xx: rs.reduce((a, x) => a + x.non2xx + x.errors + x.timeouts, 0),
      codes: rs.map((x) => x.codes),
      rounds: rs,
    };
  }
  return out;
}

async function main() {
  log(
    `tmp dir ${TMP}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}; ${ROUNDS} rounds × ${DURATION}s, ${C} connections`,
  );
  if (argv.has('--build')) {
    log('building (pnpm build)…');
    const b = spawnSync('pnpm', ['build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('pnpm build failed');
  }
  for (const f of ['apps/api/dist/main.js', 'apps/sandbox/dist/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} missing: run \`pnpm build\` first (or pnpm bench -- --build)`);
  }

  // ----- figure 4 first: no servers needed -----
  log('figure 4: weapp main package size');
  const weapp = weappSize(join(ROOT, 'apps/miniprogram/dist/weapp'));
  results.figures.weapp = weapp;
  if (weapp) {
    row(
      '4 weapp',
      'main package / 2 MB',
      r2(weapp.mainBytes / (2 * 1024 * 1024)),
      '≤ 0.25',
      weapp.mainBytes / (2 * 1024 * 1024) <= 0.25,
      `${(weapp.mainBytes / 1024).toFixed(1)} KiB`,
    );
    row('4 weapp', 'vendors.js share of main', r2(weapp.vendorsBytes / weapp.mainBytes), '', undefined, `${(weapp.vendorsBytes / 1024).toFixed(1)} KiB`);
  } else row('4 weapp', 'main package / 2 MB', null, '≤ 0.25', undefined, 'apps/miniprogram/dist/weapp missing (run pnpm build)');

  // ----- PostgreSQL -----
  let databaseUrl = null;
  let twinDatabaseUrl = null;
  if (QUICK ? argv.has('--pg') : !argv.has('--no-pg')) {
    const pg = spawnSync('bash', [join(ROOT, '.ci/start-postgres.sh')], { encoding: 'utf8' });
    const db = `bench_${Date.now()}`;
    const create =
      pg.status === 0 ? spawnSync('psql', ['-h', '127.0.0.1', '-p', '54329', '-U', 'postgres', '-c', `CREATE DATABASE ${db}`], { encoding: 'utf8' }) : pg;
    // the twin gets a database of its own on the same server (same tables, none shared with the API)
    const createTwin =
      create.status === 0
        ? spawnSync('psql', ['-h', '127.0.0.1', '-p', '54329', '-U', 'postgres', '-c', `CREATE DATABASE ${db}_twin`], { encoding: 'utf8' })
        : create;
    if (createTwin.status === 0) {
      databaseUrl = `postgres://postgres@127.0.0.1:54329/${db}`;
      twinDatabaseUrl = `postgres://postgres@127.0.0.1:54329/${db}_twin`;
    } else log(`PostgreSQL unavailable, skipping: ${(create.stderr || '').trim().slice(0, 300)}`);
  }

  // ----- servers -----
  log('starting servers (each its own process)…');
  const apiPort = await freePort();
  const sandboxPort = await freePort();
  const sandbox = await startServer(
    'sandbox',
    ['apps/sandbox/dist/main.js'],
    { SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: '127.0.0.1', SANDBOX_ADYEN_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/webhooks/adyen` },
    '/__sandbox/faults',
    { port: sandboxPort },
  );
  // Baselines run with the same preload as the API (event-loop histogram), so every process pays the same probe.
  const fastify = await startServer('fastify-hello', ['bench/baselines/fastify-hello.mjs'], {}, '/health/live', { preload: true });
  const nest = await startServer('nest-hello', ['bench/baselines/nest-hello.cjs'], {}, '/health/live', { preload: true });
  // The order+pay twin (hand-written, bare Fastify + raw SQL), one per database, on the same sandbox.
  const twinEnv = { SANDBOX_PORT: String(sandboxPort), SESSION_SECRET: DEFAULT_SESSION_SECRET, TWIN_USERS: '16' };
  const twin = await startServer('twin-sqlite', ['bench/baselines/twin-order-pay.mjs'], { ...twinEnv, DATA_DIR: join(TMP, 'twin-sqlite') }, '/health/live', {
    preload: true,
  });
  const twinPg = twinDatabaseUrl
    ? await startServer('twin-pg', ['bench/baselines/twin-order-pay.mjs'], { ...twinEnv, DATABASE_URL: twinDatabaseUrl }, '/health/live', { preload: true })
    : null;
  const twinShop = { tokens: Array.from({ length: 16 }, (_, i) => issueToken(DEFAULT_SESSION_SECRET, `twin-user-${i}`)), productId: 'twin-tea' };
  const sqliteDir = join(TMP, 'sqlite');
  const api = await startServer('api-sqlite', ['apps/api/dist/main.js'], apiEnv({ SANDBOX_PORT: String(sandboxPort), DATA_DIR: sqliteDir }), '/health/live', {
    preload: true,
    port: apiPort,
  });
  const apiPg = databaseUrl
    ? await startServer('api-pg', ['apps/api/dist/main.js'], apiEnv({ SANDBOX_PORT: String(sandboxPort), DATABASE_URL: databaseUrl }), '/health/live', {
        preload: true,
      })
    : null;
  const shopSqlite = await shoppers(api, sandbox, 16);
  const shopPg = apiPg ? await shoppers(apiPg, sandbox, 16) : null;

  // ----- figure 1 -----
  log('figure 1: GET /health/live — API vs bare Fastify vs bare NestJS-on-Fastify');
  const get = (s) => ({ name: s.name, server: s.eldFile ? s : null, load: { url: s.url, scenario: 'get', params: { path: '/health/live' } } });
  const f1 = await sideBySide('fig1', [get(fastify), get(nest), get(api)]);
  results.figures.live = f1;
  const base = f1['fastify-hello'].rps;
  row(
    '1 live',
    'API rps / bare Fastify rps',
    r2(f1['api-sqlite'].rps / base),
    '≥ 0.65',
    f1['api-sqlite'].rps / base >= 0.65,
    `${r0(f1['api-sqlite'].rps)} vs ${r0(base)} rps`,
  );
  row(
    '1 live',
    'API rps / bare NestJS-Fastify rps',
    r2(f1['api-sqlite'].rps / f1['nest-hello'].rps),
    '≥ 0.95',
    f1['api-sqlite'].rps / f1['nest-hello'].rps >= 0.95,
    `${r0(f1['api-sqlite'].rps)} vs ${r0(f1['nest-hello'].rps)} rps`,
  );
  row('1 live', 'bare NestJS / bare Fastify (context)', r2(f1['nest-hello'].rps / base), '', undefined);

  // ----- figure 2 -----
  log(`figure 2: authenticated POST /orders + POST /orders/:id/pay (intents via sandbox), ${C} connections`);
  const orderPay = (s, shop) => ({ name: s.name, server: s, load: { url: s.url, scenario: 'order-pay', params: shop } });
  const f2 = await sideBySide('fig2', [
    orderPay(api, shopSqlite),
    orderPay(twin, twinShop),
    ...(apiPg ? [orderPay(apiPg, shopPg)] : []),
    ...(twinPg ? [orderPay(twinPg, twinShop)] : []),
  ]);
  results.figures.orderPay = f2;
  for (const [api_, twin_, db] of [
    ['api-sqlite', 'twin-sqlite', 'SQLite'],
    ['api-pg', 'twin-pg', 'PostgreSQL'],
  ]) {
    const a = f2[api_];
    const t = f2[twin_];
    if (!a || !t) {
      row(`2 order+pay ${db}`, 'API ÷ twin order+pay/s', null, '≥ 0.6', undefined, 'skipped: PostgreSQL unavailable or not requested');
      continue;
    }
    row(
      `2 order+pay ${db}`,
      'API ÷ twin order+pay/s',
      r2(a.rps / t.rps),
      '≥ 0.6',
      a.rps / t.rps >= 0.6,
      `${r0(a.rps / 2)} vs ${r0(t.rps / 2)} order+pay/s; twin p50 ${t.p50} ms, p99 ${t.p99} ms${t.non2xx ? `, twin ${t.non2xx} non-2xx` : ''}`,
    );
  }
  for (const [name, m] of Object.entries(f2).filter(([n]) => n.startsWith('api-'))) {
    const db = name === 'api-pg' ? 'PostgreSQL' : 'SQLite';
    row(
      `2 order+pay ${db}`,
      'p99 latency (ms)',
      m.p99,
      '< 50',
      m.p99 < 50,
      `p50 ${m.p50} ms, ${r0(m.rps)} req/s = ${r0(m.rps / 2)} order+pay/s, ELD p99 ${m.eldP99} ms${m.non2xx ? `, ${m.non2xx} non-2xx` : ''}`,
    );
    row(`2 order+pay ${db}`, 'req/s / bare Fastify rps', r2(m.rps / base), '', undefined);
  }
  if (!apiPg) row('2 order+pay PostgreSQL', 'p99 latency (ms)', null, '< 50', undefined, 'skipped: PostgreSQL unavailable');
  if (QUICK) return; // --quick: figures 1 and 2 only

  // ----- figure 3 -----
  log('figure 3: signed notification ingest — new events vs duplicates (SQLite API)');
  const dupId = `dup${Date.now()}`;
  const hook = (scenario) => ({ name: scenario, server: api, load: { url: api.url, scenario, params: { fixedId: dupId } } });
  const f3 = await sideBySide('fig3', [
    { name: 'fastify-post', server: null, load: { url: fastify.url, scenario: 'post-json', params: { path: '/webhooks/intents' } } },
    hook('intents-new'),
    hook('intents-dup'),
    hook('adyen-new'),
    hook('adyen-dup'),
  ]);
  results.figures.webhooks = f3;
  for (const p of ['intents', 'adyen']) {
    const n = f3[`${p}-new`];
    const d = f3[`${p}-dup`];
    row(
      `3 webhook ${p}`,
      'new events rps / bare Fastify',
      r2(n.rps / base),
      '',
      undefined,
      `${r0(n.rps)} rps, p99 ${n.p99} ms${n.non2xx ? `, ${n.non2xx} non-2xx` : ''}`,
    );
    row(
      `3 webhook ${p}`,
      'duplicates rps / bare Fastify',
      r2(d.rps / base),
      '',
      undefined,
      `${r0(d.rps)} rps, p99 ${d.p99} ms${d.non2xx ? `, ${d.non2xx} non-2xx` : ''}`,
    );
    row(`3 webhook ${p}`, 'duplicate cost / new cost (new rps / dup rps)', r2(n.rps / d.rps), '≤ 1.00', n.rps / d.rps <= 1.0);
  }
  row('3 webhook', 'bare Fastify POST rps / GET rps (context)', r2(f3['fastify-post'].rps / base), '', undefined, `${r0(f3['fastify-post'].rps)} rps`);

  // ----- figure 6 (while the API is warm) -----
  const unloaded = await runLoad({ url: api.url, scenario: 'order-pay', params: shopSqlite, connections: 1, duration: 3 });
  const iterMs = 2 * unloaded.latency.mean; // one iteration = two requests
  // Offer half of the CPU-bound capacity measured in figure 2, so the figure shows how the API overlaps slow
  // provider calls rather than how fast it saturates the CPU: C6 = 0.5 × capacity × W (Little's law), 5..50.
  const capacity = f2['api-sqlite'].rps / 2;
  const C6 = Math.max(5, Math.min(50, Math.floor(0.5 * capacity * ((SLOW_MS + iterMs) / 1000))));
  log(
    `figure 6: slow provider (+${SLOW_MS} ms on every sandbox provider call), order+pay at ${C6} connections (unloaded iteration ${r2(iterMs)} ms, capacity ${r0(capacity)} it/s)`,
  );
  await json('POST', `${sandbox.url}/__sandbox/faults`, { scope: '*', mode: 'delay', delayMs: SLOW_MS });
  let f6;
  try {
    const t6 = orderPay(api, shopSqlite);
    t6.load.connections = C6;
    f6 = (await sideBySide('fig6', [t6]))['api-sqlite'];
  } finally {
    await json('DELETE', `${sandbox.url}/__sandbox/faults`).catch(() => {});
  }
  const ideal = C6 / ((SLOW_MS + iterMs) / 1000); // Little's law: L = λW → λ = L / W
  const achieved = f6.rps / 2;
  results.figures.slowProvider = {
    ...f6,
    connections: C6,
    capacityIterationsPerS: capacity,
    unloadedIterationMs: iterMs,
    idealIterationsPerS: ideal,
    achievedIterationsPerS: achieved,
  };
  row(
    '6 slow provider',
    "achieved / Little's-law ideal",
    r2(achieved / ideal),
    '≥ 0.90',
    achieved / ideal >= 0.9,
    `${r2(achieved)} vs ${r2(ideal)} order+pay/s at ${C6} connections (W = ${SLOW_MS} + ${r2(iterMs)} ms)${f6.non2xx ? `, ${f6.non2xx} non-2xx` : ''}`,
  );
  row('6 slow provider', 'event loop delay p99 (ms)', f6.eldP99, '< 50', f6.eldP99 < 50, `p99 request latency ${f6.p99} ms`);

  // stop the long-lived servers before the cold starts (less noise)
  for (const s of [api, apiPg, twin, twinPg, nest, fastify]) if (s) await stop(s.child);

  // ----- figure 5 -----
  log('figure 5: cold start to first 200 on /health/live');
  const coldDir = join(TMP, 'cold');
  const cold = { 'api-sqlite': [], 'fastify-hello': [], 'nest-hello': [] };
  const coldTargets = [
    ['fastify-hello', ['bench/baselines/fastify-hello.mjs'], {}],
    ['nest-hello', ['bench/baselines/nest-hello.cjs'], {}],
    ['api-sqlite', ['apps/api/dist/main.js'], apiEnv({ SANDBOX_PORT: String(sandboxPort), DATA_DIR: coldDir })],
  ];
  for (let r = 0; r <= ROUNDS; r++) {
    for (const [name, args, env] of coldTargets) {
      const port = await freePort();
      const start = performance.now();
      const child = startNode(`cold-${name}`, args, { env: { ...process.env, ...env, PORT: String(port), API_PORT: String(port) }, logDir: LOGS, cwd: ROOT });
      children.push(child);
      const ms = await waitFor200(`http://127.0.0.1:${port}/health/live`, { since: start, child, intervalMs: 5 });
      await stop(child);
      if (r > 0) cold[name].push(ms);
      log(`  cold ${r === 0 ? 'warm-up' : `round ${r}`} ${name}: ${r0(ms)} ms`);
    }
  }
  const coldMed = Object.fromEntries(Object.entries(cold).map(([k, v]) => [k, median(v)]));
  results.figures.coldStart = { rounds: cold, median: coldMed };
  row(
    '5 cold start',
    'API / bare Fastify',
    r2(coldMed['api-sqlite'] / coldMed['fastify-hello']),
    '',
    undefined,
    `${r0(coldMed['api-sqlite'])} ms vs ${r0(coldMed['fastify-hello'])} ms (NestJS hello ${r0(coldMed['nest-hello'])} ms)`,
  );

  // ----- profile -----
  if (!argv.has('--no-profile')) {
    log('profile: API (SQLite) under order+pay, intents new, intents duplicate — CPU profiler in the API process');
    const profileDir = join(TMP, 'profiles');
    const prof = await startServer(
      'api-profile',
      ['apps/api/dist/main.js'],
      apiEnv({ SANDBOX_PORT: String(sandboxPort), DATA_DIR: join(TMP, 'sqlite-prof') }),
      '/health/live',
      { preload: true, profileDir },
    );
    const shop = await shoppers(prof, sandbox, 16);
    results.figures.profiles = {};
    for (const [name, scenario, params] of [
      ['GET /health/live', 'get', { path: '/health/live' }],
      ['order+pay', 'order-pay', shop],
      ['intents new', 'intents-new', {}],
      ['intents duplicate', 'intents-dup', { fixedId: `prof${Date.now()}` }],
    ]) {
      await runLoad({ url: prof.url, scenario, params, connections: C, duration: 1 });
      const { value, eld } = await withWindow(prof, () => runLoad({ url: prof.url, scenario, params, connections: C, duration: DURATION }));
      const summary = eld?.profile ? summarizeProfile(eld.profile) : null;
      results.figures.profiles[name] = { rps: value.rps, p99: value.latency.p99, summary };
      log(`  profiled ${name}: ${r0(value.rps)} rps (profiler on) → ${eld?.profile}`);
    }
    await stop(prof.child);
  }
}

function table() {
  const head = ['figure', 'metric', 'value', 'target', 'result', 'detail'];
  const lines = results.rows.map((r) => [r.figure, r.metric, r.value ?? 'n/a', r.target, r.status, r.note].map(String));
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => c.padEnd(w[i])).join('  ');
  return [fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...lines.map(fmt)].join('\n');
}

function markdown() {
  const md = [];
  md.push('# Benchmark results', '');
  const st = results.settings;
  md.push(
    `One run of \`pnpm bench\` (${results.startedAt}, ${st.cores} cores (${st.cpu}), node ${st.node}; ${st.rounds} rounds × ${st.durationS} s after a ${st.warmupS} s warm-up, median; autocannon 9.0.0 in its own process, ${st.connections} connections unless stated). Every figure is a ratio to a baseline measured side by side in the same run; absolute numbers depend on the machine and on whatever else was running. See [README.md](README.md) for what each figure means.`,
    '',
  );
  md.push('| figure | metric | value | target | result | detail |', '|---|---|---|---|---|---|');
  for (const r of results.rows) md.push(`| ${r.figure} | ${r.metric} | ${r.value ?? 'n/a'} | ${r.target} | ${r.status} | ${r.note} |`);
  md.push('');
  const p = results.figures.profiles;
  if (p) {
    md.push('## CPU profiles (API process, profiler on, SQLite)', '');
    for (const [name, x] of Object.entries(p)) {
      if (!x.summary) continue;
      md.push(`### ${name} — ${Math.round(x.rps)} rps with the profiler on; ${x.summary.busyMs} ms busy of ${x.summary.wallMs} ms`, '');
      md.push(
        'Self time by owner: ' +
          x.summary.selfByOwner
            .slice(0, 10)
            .map((o) => `${o.owner} ${o.pct}%`)
            .join(', '),
        '',
      );
      md.push('| top self time | % busy |', '|---|---|');
      for (const f of x.summary.topSelf.slice(0, 12)) md.push(`| \`${f.fn}\` | ${f.pct} |`);
      md.push('', '| our code, inclusive | % busy |', '|---|---|');
      for (const f of x.summary.oursInclusive.slice(0, 12)) md.push(`| \`${f.fn}\` | ${f.pct} |`);
      md.push('');
    }
  }
  const findings = join(BENCH_DIR, 'findings.md');
  if (existsSync(findings)) md.push(readFileSync(findings, 'utf8'));
  return md.join('\n') + '\n';
}

if (argv.has('--report-only')) {
  // regenerate RESULTS.md from the last results.json (e.g. after editing findings.md)
  Object.assign(results, JSON.parse(readFileSync(join(BENCH_DIR, 'results.json'), 'utf8')));
  writeFileSync(join(BENCH_DIR, 'RESULTS.md'), markdown());
  console.log(table());
  process.exit(0);
}
let failed = null;
try {
  await main();
} catch (error) {
  failed = error;
  console.error(`[bench] aborted: ${error.stack ?? error}`);
} finally {
  for (const c of children) await stop(c);
}
results.finishedAt = new Date().toISOString();
results.logs = LOGS;
writeFileSync(join(BENCH_DIR, QUICK ? 'results-quick.json' : 'results.json'), JSON.stringify(results, null, 2) + '\n');
if (!failed && !QUICK) writeFileSync(join(BENCH_DIR, 'RESULTS.md'), markdown());
console.log('\n' + table() + '\n');
log(`wrote bench/${QUICK ? 'results-quick.json' : 'results.json'}${failed || QUICK ? '' : ' and bench/RESULTS.md'} (server logs in ${LOGS})`);
process.exit(failed ? 1 : 0);
