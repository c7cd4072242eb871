// Proves that `pnpm dev` honours every documented setting. turbo runs each app's script and, in strict env mode,
// silently drops variables it was not told about (that is how ADYEN_HMAC_KEYS and ORDER_TTL_SECONDS once
// vanished under `pnpm dev`); this check goes through the same path a developer uses:
//   1. every variable named in the README's "Configuration" section, set in a `.env`-style file, reaches the
//      api, sandbox and mini program processes started through scripts/with-env.mjs + turbo;
//   2. `ORDER_TTL_SECONDS=1 pnpm dev` fails with the API's validation message instead of booting;
//   3. `pnpm dev` with non-default ports, PAYMENT_PROVIDER=adyen and a rotated ADYEN_HMAC_KEYS (from an env file)
//      serves on those ports and accepts a notification signed with the new key, not the old one.
// Prints "dev settings: N passed, M failed" (counted by .ci/run).
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'minipay-dev-settings-'));
let passed = 0;
let failed = 0;

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs a command from the repository root; resolves with its exit code and output once it ends. */
function run(command, args, env, { timeoutMs = 180_000 } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => kill(child), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

function kill(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** `pnpm` as the developer runs it: on PATH under `pnpm test`, else through npx. turbo needs it on PATH too. */
function pnpmCommand() {
  const onPath = (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, 'pnpm')));
  return onPath ? ['pnpm', []] : ['npx', ['--yes', 'pnpm@12.21.0']];
}

function pnpm(args, env, options) {
  const [command, prefix] = pnpmCommand();
  return run(command, [...prefix, ...args], env, options);
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Every setting the README's Configuration section names (tables and prose alike). */
function documentedSettings() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## Configuration');
  assert(start >= 0, 'README.md has no "## Configuration" section');
  const end = readme.indexOf('\n## ', start + 5);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const names = new Set([...section.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1]));
  assert(names.size >= 30, `expected the README to document at least 30 settings, found ${names.size}`);
  return [...names];
}

/** Adyen's notification HMAC (the same algorithm the sandbox signs with; see docs/providers.md). */
function adyenHmac(hexKey, item) {
  const fields = [
    item.pspReference,
    item.originalReference ?? '',
    item.merchantAccountCode,
    item.merchantReference,
    item.amount.value,
    item.amount.currency,
    item.eventCode,
    item.success,
  ];
  return createHmac('sha256', Buffer.from(hexKey, 'hex')).update(fields.join(':')).digest('base64');
}

await check('every documented setting reaches the api, sandbox and mini program processes', async () => {
  const names = documentedSettings();
  const file = join(work, 'probe.env');
  writeFileSync(file, names.map((name) => `${name}=probe-${name.toLowerCase()}`).join('\n') + '\n');
  const packages = ['@minipay/api', '@minipay/sandbox', '@minipay/miniprogram'];
  const { code, output } = await pnpm(['exec', 'node', 'scripts/with-env.mjs', 'turbo', 'run', 'env-probe', ...packages.map((p) => `--filter=${p}`)], {
    MINIPAY_ENV_FILE: file,
  });
  assert(code === 0, `env-probe exited ${code}: ${output.slice(-500)}`);
  const dumps = [...output.matchAll(/ENV_PROBE (\{.*\})/g)].map((m) => JSON.parse(m[1]));
  assert(dumps.length === packages.length, `expected ${packages.length} probes, got ${dumps.length}`);
  for (const env of dumps) {
    const missing = names.filter((name) => env[name] !== `probe-${name.toLowerCase()}` && process.env[name] === undefined);
    assert(missing.length === 0, `not passed through: ${missing.join(', ')}`);
  }
});

await check('ORDER_TTL_SECONDS=1 pnpm dev stops with the validation message', async () => {
  const { code, output } = await pnpm(['dev', '--', '--filter=@minipay/api'], { ORDER_TTL_SECONDS: '1', DATA_DIR: join(work, 'ttl-data') });
  assert(code !== 0, 'pnpm dev booted with ORDER_TTL_SECONDS=1');
  assert(/ORDER_TTL_SECONDS: must be at least 300/.test(output), `no validation message in: ${output.slice(-800)}`);
});

await check('pnpm dev serves on the configured ports and verifies with a rotated ADYEN_HMAC_KEYS from the env file', async () => {
  const [apiPort, sandboxPort] = [await freePort(), await freePort()];
  const key = randomBytes(32).toString('hex').toUpperCase();
  const file = join(work, 'dev.env');
  writeFileSync(
    file,
    [
      `API_PORT=${apiPort}`,
      `SANDBOX_PORT=${sandboxPort}`,
      'PAYMENT_PROVIDER=adyen',
      `ADYEN_HMAC_KEYS=${key}`,
      `SANDBOX_ADYEN_HMAC_KEY=${key}`,
      `DATA_DIR=${join(work, 'dev-data')}`,
      'LOG_LEVEL=warn',
    ].join('\n') + '\n',
  );
  const [command, prefix] = pnpmCommand();
  const child = spawn(command, [...prefix, 'dev', '--', '--filter=@minipay/api', '--filter=@minipay/sandbox'], {
    cwd: root,
    env: { ...process.env, MINIPAY_ENV_FILE: file },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/health/live`, 150_000).catch((error) => {
      throw new Error(`${error.message}\n${output.slice(-1500)}`);
    });
    await waitFor(`http://127.0.0.1:${sandboxPort}/__sandbox`, 30_000);
    const sandbox = await (await fetch(`http://127.0.0.1:${sandboxPort}/__sandbox`)).json();
    assert(sandbox.adyenWebhookUrl === `http://127.0.0.1:${apiPort}/webhooks/adyen`, `sandbox posts to ${sandbox.adyenWebhookUrl}`);
    const item = {
      eventCode: 'AUTHORISATION',
      success: 'true',
      pspReference: `DEVSETTINGS${Date.now()}`,
      merchantAccountCode: 'MinipaySandboxECOM',
      merchantReference: 'MP-not-an-order-1',
      amount: { value: 100, currency: 'HKD' },
      eventDate: new Date().toISOString(),
    };
    const send = (hmacKey) =>
      fetch(`http://127.0.0.1:${apiPort}/webhooks/adyen`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          live: 'false',
          notificationItems: [{ NotificationRequestItem: { ...item, additionalData: { hmacSignature: adyenHmac(hmacKey, item) } } }],
        }),
      });
    const rotated = await send(key);
    assert(rotated.status === 200 && (await rotated.text()) === '[accepted]', `signed with the configured key: HTTP ${rotated.status}`);
    const old = await send('B7E1518A2F0C4D6E8A9B1C2D3E4F50617283940A1B2C3D4E5F60718293A4B5C6');
    assert(old.status === 401, `signed with the default key: HTTP ${old.status}, expected 401`);
  } finally {
    kill(child);
    await new Promise((r) => setTimeout(r, 1000));
  }
});

rmSync(work, { recursive: true, force: true });
console.log(`dev settings: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
