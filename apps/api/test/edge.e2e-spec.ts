import { SecurityEventListResponse } from '@minipay/contracts';
import { chromium } from 'playwright-core';
import { SessionKeyCipher } from '../src/auth/session-key-cipher';
import { SANDBOX_TEST_SECRETS } from '../src/config/config.schema';
import { SecurityEvent } from '../src/security/security-event.entity';
import { call, expectError } from './support/http';
import { startSecondInstance } from './support/second-instance';
import { Shopper } from './support/shopper';
import { startStack, type Stack } from './support/stack';
import { productionSecrets } from './support/production-secrets';

/** Issue 15: the API as seen from outside by a browser or an attacker (origins, headers, admin-key guessing, secrets at rest). */
describe('the edge: origins, headers, brute force, secrets at rest', () => {
  let stack: Stack;

  beforeAll(async () => {
    // TRUST_PROXY lets this suite play several clients through X-Forwarded-For, as a load balancer would set it.
    stack = await startStack({ TRUST_PROXY: 'true', THROTTLE_ADMIN_FAILURES_PER_MINUTE: '10' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const preflight = (origin: string, path = '/orders') =>
    fetch(`${stack.apiUrl}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  describe('origins', () => {
    it('gives a foreign origin no CORS grant, on a preflight or a plain request', async () => {
      const reply = await preflight('https://evil.example');
      expect(reply.headers.get('access-control-allow-origin')).toBeNull();
      expect(reply.headers.get('access-control-allow-credentials')).toBeNull();
      expect(reply.headers.get('access-control-allow-methods')).toBeNull();
      const get = await fetch(`${stack.apiUrl}/catalog/products`, { headers: { origin: 'https://evil.example' } });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      // A look-alike of an allowed origin is foreign too.
      expect((await preflight('http://127.0.0.1:10086.evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    });

    it('grants the local H5 origins (development default) without credentials', async () => {
      for (const origin of ['http://127.0.0.1:10086', 'http://localhost:10086']) {
        const reply = await preflight(origin);
        expect(reply.status).toBe(204);
        expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
        expect(reply.headers.get('access-control-allow-headers')).toMatch(/authorization/);
        expect(reply.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });

    it('answers a preflight with the allowed methods, headers and max-age, refuses an incomplete one, 404s a foreign one', async () => {
      const reply = await preflight('http://127.0.0.1:10086', '/no-such-route');
      expect(reply.status).toBe(204);
      expect(reply.headers.get('access-control-allow-methods')).toBe('GET,HEAD,POST');
      expect(reply.headers.get('access-control-allow-headers')).toBe('authorization, content-type, idempotency-key, x-admin-key');
      expect(reply.headers.get('access-control-max-age')).toBe('600');
      expect(reply.headers.get('vary')).toMatch(/Origin/);
      const incomplete = await fetch(`${stack.apiUrl}/orders`, { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:10086' } });
      expect(incomplete.status).toBe(400);
      expect((await preflight('https://evil.example')).status).toBe(404);
      // A granted plain request exposes the headers a client needs to read, and says the answer varies by Origin.
      const get = await fetch(`${stack.apiUrl}/catalog/products`, { headers: { origin: 'http://127.0.0.1:10086' } });
      expect(get.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
      expect(get.headers.get('access-control-expose-headers')).toBe('retry-after, idempotent-replayed');
      expect(get.headers.get('vary')).toMatch(/Origin/);
      expect((await fetch(`${stack.apiUrl}/catalog/products`)).headers.get('vary')).toMatch(/Origin/);
    });

    it('allows credentials for the console origin only', async () => {
      const reply = await preflight('http://127.0.0.1:10087', '/admin/security-events');
      expect(reply.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10087');
      expect(reply.headers.get('access-control-allow-credentials')).toBe('true');
    });
  });

  describe('headers', () => {
    it('sends nosniff, frame denial and a deny-all CSP on API responses, and no HSTS outside production', async () => {
      const reply = await fetch(`${stack.apiUrl}/catalog/products`);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      expect(reply.headers.get('x-frame-options')).toBe('DENY');
      expect(reply.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(reply.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(reply.headers.get('strict-transport-security')).toBeNull();
      // Errors (written by the exception filter) carry them as well.
      const missing = await fetch(`${stack.apiUrl}/no-such-route`);
      expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('sends them on the liveness route too (a plain Fastify route), with CORS, and on readiness', async () => {
      for (const path of ['/health/live', '/health']) {
        const reply = await fetch(`${stack.apiUrl}${path}`, { headers: { origin: 'http://127.0.0.1:10086' } });
        expect({ path, status: reply.status }).toEqual({ path, status: 200 });
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
        expect(reply.headers.get('x-frame-options')).toBe('DENY');
        expect(reply.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        expect(reply.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
        expect(reply.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:10086');
      }
      expect(await (await fetch(`${stack.apiUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    });

    it('keeps liveness in the OpenAPI document', async () => {
      const document = (await (await fetch(`${stack.apiUrl}/docs/openapi.json`)).json()) as {
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      };
      expect(document.paths['/health/live'].get.responses['200']).toBeDefined();
      expect(document.paths['/health'].get).toBeDefined();
    });

    it('serves /docs under a strict CSP that still lets the page load its own assets', async () => {
      const page = await fetch(`${stack.apiUrl}/docs`);
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy') ?? '';
      const directive = (name: string) =>
        csp
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(`${name} `)) ?? '';
      expect(directive('default-src')).toBe("default-src 'self'");
      expect(directive('script-src')).toBe("script-src 'self'");
      expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
      expect(directive('object-src')).toBe("object-src 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      // A document: helmet's document headers as well.
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      const html = await page.text();
      // script-src 'self' forbids inline scripts: the page must have none.
      expect([...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/g)]).toEqual([]);
      const assets = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)=["']([^"']+)["']/g)].map((m) => m[1]);
      expect(assets.length).toBeGreaterThanOrEqual(4);
      for (const asset of assets) {
        const url = new URL(asset, `${stack.apiUrl}/docs`);
        expect(url.origin).toBe(stack.apiUrl); // 'self'
        const reply = await fetch(url);
        expect({ asset, status: reply.status }).toEqual({ asset, status: 200 });
        if (asset.endsWith('.js')) expect(reply.headers.get('content-type')).toMatch(/javascript/);
        if (asset.endsWith('.css')) expect(reply.headers.get('content-type')).toMatch(/text\/css/);
      }
      // The page's init script fetches nothing from elsewhere: the spec is inlined in it.
      const init = await (await fetch(`${stack.apiUrl}/docs/swagger-ui-init.js`)).text();
      expect(init).toMatch(/minipay API/);
    });

    it('renders /docs in Chromium under that CSP, which blocks an injected inline script', async () => {
      const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(error.message));
        await page.goto(`${stack.apiUrl}/docs`, { waitUntil: 'networkidle' });
        await page.waitForSelector('.opblock', { timeout: 15_000 });
        expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
        expect(problems).toEqual([]);
        // Runs in the page (a string, as this package compiles without the DOM types).
        const injected = await page.evaluate(`new Promise((resolve) => {
          let violation = null;
          document.addEventListener('securitypolicyviolation', (event) => (violation = event.violatedDirective));
          const script = document.createElement('script');
          script.textContent = 'window.__injected = true';
          document.body.appendChild(script);
          setTimeout(() => resolve({ ran: window.__injected === true, violation }), 200);
        })`);
        expect(injected).toEqual({ ran: false, violation: expect.stringMatching(/^script-src/) });
      } finally {
        await browser.close();
      }
    });

    it('adds HSTS in production', async () => {
      const production = await startStack({ ...productionSecrets(), NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://api.example.com' });
      try {
        const reply = await fetch(`${production.apiUrl}/health/live`);
        expect(reply.headers.get('strict-transport-security')).toMatch(/max-age=31536000; includeSubDomains/);
        // Production allows no origin until CORS_ORIGINS is set, not even the local H5 build's.
        expect(
          (
            await fetch(`${production.apiUrl}/orders`, {
              method: 'OPTIONS',
              headers: { origin: 'http://127.0.0.1:10086', 'access-control-request-method': 'POST' },
            })
          ).headers.get('access-control-allow-origin'),
        ).toBeNull();
      } finally {
        await production.close();
      }
    });
  });

  describe('admin key guessing', () => {
    const attacker = { 'x-forwarded-for': '203.0.113.7' };
    const operator = { 'x-forwarded-for': '198.51.100.20', 'x-admin-key': '' };

    it('limits wrong X-Admin-Key values per client (then refuses even the right key), and records each without the key', async () => {
      operator['x-admin-key'] = stack.config.ADMIN_API_KEY;
      const guesses = Array.from({ length: 12 }, (_, i) => `guess-${i}-${'x'.repeat(20)}`);
      const statuses: number[] = [];
      for (const guess of guesses)
        statuses.push((await call(stack.apiUrl, 'GET', '/admin/security-events', { headers: { ...attacker, 'x-admin-key': guess } })).status);
      expect(statuses).toEqual([...Array(10).fill(401), 429, 429]);
      expectError(
        await call(stack.apiUrl, 'GET', '/admin/security-events', { headers: { ...attacker, 'x-admin-key': stack.config.ADMIN_API_KEY } }),
        429,
        'RATE_LIMITED',
      );
      // Another client is not affected.
      const listed = await call(stack.apiUrl, 'GET', '/admin/security-events?limit=5', { headers: operator });
      expect(listed.status).toBe(200);
      const { items } = SecurityEventListResponse.parse(listed.body);
      expect(items).toHaveLength(5);
      expect(items.every((e) => e.kind === 'admin_key_rejected' && e.clientIp === '203.0.113.7')).toBe(true);
      const times = items.map((e) => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times); // newest first
      expect(items[0].detail).toMatch(/failure 10 of 10/);

      const rows = await stack.db.getRepository(SecurityEvent).findBy({ clientIp: '203.0.113.7' });
      expect(rows).toHaveLength(10); // the refusals past the budget are not written (no write amplification)
      const stored = JSON.stringify(rows);
      for (const guess of guesses) expect(stored).not.toContain(guess);
    });

    it('guards the security events list itself', async () => {
      expectError(await call(stack.apiUrl, 'GET', '/admin/security-events', { headers: { 'x-forwarded-for': '198.51.100.99' } }), 401, 'UNAUTHENTICATED');
      expectError(await call(stack.apiUrl, 'GET', '/admin/security-events?limit=0', { headers: operator }), 400, 'VALIDATION_FAILED');
    });

    it('counts a burst of parallel guesses atomically: at most the budget gets a verdict', async () => {
      const burst = { 'x-forwarded-for': '203.0.113.99' };
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          call(stack.apiUrl, 'GET', '/admin/security-events', { headers: { ...burst, 'x-admin-key': `burst-${i}-${'y'.repeat(20)}` } }),
        ),
      );
      expect(replies.filter((r) => r.status === 401)).toHaveLength(10);
      expect(replies.filter((r) => r.status === 429)).toHaveLength(30);
    });
  });

  describe('secrets at rest', () => {
    it('stores no session_key in clear: the raw users row holds only the encrypted value', async () => {
      const shopper = await new Shopper(stack).login();
      const placeholder = stack.db.options.type === 'postgres' ? '$1' : '?';
      const [row] = await stack.db.query(`SELECT * FROM users WHERE openid = ${placeholder}`, [shopper.openid]);
      expect(row.session_key).toMatch(/^v1\.dev\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const sessionKey = stack.app.get(SessionKeyCipher).decrypt(row.session_key, shopper.openid);
      expect(sessionKey).toMatch(/^[A-Za-z0-9+/]{22}==$|^[A-Za-z0-9+/]{24}$/); // what WeChat (the sandbox) issued
      expect(JSON.stringify(row)).not.toContain(sessionKey);
      // Logging in again stores the new session_key, encrypted under a fresh IV.
      await shopper.login();
      const [again] = await stack.db.query(`SELECT session_key FROM users WHERE openid = ${placeholder}`, [shopper.openid]);
      expect(again.session_key).not.toBe(row.session_key);
      expect(again.session_key.startsWith('v1.dev.')).toBe(true);
    });

    it('rotates: an instance booting with a new first key re-encrypts stored values; a removed key leaves nothing readable behind', async () => {
      const shopper = await new Shopper(stack).login();
      const placeholder = stack.db.options.type === 'postgres' ? '$1' : '?';
      const stored = async () =>
        (await stack.db.query(`SELECT session_key FROM users WHERE openid = ${placeholder}`, [shopper.openid]))[0].session_key as string | null;
      const before = (await stored())!;
      expect(SessionKeyCipher.keyId(before)).toBe('dev');
      const sessionKey = stack.app.get(SessionKeyCipher).decrypt(before, shopper.openid);

      const k2 = `k2:${Buffer.alloc(32, 42).toString('base64')}`;
      const rotating = await startSecondInstance(stack, { SESSION_KEY_ENCRYPTION_KEYS: `${k2},${SANDBOX_TEST_SECRETS.SESSION_KEY_ENCRYPTION_KEYS}` });
      await rotating.app.close();
      const after = (await stored())!;
      expect(SessionKeyCipher.keyId(after)).toBe('k2');
      expect(new SessionKeyCipher([k2]).decrypt(after, shopper.openid)).toBe(sessionKey);

      const k3 = `k3:${Buffer.alloc(32, 43).toString('base64')}`;
      const withoutK2 = await startSecondInstance(stack, { SESSION_KEY_ENCRYPTION_KEYS: k3 });
      await withoutK2.app.close();
      expect(await stored()).toBeNull();
    });
  });
});
