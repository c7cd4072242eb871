// Browser end-to-end test of the merchant console against the real API and sandbox, all on loopback:
//   build the console → start sandbox + API (temp DATA_DIR, operator alice) + `vite preview` (its /api proxy) →
//   pay an order the way the shop does (API + sandbox approve) → drive Debian Chromium with playwright-core:
//   sign in, find the order by Search, refund part of it, see PARTIALLY_REFUNDED and alice on the timeline.
// Screenshots land in test-output/ (git-ignored). Exits non-zero on any failure.
//   node test/e2e.mjs     (CHROMIUM_PATH overrides /usr/bin/chromium; E2E_REBUILD_SERVERS=1 rebuilds API and sandbox)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(app, '..', '..');
const outDir = join(app, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OPERATOR = { username: 'alice', password: 'alice-e2e-console-password' };
const STEP_TIMEOUT = 20_000;
const OVERALL_TIMEOUT = 6 * 60_000;

const children = [];
const cleanups = [];
const log = (...args) => console.log('[console e2e]', ...args);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(cmd, args, options) {
  log('$', cmd, args.join(' '));
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}\n${(result.stdout + result.stderr).slice(-4000)}`);
}

function start(name, args, env, cwd = repo) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(String(chunk));
    if (output.length > 400) output.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push({ name, child, output });
  return child;
}

async function waitForHttp(url, accept = (status) => status < 500, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (accept(response.status)) return response;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.message;
    }
    for (const { name, child, output } of children) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up: ${last}`);
}

/** Builds a server package when its output (or, for the API, the console module) is missing. */
function ensureBuilt(pkg, marker) {
  if (existsSync(join(repo, marker)) && process.env.E2E_REBUILD_SERVERS !== '1') return;
  run('pnpm', ['--filter', pkg, 'build'], { cwd: repo });
}

async function json(method, url, { body, token } = {}) {
  const headers = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** What the shop does: log in, order, pay; then the shopper approves in the sandbox and the order becomes PAID. */
async function paidOrder(apiUrl, sandboxUrl, quantity) {
  const { code } = await json('POST', `${sandboxUrl}/__sandbox/wechat/codes`, { body: { openid: `o${Math.random().toString(36).slice(2, 12)}console` } });
  const { token } = await json('POST', `${apiUrl}/auth/login`, { body: { code } });
  const { items } = await json('GET', `${apiUrl}/catalog/products`);
  const order = await json('POST', `${apiUrl}/orders`, { token, body: { items: [{ productId: items[0].id, quantity }] } });
  await json('POST', `${apiUrl}/orders/${order.id}/pay`, { token });
  await json('POST', `${sandboxUrl}/__sandbox/payments/${order.merchantOrderId}/approve`, { body: {} });
  // As the mini program does after wx.requestPayment succeeds (the API then asks the provider).
  await json('POST', `${apiUrl}/orders/${order.id}/pay/result`, { token, body: { errMsg: 'requestPayment:ok' } });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const current = await json('GET', `${apiUrl}/orders/${order.id}`, { token });
    if (current.status === 'PAID' || current.status === 'FULFILLED') return current; // the outbox fulfils within moments
    await new Promise((r) => setTimeout(r, 100));
  }
  const last = await json('GET', `${sandboxUrl}/__sandbox/payments/${order.merchantOrderId}`);
  const mine = await json('GET', `${apiUrl}/orders/${order.id}`, { token });
  throw new Error(`order ${JSON.stringify(mine)} did not become PAID; sandbox: ${JSON.stringify(last)}`);
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function main() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);

  const [apiPort, sandboxPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;
  log(`ports: api ${apiPort}, sandbox ${sandboxPort}, console ${webPort}`);

  ensureBuilt('@minipay/contracts', 'packages/contracts/dist/esm/console.js');
  ensureBuilt('@minipay/sandbox', 'apps/sandbox/dist/main.js');
  ensureBuilt('@minipay/api', 'apps/api/dist/console/console.module.js');
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  run(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: app });

  const dataDir = mkdtempSync(join(tmpdir(), 'minipay-console-e2e-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    API_PORT: String(apiPort),
    SANDBOX_PORT: String(sandboxPort),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    CONSOLE_BOOTSTRAP_USER: OPERATOR.username,
    CONSOLE_BOOTSTRAP_PASSWORD: OPERATOR.password,
  };
  start('sandbox', ['apps/sandbox/dist/main.js'], env);
  await waitForHttp(`${sandboxUrl}/__sandbox/payments/none`, () => true);
  start('api', ['apps/api/dist/main.js'], env);
  await waitForHttp(`${apiUrl}/catalog/products`, (status) => status === 200);
  start('console', [vite, 'preview', '--port', String(webPort), '--strictPort'], { API_PORT: String(apiPort) }, app);
  const home = await waitForHttp(`${webUrl}/`, (status) => status === 200);

  const order = await paidOrder(apiUrl, sandboxUrl, 2);
  await paidOrder(apiUrl, sandboxUrl, 1); // another order, so Search has something to rule out
  log(`paid order ${order.merchantOrderId} (${order.amount.value} ${order.amount.currency} minor units)`);

  const userDataDir = mkdtempSync(join(tmpdir(), 'minipay-console-chromium-'));
  cleanups.push(() => rmSync(userDataDir, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  cleanups.unshift(() => context.close());
  context.setDefaultTimeout(STEP_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 401/.test(message.text())) pageErrors.push(message.text());
  });
  let step = 0;
  const shot = async (label) => {
    step += 1;
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, `${String(step).padStart(2, '0')}-${label}.png`), fullPage: true });
  };

  // Each step builds on the one before; after a failure the rest are counted as failed, not skipped silently.
  let amount = '';
  let row;
  const steps = [
    [
      'the console server sends CSP, nosniff and frame denial',
      async () => {
        const csp = home.headers.get('content-security-policy') ?? '';
        assert(/frame-ancestors 'none'/.test(csp) && /script-src 'self'(;|$)/.test(csp), `CSP missing or weak: ${csp}`);
        assert(home.headers.get('x-frame-options') === 'DENY', 'X-Frame-Options: DENY missing');
        assert(home.headers.get('x-content-type-options') === 'nosniff', 'X-Content-Type-Options: nosniff missing');
      },
    ],
    [
      'a wrong password says so and signs nobody in',
      async () => {
        await page.goto(`${webUrl}/`);
        await page.getByLabel('Username').waitFor();
        await shot('sign-in');
        await page.getByLabel('Username').fill(OPERATOR.username);
        await page.getByLabel('Password').fill('not-the-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('alert').filter({ hasText: 'Wrong username or password' }).waitFor();
        await shot('wrong-password');
        assert((await page.getByRole('button', { name: 'Sign in' }).count()) === 1, 'still on the sign-in page');
      },
    ],
    [
      'the operator signs in and sees the orders',
      async () => {
        await page.getByLabel('Password').fill(OPERATOR.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Orders' }).waitFor();
        await page.getByRole('link', { name: order.merchantOrderId }).waitFor();
        await shot('orders');
      },
    ],
    [
      'Search finds the paid order by its merchantOrderId',
      async () => {
        await page.getByLabel('Search').fill(order.merchantOrderId);
        await page.getByLabel('Search').press('Enter');
        await page.waitForFunction(() => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1);
        row = page.locator('.ant-table-tbody tr.ant-table-row');
        const rowText = await row.textContent();
        amount = new Intl.NumberFormat('en', { style: 'currency', currency: order.amount.currency }).format(order.amount.value / 100);
        assert(rowText.includes(order.merchantOrderId) && /PAID|FULFILLED/.test(rowText) && rowText.includes(amount), `search row: ${rowText}`);
        await shot('search');
      },
    ],
    [
      'Export CSV downloads the filtered list',
      async () => {
        const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
        assert(href.includes(`q=${order.merchantOrderId}`), `export link ignores the filters: ${href}`);
        const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
        const lines = csv.trim().split('\r\n');
        assert(lines.length === 2 && lines[1].startsWith(`${order.merchantOrderId},${order.id},`), `CSV: ${csv}`);
      },
    ],
    [
      'a partial refund makes it PARTIALLY_REFUNDED with the operator on the timeline',
      async () => {
        await row.getByRole('link', { name: order.merchantOrderId }).click();
        await page
          .getByTestId('order-status')
          .filter({ hasText: /^(PAID|FULFILLED)$/ })
          .waitFor();
        await shot('order');
        await page.getByRole('button', { name: 'Refund' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByTestId('refundable').filter({ hasText: amount }).waitFor();
        await dialog.getByLabel('Amount').fill('1.50');
        await dialog.getByLabel('Reason').fill('one item arrived damaged');
        await shot('refund-dialog');
        await dialog.getByRole('button', { name: 'Refund' }).click();
        await dialog.waitFor({ state: 'detached' });
        await page.getByTestId('order-status').filter({ hasText: 'PARTIALLY_REFUNDED' }).waitFor();
        await page
          .getByTestId('timeline')
          .getByText(new RegExp(`^refund ${order.merchantOrderId}-R1 of 150 HKD .* created by operator:${OPERATOR.username}: one item arrived damaged$`))
          .waitFor();
        await page.getByRole('cell', { name: 'HK$1.50' }).first().waitFor();
        await shot('partially-refunded');
      },
    ],
    [
      'the order and the exceptions render at tablet width',
      async () => {
        await page.setViewportSize({ width: 820, height: 1180 });
        await shot('tablet');
        await page.getByRole('link', { name: 'Exceptions' }).click();
        await page.getByRole('heading', { name: 'Exceptions' }).waitFor();
        // The wrong password tried at the start is a security event on this screen.
        await page.getByText('signin_failed').first().waitFor();
        await shot('exceptions');
      },
    ],
    [
      'sign-out ends the session',
      async () => {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
        await page.goto(`${webUrl}/orders`);
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
      },
    ],
    [
      'a viewer sees the order but cannot refund or sync',
      async () => {
        // Created through the API by the operator's session (CSRF header from the CSRF cookie), as a script would.
        await page.getByLabel('Username').fill(OPERATOR.username);
        await page.getByLabel('Password').fill(OPERATOR.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Orders' }).waitFor();
        const status = await page.evaluate(async () => {
          const csrf = decodeURIComponent(
            document.cookie
              .split('; ')
              .find((c) => c.startsWith('minipay_console_csrf='))
              ?.split('=')[1] ?? '',
          );
          const response = await fetch('/api/admin/operators', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
            body: JSON.stringify({ username: 'victor', password: 'victor-viewer-password', role: 'viewer' }),
          });
          return response.status;
        });
        assert(status === 201, `creating the viewer: HTTP ${status}`);
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByLabel('Username').fill('victor');
        await page.getByLabel('Password').fill('victor-viewer-password');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { name: 'Orders' }).waitFor();
        await page.goto(`${webUrl}/orders/${order.id}`);
        await page.getByTestId('order-status').filter({ hasText: 'PARTIALLY_REFUNDED' }).waitFor();
        assert(await page.getByRole('button', { name: 'Refund' }).isDisabled(), 'a viewer can press Refund');
        assert(await page.getByRole('button', { name: 'Sync with provider' }).isDisabled(), 'a viewer can press Sync with provider');
        await shot('viewer');
      },
    ],
    [
      'no page errors',
      async () => {
        assert(pageErrors.length === 0, `page errors:\n  ${pageErrors.join('\n  ')}`);
      },
    ],
  ];
  let passed = 0;
  let failure = null;
  for (const [name, fn] of steps) {
    if (failure) {
      log(`✗ ${name} (not reached)`);
      continue;
    }
    try {
      await fn();
      passed += 1;
      log(`✓ ${name}`);
    } catch (error) {
      failure = error;
      log(`✗ ${name}\n${error.stack ?? error}`);
      await page.screenshot({ path: join(outDir, 'FAILED.png'), fullPage: true }).catch(() => {});
      if (pageErrors.length) log('page errors:\n  ' + pageErrors.join('\n  '));
    }
  }
  // In jest's words, so CI's summary counts these with the other suites.
  console.log(`console e2e — Tests: ${steps.length - passed ? `${steps.length - passed} failed, ` : ''}${passed} passed, ${steps.length} total`);
  if (failure) throw failure;
}

async function cleanup() {
  for (const fn of cleanups) await Promise.resolve(fn()).catch(() => {});
  for (const { child } of children) if (child.exitCode === null) child.kill('SIGTERM');
}

const timer = setTimeout(() => {
  log(`timed out after ${OVERALL_TIMEOUT / 1000}s`);
  void cleanup().then(() => process.exit(1));
}, OVERALL_TIMEOUT);

main()
  .then(async () => {
    clearTimeout(timer);
    await cleanup();
    log(`screenshots in ${outDir}`);
  })
  .catch(async (error) => {
    clearTimeout(timer);
    log(`✗ ${error.stack ?? error}`);
    for (const { name, output } of children) log(`--- ${name} (last output) ---\n${output.join('').slice(-2500)}`);
    await cleanup();
    process.exit(1);
  });
