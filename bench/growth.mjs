#!/usr/bin/env node
// `pnpm bench -- --growth`: does the API cost the same with 1,000,000 orders as on an empty database?
// Per database (SQLite, then PostgreSQL), two API processes on the same sandbox: one on an (almost) empty
// database, one on a database preloaded with N orders and their payments, timeline events, refunds,
// notifications and outbox rows (lib/growth-data.mjs). Interleaved rounds, median, as in run.mjs:
//   (a) order+pay throughput (figure 2's scenario), big ÷ empty, target ≥ 0.9;
//   (b) GET /orders for the heavy shopper (20,000 orders): the first page and a page hundreds of pages deep
//       (reached by following nextCursor), big ÷ empty;
//   (c) the SQL of GET /orders and of the sweeps (reconciliation, expiry, refunds, webhook inbox, outbox),
//       captured from the API's own code (lib/growth-queries.mjs), timed on both databases, with their plans.
// Options: --orders N (default 1000000), --no-sqlite, --no-pg, --keep (leave the databases behind);
// BENCH_DURATION (s per round, default 4), BENCH_CONNECTIONS (default 50).
// Writes bench/results-growth.json; a FAIL is printed, never an exit code.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { growthPlan, preloadPg, preloadSqlite } from './lib/growth-data.mjs';
import { captureQueries, measureQueries, planProblems } from './lib/growth-queries.mjs';
import { apiEnv, json, r0, r2, resultRow, textTable } from './lib/report.mjs';
import { BENCH_DIR, freePort, median, runLoad, sleep, startNode, stop, waitFor200 } from './lib/proc.mjs';

const ROOT = join(BENCH_DIR, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const ORDERS = Number(option('--orders', 1_000_000));
const EMPTY_ORDERS = 400; // the "empty" database: one shopper's 400 orders, enough for 20 pages of GET /orders
const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const WARMUP = 2;
const ROUNDS = 3;
const C = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PAGE = 20;
const DEEP_PAGES = 500; // how far into the heavy shopper's orders the "deep page" is (capped by what exists)
const TMP = mkdtempSync(join(tmpdir(), 'minipay-growth-'));
const LOGS = join(TMP, 'logs');
mkdirSync(LOGS);
const t0 = performance.now();
const log = (...a) => console.log(`[growth ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s]`, ...a);
const children = [];
const pgDatabases = [];
const results = {
  startedAt: new Date().toISOString(),
  settings: {
    orders: ORDERS,
    emptyOrders: EMPTY_ORDERS,
    durationS: DURATION,
    warmupS: WARMUP,
    rounds: ROUNDS,
    connections: C,
    node: process.version,
    cores: cpus().length,
  },
  databases: {},
  rows: [],
};
function row(...args) {
  results.rows.push(resultRow(...args));
}

async function startApi(name, env) {
  const port = await freePort();
  const child = startNode(name, ['apps/api/dist/main.js'], { env: { ...env, PORT: String(port), API_PORT: String(port) }, logDir: LOGS, cwd: ROOT });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const ms = await waitFor200(`${url}/health/live`, { child, intervalMs: 20, timeoutMs: 300_000 });
  log(`  ${name} up on :${port} in ${r0(ms)} ms`);
  return { name, url, child };
}

const psql = (sql) => spawnSync('psql', ['-h', '127.0.0.1', '-p', '54329', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });

/**
 * One database of the pair: start the API once so it creates the schema (TypeORM synchronize on SQLite,
 * migrations on PostgreSQL), stop it, bulk-load `orders` orders, start it again.
 */
async function preparedApi(name, dialect, orders, sandboxPort) {
  const db = dialect === 'sqlite' ? { sqliteFile: join(TMP, name, 'minipay.sqlite') } : { databaseUrl: null };
  let env;
  if (dialect === 'sqlite') env = apiEnv({ SANDBOX_PORT: String(sandboxPort), DATA_DIR: join(TMP, name) });
  else {
    const database = `growth_${Date.now()}_${name.replace(/\W/g, '_')}`;
    const created = psql(`CREATE DATABASE ${database}`);
    if (created.status !== 0) throw new Error(`CREATE DATABASE failed: ${created.stderr}`);
    pgDatabases.push(database);
    db.databaseUrl = `postgres://postgres@127.0.0.1:54329/${database}`;
    env = apiEnv({ SANDBOX_PORT: String(sandboxPort), DATABASE_URL: db.databaseUrl });
  }
  const first = await startApi(`${name}-schema`, env);
  await stop(first.child);
  const plan = growthPlan(orders);
  log(
    `  ${name}: preloading ${orders.toLocaleString('en')} orders (heavy shopper ${plan.heavy.toLocaleString('en')} orders, ${plan.users.toLocaleString('en')} users)…`,
  );
  let lastPrint = 0;
  const progress = (counts, note) => {
    if (note) return log(`    ${note}`);
    if (performance.now() - lastPrint < 10_000 && counts.orders < orders) return;
    lastPrint = performance.now();
    const el = (performance.now() - tp) / 1000;
    log(
      `    ${counts.orders.toLocaleString('en')} / ${orders.toLocaleString('en')} orders (${r0(counts.orders / el)}/s), ${Object.values(counts)
        .reduce((a, b) => a + b, 0)
        .toLocaleString('en')} rows`,
    );
  };
  const tp = performance.now();
  const loaded = dialect === 'sqlite' ? preloadSqlite(db.sqliteFile, plan, progress) : await preloadPg(db.databaseUrl, plan, progress);
  log(`  ${name}: preloaded in ${r0(loaded.ms / 1000)} s: ${JSON.stringify(loaded.rows)}`);
  const api = await startApi(name, env);
  return { ...api, db, plan, preload: { ms: loaded.ms, rows: loaded.rows } };
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

/** A session for the preloaded heavy shopper, through the sandbox's WeChat login with that user's openid. */
async function heavyToken(api, sandbox, openid) {
  const { code } = await json('POST', `${sandbox.url}/__sandbox/wechat/codes`, { openid });
  return (await json('POST', `${api.url}/auth/login`, { code })).token;
}

/** Follows nextCursor `pages` pages in; returns the cursor of page pages+1 and how long the walk took. */
async function deepCursor(api, token, pages) {
  let cursor = null;
  let walked = 0;
  for (; walked < pages; walked++) {
    const page = await json('GET', `${api.url}/orders?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, undefined, { authorization: `Bearer ${token}` });
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return { cursor, pages: walked };
}

async function sideBySide(label, targets, { beforeEach } = {}) {
  for (const t of targets) {
    await beforeEach?.();
    await runLoad({ connections: C, ...t.load, duration: WARMUP });
  }
  const rounds = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let r = 1; r <= ROUNDS; r++) {
    for (const t of targets) {
      await beforeEach?.();
      const value = await runLoad({ connections: C, ...t.load, duration: DURATION });
      rounds[t.name].push(value);
      const bad = value.non2xx + value.errors + value.timeouts;
      log(
        `  ${label} round ${r} ${t.name}: ${r0(value.rps)} rps, p50 ${value.latency.p50} ms, p99 ${value.latency.p99} ms${bad ? `, ${bad} non-2xx/errors ${JSON.stringify(value.codes)}` : ''}`,
      );
    }
  }
  return Object.fromEntries(
    targets.map((t) => {
      const rs = rounds[t.name];
      return [
        t.name,
        {
          rps: median(rs.map((x) => x.rps)),
          p50: median(rs.map((x) => x.latency.p50)),
          p99: median(rs.map((x) => x.latency.p99)),
          non2xx: rs.reduce((a, x) => a + x.non2xx + x.errors + x.timeouts, 0),
          rounds: rs,
        },
      ];
    }),
  );
}

async function runDatabase(dialect, sandbox) {
  const label = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  log(`${label}: an empty database and a ${ORDERS.toLocaleString('en')}-order database, each with its own API process`);
  const empty = await preparedApi(`${dialect}-empty`, dialect, EMPTY_ORDERS, sandbox.port);
  const big = await preparedApi(`${dialect}-big`, dialect, ORDERS, sandbox.port);
  const out = { preload: big.preload, plan: big.plan, emptyPlan: empty.plan };
  results.databases[dialect] = out;
  row(
    `growth ${label}`,
    'preload time (s)',
    r0(big.preload.ms / 1000),
    '',
    undefined,
    `${Object.values(big.preload.rows)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en')} rows`,
  );

  // (a) order+pay
  log(`${label} (a): order+pay, empty vs ${ORDERS.toLocaleString('en')} orders, ${C} connections`);
  const shopEmpty = await shoppers(empty, sandbox, 16);
  const shopBig = await shoppers(big, sandbox, 16);
  const op = (api, shop) => ({ name: api.name, load: { url: api.url, scenario: 'order-pay', params: shop } });
  // As in run.mjs: a reset sandbox for every warm-up and round, or the later target (always the big database)
  // would pay for the garbage collection of everything the earlier ones created in the sandbox.
  const a = await sideBySide(`${dialect} order+pay`, [op(empty, shopEmpty), op(big, shopBig)], {
    beforeEach: () => json('POST', `${sandbox.url}/__sandbox/reset`),
  });
  out.orderPay = a;
  const ra = a[big.name].rps / a[empty.name].rps;
  row(
    `growth ${label}`,
    'order+pay/s: 1M ÷ empty',
    r2(ra),
    '≥ 0.9',
    ra >= 0.9,
    `${r0(a[big.name].rps / 2)} vs ${r0(a[empty.name].rps / 2)} order+pay/s; p99 ${a[big.name].p99} vs ${a[empty.name].p99} ms${a[big.name].non2xx + a[empty.name].non2xx ? `, ${a[big.name].non2xx + a[empty.name].non2xx} non-2xx` : ''}`,
  );

  // (b) GET /orders for the heavy shopper
  const tokens = {};
  const cursors = {};
  for (const api of [empty, big]) {
    tokens[api.name] = await heavyToken(api, sandbox, api.plan.heavyOpenid);
    const want = Math.min(DEEP_PAGES, Math.floor(api.plan.heavy / PAGE) - 1);
    const tw = performance.now();
    cursors[api.name] = await deepCursor(api, tokens[api.name], want);
    log(`  ${api.name}: followed nextCursor ${cursors[api.name].pages} pages (${cursors[api.name].pages * PAGE} orders) in ${r0(performance.now() - tw)} ms`);
  }
  const list = (api, cursor) => ({
    name: api.name,
    load: {
      url: api.url,
      scenario: 'get',
      params: { path: `/orders?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`, headers: { authorization: `Bearer ${tokens[api.name]}` } },
    },
  });
  log(`${label} (b): GET /orders?limit=${PAGE} for the heavy shopper, first page and deep page`);
  const first = await sideBySide(`${dialect} GET /orders first`, [list(empty), list(big)]);
  const deep = await sideBySide(`${dialect} GET /orders deep`, [list(empty, cursors[empty.name].cursor), list(big, cursors[big.name].cursor)]);
  out.listFirst = first;
  out.listDeep = { ...deep, pages: { empty: cursors[empty.name].pages, big: cursors[big.name].pages } };
  for (const [what, m, note] of [
    ['first page', first, ''],
    [
      'deep page',
      deep,
      ` (page ${cursors[big.name].pages + 1} of the heavy shopper's ${big.plan.heavy.toLocaleString('en')} vs page ${cursors[empty.name].pages + 1} of ${empty.plan.heavy})`,
    ],
  ]) {
    const r = m[big.name].rps / m[empty.name].rps;
    row(
      `growth ${label}`,
      `GET /orders ${what} rps: 1M ÷ empty`,
      r2(r),
      '≥ 0.9',
      r >= 0.9,
      `${r0(m[big.name].rps)} vs ${r0(m[empty.name].rps)} rps, p99 ${m[big.name].p99} vs ${m[empty.name].p99} ms${note}`,
    );
  }

  // (c) the SQL of the listing and the sweeps: timed on both databases, with plans
  log(`${label} (c): the API's own queries (captured from apps/api/dist), timed and explained on both databases`);
  const measured = {};
  for (const api of [empty, big]) {
    const userId = api.plan.heavyUserId;
    const queries = await captureQueries(api.db, { userId, cursor: cursors[api.name].cursor, limit: PAGE });
    measured[api.name] = await measureQueries(api.db, queries, { iterations: 200 });
  }
  out.queries = measured[big.name].map((q, k) => {
    const e = measured[empty.name][k];
    const problems = planProblems(q, dialect);
    return {
      name: q.name,
      source: q.source,
      sql: q.sql,
      params: q.params,
      big: { ms: q.medianMs, rows: q.rows, plan: q.plan },
      empty: { ms: e.medianMs, rows: e.rows, plan: e.plan },
      problems,
    };
  });
  for (const q of out.queries) {
    const ratio = q.big.ms / q.empty.ms;
    // "Costs the same": the plan reads a range of an index (no full scan, no sort of every candidate) and the
    // query takes at most twice as long as on the empty database, or at most 0.1 ms longer (timings of a few
    // microseconds, e.g. 3 rows found vs none, make ratios meaningless).
    const pass = q.problems.length === 0 && (ratio <= 2 || q.big.ms - q.empty.ms <= 0.1);
    row(
      `growth ${label} SQL`,
      `${q.name}: 1M ÷ empty time`,
      r2(ratio),
      '≤ 2 (or +0.1 ms), index range',
      pass,
      `${q.big.ms.toFixed(3)} vs ${q.empty.ms.toFixed(3)} ms, ${q.big.rows} vs ${q.empty.rows} rows${q.problems.length ? `; plan: ${q.problems.join('; ')}` : ''}`,
    );
  }
  for (const api of [empty, big]) await stop(api.child);
}

function plans() {
  const out = [];
  for (const [dialect, d] of Object.entries(results.databases)) {
    for (const q of d.queries ?? []) {
      out.push(`--- ${dialect}: ${q.name} (${q.source}), ${ORDERS.toLocaleString('en')}-order database:`);
      out.push(`    ${q.sql.replace(/^SELECT .*? FROM/s, 'SELECT … FROM')}`);
      for (const line of q.big.plan) out.push(`    | ${line}`);
    }
  }
  return out.join('\n');
}

async function main() {
  log(`tmp dir ${TMP}; ${cpus().length} cores, node ${process.version}; ${ROUNDS} rounds × ${DURATION}s, ${C} connections`);
  for (const f of ['apps/api/dist/main.js', 'apps/sandbox/dist/main.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} missing: run \`pnpm build\` first`);
  }
  const sandboxPort = await freePort();
  const sandboxChild = startNode('sandbox', ['apps/sandbox/dist/main.js'], {
    env: { SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: '127.0.0.1' },
    logDir: LOGS,
    cwd: ROOT,
  });
  children.push(sandboxChild);
  const sandbox = { url: `http://127.0.0.1:${sandboxPort}`, port: sandboxPort };
  await waitFor200(`${sandbox.url}/__sandbox/faults`, { child: sandboxChild });
  if (!flag('--no-sqlite')) await runDatabase('sqlite', sandbox);
  if (!flag('--no-pg')) {
    const pg = spawnSync('bash', [join(ROOT, '.ci/start-postgres.sh')], { encoding: 'utf8' });
    if (pg.status === 0) await runDatabase('pg', sandbox);
    else {
      log(`PostgreSQL unavailable, skipping: ${(pg.stderr || '').trim().slice(0, 300)}`);
      row('growth PostgreSQL', 'all', null, '', undefined, 'skipped: PostgreSQL unavailable');
    }
  }
}

let failed = null;
try {
  await main();
} catch (error) {
  failed = error;
  console.error(`[growth] aborted: ${error.stack ?? error}`);
} finally {
  for (const c of children) await stop(c);
  await sleep(100);
  if (!flag('--keep')) {
    for (const db of pgDatabases) psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    for (const d of ['sqlite-empty', 'sqlite-big']) rmSync(join(TMP, d), { recursive: true, force: true });
  } else log(`kept: ${TMP} and PostgreSQL databases ${pgDatabases.join(', ')}`);
}
results.finishedAt = new Date().toISOString();
results.logs = LOGS;
writeFileSync(join(BENCH_DIR, 'results-growth.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\n' + plans() + '\n\n' + textTable(results.rows) + '\n');
log(`wrote bench/results-growth.json (server logs in ${LOGS})`);
process.exit(failed ? 1 : 0);
