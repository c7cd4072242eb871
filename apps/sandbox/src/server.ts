import type { FastifyInstance } from 'fastify';
import { buildSandbox, sandboxContextOf } from './app';
import type { SandboxOptions } from './config';
import type { SandboxState } from './state';

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:4010` */
  url: string;
  port: number;
  app: FastifyInstance;
  state: SandboxState;
  setAdyenWebhookUrl(url: string | undefined): void;
  /** Resolves when every notification started so far has been delivered or given up. */
  notificationsIdle(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const app = buildSandbox(opts);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ host, port: opts.port ?? 4010 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 4010);
  const ctx = sandboxContextOf(app);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    app,
    state: ctx.state,
    setAdyenWebhookUrl(url) {
      ctx.options.adyenWebhookUrl = url;
    },
    notificationsIdle: () => ctx.notifier.idle(),
    close: () => app.close(),
  };
}
