import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '@minipay/sandbox';
import { call, eventually } from './support/http';
import { Shopper } from './support/shopper';
import { freePort, freshDatabase, type Stack } from './support/stack';

/**
 * `kill -9` of the API process right after the PAID commit (before the outbox relay delivered it): after a
 * restart the order is fulfilled exactly once. The API runs as a real child process (dist/main.js).
 */
describe('crash between the PAID commit and fulfilment', () => {
  let sandbox: RunningSandbox;
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let api: ChildProcess | undefined;
  let apiUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, logger: false, notifyRetryDelaysMs: [50, 100, 200] });
    database = await freshDatabase();
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await sandbox?.close();
    await database?.drop();
  });

  async function startApi(jobs: boolean, port: number): Promise<ChildProcess> {
    const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
      env: {
        ...process.env,
        ...database.env,
        API_PORT: String(port),
        SANDBOX_PORT: String(sandbox.port),
        JOBS_ENABLED: String(jobs),
        OUTBOX_POLL_MS: '100',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    apiUrl = `http://127.0.0.1:${port}`;
    await eventually(
      () => call(apiUrl, 'GET', '/health/live').catch(() => ({ status: 0 })),
      (r) => r.status === 200,
      20000,
      'API start',
    );
    return child;
  }

  it('fulfils exactly once after a kill -9 and a restart', async () => {
    const port = await freePort();
    api = await startApi(false, port);
    const stack = {
      get apiUrl() {
        return apiUrl;
      },
      sandbox,
    } as unknown as Stack;
    const shopper = await new Shopper(stack).login();
    const [product] = await shopper.products();
    const order = await shopper.placeOrder([{ productId: product.id, quantity: 1 }]);
    await shopper.pay(order.id);
    await shopper.act(order.merchantOrderId, 'approve');
    await shopper.waitForOrder(order.id, (o) => o.status === 'PAID', 'PAID committed');

    api.kill('SIGKILL');
    await new Promise((resolve) => api!.once('exit', resolve));

    api = await startApi(true, port);
    const fulfilled = await shopper.waitForOrder(order.id, (o) => o.status === 'FULFILLED', 'fulfilment after restart');
    expect(fulfilled.status).toBe('FULFILLED');
    await new Promise((resolve) => setTimeout(resolve, 600)); // several more relay rounds
    const timeline = (await call(apiUrl, 'GET', `/admin/orders/${order.id}/timeline`, { headers: { 'x-admin-key': 'dev-only-admin-api-key-0001' } })).body;
    expect(timeline.events.filter((e: { type: string }) => e.type === 'fulfilment')).toHaveLength(1);
    expect(timeline.events.filter((e: { summary: string }) => e.summary.startsWith('→ PAID'))).toHaveLength(1);
  });
});
